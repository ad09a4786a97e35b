import type { LabApi } from '../../shared/api';
import { bridgeFromLocation, type BridgeState } from './bridge/ws';

export type Connection = BridgeState | 'ipc' | 'none';

/** window.labtray in Electron; the preview WebSocket bridge in a browser; null when neither exists. */
export function resolveApi(win: Window & { labtray?: LabApi }, onState: (s: Connection) => void): LabApi | null {
  if (win.labtray) {
    onState('ipc');
    return win.labtray;
  }
  const bridge = bridgeFromLocation(win.location, onState);
  if (!bridge) onState('none');
  return bridge;
}
