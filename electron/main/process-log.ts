import type { Logger } from '../core/logger';

/** The terminal, as the app writes to it before its log file is open (and echoes to it after). */
export const terminal: Logger = {
  info: (m) => console.log(`labtray: ${m}`),
  warn: (m) => console.warn(`labtray: ${m}`),
  error: (m) => console.error(`labtray: ${m}`),
};

let current: Logger = terminal;

/**
 * The process-wide logger the crash guard writes to: the terminal at first,
 * the day's log file once the app has opened it (`useLogger`), so a bug that
 * reaches the guard in a packaged app is on record, not lost with no console.
 */
export const processLog: Logger = {
  info: (m) => current.info(m),
  warn: (m) => current.warn(m),
  error: (m) => current.error(m),
};

export function useLogger(log: Logger): void {
  current = log;
}
