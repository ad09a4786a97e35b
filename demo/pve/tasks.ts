/**
 * PVE's workers: every action answers a UPID at once and runs in the
 * background for a while, logging as it goes and ending `OK` or with an error,
 * like pve's fork_worker. The runner also owns the simulator's clock, so
 * stopping the simulator cancels everything still waiting.
 */
import { formatUpid } from '../../shared/upid';
import { now, type SimTask } from './model';

/** The cluster's task list keeps the newest this many, as a busy node's index does. */
const KEPT_TASKS = 200;

export class TaskRunner {
  readonly tasks: SimTask[] = [];
  /** Told after every task ends (a guest may have changed). */
  readonly ended = new Set<(t: SimTask) => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private pid = 0x1000;

  /** `speed` multiplies every task duration (1 feels like PVE; tests use ~0.05). */
  constructor(private readonly speed: number) {}

  /** Waits `ms` scaled by the speed (`raw`: not scaled, for latency faults). */
  wait(ms: number, raw = false): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, raw ? ms : Math.max(1, Math.round(ms * this.speed)));
      this.timers.add(t);
    });
  }

  /** Starts a worker like pve's fork_worker: returns its UPID at once, runs the body in the background. */
  run(node: string, type: string, id: string, user: string, body: (t: SimTask) => Promise<void>): string {
    const pid = ++this.pid;
    const starttime = now();
    const upid = formatUpid({ node, pid, pstart: 0x2a3f0000 + pid * 7, starttime, type, id, user });
    const task: SimTask = { upid, node, pid, pstart: 0x2a3f0000 + pid * 7, starttime, type, id, user, endtime: null, exitstatus: null, log: [] };
    this.tasks.push(task);
    if (this.tasks.length > KEPT_TASKS) this.tasks.splice(0, this.tasks.length - KEPT_TASKS);
    void (async () => {
      try {
        await this.wait(50);
        await body(task);
        task.exitstatus = 'OK';
        task.log.push('TASK OK');
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        task.exitstatus = msg;
        task.log.push(`TASK ERROR: ${msg}`);
      }
      task.endtime = now();
      for (const l of this.ended) l(task);
    })();
    return upid;
  }

  /** A task that ended before the simulator started (the history a real cluster has). */
  recordFinished(node: string, type: string, id: string, user: string, start: number, secs: number, exitstatus: string, log: string[]): void {
    const pid = ++this.pid;
    const pstart = 0x1c0000 + pid * 13;
    this.tasks.push({ upid: formatUpid({ node, pid, pstart, starttime: start, type, id, user }), node, pid, pstart, starttime: start, type, id, user, endtime: start + secs, exitstatus, log: [...log, exitstatus === 'OK' ? 'TASK OK' : `TASK ERROR: ${exitstatus}`] });
  }

  find(upid: string): SimTask | undefined {
    return this.tasks.find((t) => t.upid === upid);
  }

  /** Cancels every pending wait: running tasks and delayed effects never finish. */
  cancelAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
