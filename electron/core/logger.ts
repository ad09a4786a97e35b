/** Where the core writes what it noticed; each shell decides where lines go (stderr, a log file, nowhere). */
export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export const silentLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
