import type { TaskInfo } from '../../shared/tasks';
import type { Lab } from '../core/lab/lab';
import { explainFailure } from './explain';
import type { Style } from './style';

/** Where following writes: a stream that may be a terminal (a live progress line) or not (a line every ~10 s). */
export interface Out {
  write(s: string): unknown;
  isTTY?: boolean;
  /** A terminal's width: the live line is cut to it, so it never wraps (a wrapped line cannot be redrawn). */
  columns?: number;
}

export interface FollowOptions {
  json: boolean;
  style: Style;
  out: Out;
  /** Without a terminal, progress is printed at most this often (default 10 s). */
  progressEveryMs?: number;
}

/** The lines a failed task prints: what failed and why, then the raw text dimmed and indented. */
export function failureLines(t: TaskInfo, style: Style): string[] {
  const message = t.message ?? '';
  // A wake-up's failure is LabTray's own sentence already (what it tried and for how long).
  if (t.kind === 'wake') return [`${style.red('FAIL')} ${message}`];
  const e = explainFailure({ action: t.action, target: t.target, message, log: t.log });
  return [`${style.red('FAIL')} ${e.sentence}`, ...(e.detail ? e.detail.split('\n').map((l) => style.dim(`       ${l}`)) : [])];
}

function okLine(t: TaskInfo, style: Style): string {
  const secs = t.endedAt ? ((Date.parse(t.endedAt) - Date.parse(t.startedAt)) / 1000).toFixed(1) : '?';
  // A wake-up says itself how long it took, or that the host was up already.
  const took = t.kind === 'wake' ? '' : style.dim(` (${secs} s)`);
  return `${style.green('OK  ')} ${t.action} ${t.target}: ${t.message ?? ''}${took}`;
}

/** Shows progress of running tasks that say what they are doing (a wake-up's wait): live on a terminal, else now and then. */
class Progress {
  private shown = '';
  private lastPrinted = 0;

  constructor(private readonly o: FollowOptions) {}

  update(t: TaskInfo): void {
    if (t.state !== 'running' || !t.message) return;
    if (this.o.out.isTTY) {
      const room = Math.max(20, (this.o.out.columns ?? 80) - 3);
      const line = `${this.o.style.dim('…')} ${t.message.length > room ? `${t.message.slice(0, room - 1)}…` : t.message}`;
      this.shown = line;
      this.o.out.write(`\r\x1b[2K${line}`);
      return;
    }
    const now = Date.now();
    if (this.lastPrinted && now - this.lastPrinted < (this.o.progressEveryMs ?? 10_000)) return;
    this.lastPrinted = now;
    this.o.out.write(`${this.o.style.dim('…')} ${t.message}\n`);
  }

  /** Writes a whole line, keeping the live line under it. */
  line(s: string): void {
    if (this.shown) this.o.out.write('\r\x1b[2K');
    this.o.out.write(`${s}\n`);
    if (this.shown) this.o.out.write(this.shown);
  }

  clear(): void {
    if (this.shown) this.o.out.write('\r\x1b[2K');
    this.shown = '';
  }
}

/** Prints each task's log and progress until every task ends; 0 when all ended OK, 1 otherwise. */
export async function follow(lab: Lab, ids: string[], o: FollowOptions): Promise<number> {
  const seen = new Map<string, number>();
  const progress = new Progress(o);
  const onTask = (t: TaskInfo): void => {
    if (!ids.includes(t.id)) return;
    const printed = seen.get(t.id) ?? 0;
    for (const line of t.log.slice(printed)) progress.line(o.style.dim(`  ${t.target}: ${line}`));
    seen.set(t.id, t.log.length);
    progress.update(t);
  };
  const off = o.json ? () => undefined : lab.on('task', onTask);
  try {
    // A task may have moved on before we listened: show where it is now.
    if (!o.json) for (const id of ids) {
      const t = lab.tasks.get(id);
      if (t) onTask(t);
    }
    const results = await Promise.all(ids.map((id) => lab.tasks.wait(id)));
    progress.clear();
    if (o.json) o.out.write(JSON.stringify(results, null, 2) + '\n');
    else for (const t of results) o.out.write((t.state === 'ok' ? [okLine(t, o.style)] : failureLines(t, o.style)).join('\n') + '\n');
    return results.every((t) => t.state === 'ok') ? 0 : 1;
  } finally {
    progress.clear();
    off();
  }
}
