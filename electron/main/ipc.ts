import type { IpcMainInvokeEvent } from 'electron';
import { channels, labEventNames, LabError, labMethods, type Envelope, type LabEventName, type LabEvents, type LabMethod, type LabResults } from '../../shared/api';

/** The part of ipcMain the handlers need (a stub in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The part of the Lab the handlers call: its invoke validates the input with the method's schema (the one place that does). */
export interface LabInvoker {
  invoke<M extends LabMethod>(method: M, input: unknown): Promise<LabResults[M]>;
}

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** Turns anything thrown into an Envelope error a person can read; internal errors keep their message, not their stack. */
export function errorEnvelope(err: unknown): Envelope<never> {
  if (err instanceof LabError) return { ok: false, error: { code: err.code, message: err.message } };
  const message = err instanceof Error ? err.message : String(err);
  return { ok: false, error: { code: 'internal', message } };
}

/** One handler: checks the sender, hands the payload to the Lab (which validates it before anything runs), answers with an Envelope. */
export function labHandler<M extends LabMethod>(method: M, lab: LabInvoker, isTrusted: SenderCheck) {
  return async (event: IpcMainInvokeEvent, input?: unknown): Promise<Envelope<LabResults[M]>> => {
    if (!isTrusted(event)) return { ok: false, error: { code: 'forbidden', message: `${method}: refused a call from a page that is not LabTray's window` } };
    try {
      const value = await lab.invoke(method, input);
      return { ok: true, value };
    } catch (err) {
      return errorEnvelope(err);
    }
  };
}

/** Registers a handler for every LabApi method, named by the contract; returns a function that removes them. */
export function registerLabHandlers(ipc: IpcMainLike, lab: LabInvoker, isTrusted: SenderCheck): () => void {
  for (const m of labMethods) ipc.handle(channels.invoke(m), labHandler(m, lab, isTrusted));
  return () => {
    for (const m of labMethods) ipc.removeHandler(channels.invoke(m));
  };
}

/** Where our renderer may be loaded from: the app's own scheme, or the dev server while developing. */
export interface TrustedOrigins {
  /** webContents ids of LabTray's windows. */
  webContentsIds(): Iterable<number>;
  /** Origins such as `labtray://app` or `http://localhost:5173`. */
  origins: string[];
}

/** Accepts a call only from our window's top frame showing our renderer. */
export function trustedSender(trusted: TrustedOrigins): SenderCheck {
  return (event) => {
    const ids = new Set(trusted.webContentsIds());
    if (!ids.has(event.sender.id)) return false;
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    if (!URL.canParse(frame.url)) return false;
    const u = new URL(frame.url);
    const origin = u.protocol === 'file:' ? 'file://' : `${u.protocol}//${u.host}`;
    return trusted.origins.includes(origin);
  };
}

/** Something events can be sent to (a window's webContents). */
export interface EventSink {
  send(channel: string, payload: unknown): void;
}

/** The Lab's events, forwarded to whatever windows are open. */
export function forwardLabEvents(lab: { on<E extends LabEventName>(event: E, listener: (p: LabEvents[E]) => void): () => void }, sinks: () => Iterable<EventSink>): () => void {
  const offs = labEventNames.map((e) =>
    lab.on(e, (payload) => {
      for (const s of sinks()) s.send(channels.event(e), payload);
    }),
  );
  return () => offs.forEach((off) => off());
}
