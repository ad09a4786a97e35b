import type { LabApi } from './api';

declare global {
  interface Window {
    /**
     * The LabApi as the Electron preload exposes it. Absent in a plain browser
     * (the preview uses its WebSocket bridge instead), hence optional.
     */
    labtray?: LabApi;
  }
}
