import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Envelope, LabApi, LabEventName, LabEvents, LabMethod } from '../../shared/api';
import { preloadChannels, preloadEventNames, preloadMethodNames } from '../../shared/ipc-channels';

/**
 * Exposes exactly the LabApi to the renderer as `window.labtray`: one invoke
 * per method over its named channel, and `on(event)`. Nothing of ipcRenderer
 * itself crosses the bridge. A sandboxed preload can require only `electron`,
 * so this file imports no runtime code but the zod-free channel names.
 */
function method(m: LabMethod) {
  return async (input?: unknown): Promise<unknown> => {
    const e = (await ipcRenderer.invoke(preloadChannels.invoke(m), input)) as Envelope<unknown>;
    if (e.ok) return e.value;
    // Only an Error's message crosses the context bridge, so the code leads it.
    const err = new Error(e.error.message);
    err.name = `LabError(${e.error.code})`;
    throw err;
  };
}

function on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void {
  if (!(preloadEventNames as readonly string[]).includes(event)) throw new Error(`labtray: unknown event "${String(event)}"`);
  const channel = preloadChannels.event(event);
  const wrapped = (_e: IpcRendererEvent, payload: LabEvents[E]): void => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

const methods = Object.fromEntries(preloadMethodNames.map((m) => [m, method(m)])) as unknown as Omit<LabApi, 'on'>;
const labtray: LabApi = { ...methods, on };

contextBridge.exposeInMainWorld('labtray', labtray);
