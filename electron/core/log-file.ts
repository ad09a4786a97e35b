import { appendFileSync, existsSync, mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import type { Clock } from './clock';
import type { Logger } from './logger';
import { redactSecrets } from './redact';

export const logLevels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof logLevels)[number];

/** A Logger that can also take details nobody needs unless something is wrong. */
export interface LevelLogger extends Logger {
  debug(msg: string): void;
}

/**
 * Where the app writes its daily log files: Electron's `app.getPath('logs')`
 * for LabTray, so `labtray doctor` can name the folder without Electron.
 */
export function logDirectory(env: NodeJS.ProcessEnv = process.env, os: NodeJS.Platform = platform(), home = homedir()): string {
  if (os === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'LabTray', 'logs');
  if (os === 'darwin') return join(home, 'Library', 'Logs', 'LabTray');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'labtray', 'logs');
}

export interface LogFileOptions {
  dir: string;
  clock: Pick<Clock, 'now'>;
  /** Secret values known to the shell: each of their forms is blanked before a line is written. */
  secretValues?: () => Iterable<string>;
  /** Lines below this level are dropped. Default info. */
  level?: LogLevel;
  /** Days of files kept, today included. Default 7. */
  keepDays?: number;
  /** A day's file stops growing here (a source failing in a tight loop must not fill the disk). Default 20 MB. */
  maxBytesPerDay?: number;
  /** Where each line also goes (the terminal), redacted the same way. */
  echo?: Logger;
}

const FILE = /^labtray-(\d{4}-\d{2}-\d{2})\.log$/;

/** `labtray-2026-12-03.log`, by the local date. */
export function logFileName(epochMs: number): string {
  return `labtray-${localDay(epochMs)}.log`;
}

function localDay(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * One log file per local day in `dir`, the oldest removed once more than
 * `keepDays` days are there. Every line is redacted first; continuation lines
 * (a stack) are indented so each entry starts with its time and level.
 */
export class LogFile implements LevelLogger {
  private day = '';
  private bytes = 0;
  private full = false;
  private broken = false;
  private readonly min: number;

  constructor(private readonly o: LogFileOptions) {
    this.min = logLevels.indexOf(o.level ?? 'info');
  }

  get dir(): string {
    return this.o.dir;
  }

  /** Today's file. */
  get path(): string {
    return join(this.o.dir, logFileName(this.o.clock.now()));
  }

  debug(msg: string): void {
    this.write('debug', msg);
  }
  info(msg: string): void {
    this.write('info', msg);
  }
  warn(msg: string): void {
    this.write('warn', msg);
  }
  error(msg: string): void {
    this.write('error', msg);
  }

  private write(level: LogLevel, msg: string): void {
    if (logLevels.indexOf(level) < this.min) return;
    const text = redactSecrets(msg, this.o.secretValues?.() ?? []);
    if (level !== 'debug') this.o.echo?.[level](text);
    const now = this.o.clock.now();
    this.turnDay(now);
    if (this.broken || this.full) return;
    const line = `${new Date(now).toISOString()} ${level.toUpperCase().padEnd(5)} ${text.replace(/\r?\n/g, '\n    ')}\n`;
    const limit = this.o.maxBytesPerDay ?? 20 << 20;
    const size = Buffer.byteLength(line);
    try {
      if (this.bytes + size > limit) {
        this.full = true;
        appendFileSync(this.path, `${new Date(now).toISOString()} WARN  this file reached ${limit} bytes: nothing more is written until tomorrow\n`, { mode: 0o600 });
        return;
      }
      appendFileSync(this.path, line, { mode: 0o600 });
      this.bytes += size;
    } catch (err) {
      // One report, on the terminal: a log that cannot be written must not take the app down or repeat itself.
      this.broken = true;
      this.o.echo?.warn(`${this.path}: cannot write the log file: ${(err as Error).message}`);
    }
  }

  /** At the first line of a day: a fresh file and the old ones pruned. */
  private turnDay(now: number): void {
    const day = localDay(now);
    if (day === this.day) return;
    this.day = day;
    this.bytes = 0;
    this.full = false;
    this.broken = false;
    try {
      mkdirSync(this.o.dir, { recursive: true, mode: 0o700 });
      this.prune(now);
      // A restart later the same day appends to the day's file and counts what is already there.
      const today = join(this.o.dir, logFileName(now));
      if (existsSync(today)) this.bytes = statSync(today).size;
    } catch (err) {
      this.broken = true;
      this.o.echo?.warn(`${this.o.dir}: cannot use the log folder: ${(err as Error).message}`);
    }
  }

  private prune(now: number): void {
    // By the calendar, not by 24-hour steps: a day that DST makes 23 hours long still counts as one.
    const cut = new Date(now);
    cut.setHours(12, 0, 0, 0);
    cut.setDate(cut.getDate() - ((this.o.keepDays ?? 7) - 1));
    const oldest = localDay(cut.getTime());
    for (const name of readdirSync(this.o.dir)) {
      const m = FILE.exec(name);
      if (m && m[1] < oldest) unlinkSync(join(this.o.dir, name));
    }
  }
}
