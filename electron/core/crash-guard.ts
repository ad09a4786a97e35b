import type { Logger } from './logger';

/** The part of `process` the guard listens on (a test passes its own emitter). */
export interface CrashSource {
  on(event: 'uncaughtException', listener: (err: Error, origin: string) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  off(event: 'uncaughtException', listener: (err: Error, origin: string) => void): unknown;
  off(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

export interface CrashGuardOptions {
  log: Logger;
  /** Told of each one after it is logged (the shell may show it in the window's log). */
  onCrash?: (what: 'exception' | 'rejection', message: string) => void;
}

const describe = (e: unknown): string => (e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e));

/**
 * Keeps a long-running process (the tray app, the preview) alive through a
 * bug: an uncaught exception or an unhandled rejection is logged with its
 * stack and the process goes on. The sources it came from fail on their own
 * and are retried by the poller; the tray stays. Returns the uninstaller.
 */
export function guardProcess(proc: CrashSource, opts: CrashGuardOptions): () => void {
  const onException = (err: Error, origin: string): void => {
    opts.log.error(`uncaught ${origin === 'unhandledRejection' ? 'rejection' : 'exception'} (LabTray keeps running): ${describe(err)}`);
    opts.onCrash?.('exception', err.message);
  };
  const onRejection = (reason: unknown): void => {
    opts.log.error(`unhandled rejection (LabTray keeps running): ${describe(reason)}`);
    opts.onCrash?.('rejection', reason instanceof Error ? reason.message : String(reason));
  };
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return () => {
    proc.off('uncaughtException', onException);
    proc.off('unhandledRejection', onRejection);
  };
}
