import type { Status } from '../../shared/status';

/** Paints text for one output stream; every function is the identity when colour is off. */
export interface Style {
  readonly color: boolean;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  /** A check status in its colour (CRIT red, WARN yellow, OK green, unknown dim). */
  status(status: Status, s: string): string;
}

/** What decides colour: the stream, the environment and the `--no-color` flag. */
export interface ColorInputs {
  isTTY: boolean | undefined;
  env: NodeJS.ProcessEnv;
  noColorFlag: boolean;
}

/**
 * Colour when the stream is a terminal, as https://no-color.org asks:
 * `--no-color` and a non-empty NO_COLOR always turn it off; FORCE_COLOR
 * (other than 0/false) turns it on for pipes; TERM=dumb turns it off.
 */
export function wantsColor({ isTTY, env, noColorFlag }: ColorInputs): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  return isTTY === true && env.TERM !== 'dumb';
}

const sgr = (on: number, off: number) => (s: string): string => `\x1b[${on}m${s}\x1b[${off}m`;

export function createStyle(color: boolean): Style {
  const id = (s: string): string => s;
  const red = color ? sgr(31, 39) : id;
  const yellow = color ? sgr(33, 39) : id;
  const green = color ? sgr(32, 39) : id;
  const dim = color ? sgr(2, 22) : id;
  const bold = color ? sgr(1, 22) : id;
  const byStatus: Record<Status, (s: string) => string> = { crit: (s) => bold(red(s)), warn: yellow, ok: green, unknown: dim };
  return { color, red, yellow, green, dim, bold, status: (st, s) => byStatus[st](s) };
}

/** The style for a stream of this process, from its environment and the flag. */
export function styleFor(stream: { isTTY?: boolean }, noColorFlag: boolean, env: NodeJS.ProcessEnv = process.env): Style {
  return createStyle(wantsColor({ isTTY: stream.isTTY, env, noColorFlag }));
}

/** Visible width of a string that may hold colour codes. */
export function visibleLength(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '').length;
}

/** A time as a person reads it in a table: local, to the second, no milliseconds (`2026-12-03 21:24:49`). */
export function localTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '–';
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
