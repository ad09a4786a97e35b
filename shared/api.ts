import { labApi, type LabArgs, type LabEventName, type LabEvents, type LabInput, type LabMethod, type LabResults } from './api-contract';
import { preloadChannels, preloadEventNames } from './ipc-channels';

export * from './api-contract';

/**
 * The contract between the UI and the core. The renderer sees only this,
 * as `window.labtray`; the Electron preload and the browser preview bridge
 * both implement it.
 */
export type LabApi = {
  [M in LabMethod]: (input: LabInput<M>) => Promise<LabResults[M]>;
} & {
  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void;
};

export const labMethods = Object.keys(labApi) as LabMethod[];

/** Whether a name from outside (a WebSocket message) is a LabApi method. */
export function isLabMethod(name: unknown): name is LabMethod {
  return typeof name === 'string' && Object.hasOwn(labApi, name);
}
export const labEventNames: readonly LabEventName[] = preloadEventNames;

/** Input schemas by method, as the root (api-contract.ts) declares them. */
export const inputSchemas = Object.fromEntries(labMethods.map((m) => [m, labApi[m].input])) as { [M in LabMethod]: (typeof labApi)[M]['input'] };

/** IPC channel names, named once (in ipc-channels.ts, which the zod-free preload can load too). */
export const channels = preloadChannels;

/** Errors cross IPC and WebSocket as data, so their code and message survive. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export class LabError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LabError';
  }
}

export function unwrap<T>(e: Envelope<T>): T {
  if (e.ok) return e.value;
  throw new LabError(e.error.code, e.error.message);
}

/** Validates one input; throws a LabError naming the field that is wrong. The Lab's invoke is the one place that calls it for a request. */
export function parseInput<M extends LabMethod>(method: M, input: unknown): LabArgs<M> {
  const r = labApi[method].input.safeParse(input);
  if (!r.success) {
    const first = r.error.issues[0];
    const path = first && first.path.length ? first.path.join('.') : 'input';
    throw new LabError('invalid-input', `${method}: ${path}: ${first ? first.message : 'invalid'}`);
  }
  return r.data as LabArgs<M>;
}
