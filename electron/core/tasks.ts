import { LabError, type TaskRef } from '../../shared/api';
import type { TaskInfo, TaskKind } from '../../shared/tasks';
import type { Clock } from './clock';

export interface TaskSpec {
  kind: TaskKind;
  action: string;
  target: string;
  targetRef: string;
  /** Source to refresh when the task ends, so the UI sees the new state at once. */
  refreshSource?: string;
  /** Tasks with the same lock key never run at once (double clicks, one backup per guest). */
  lockKey?: string;
}

export interface TaskHandle {
  readonly id: string;
  readonly signal: AbortSignal;
  update(patch: Partial<Pick<TaskInfo, 'progress' | 'message' | 'upid' | 'log'>>): void;
  appendLog(lines: string[]): void;
}

/** What a task body returns: the result message (e.g. `OK`). Throwing marks the task failed. */
export type TaskBody = (task: TaskHandle) => Promise<string>;

const MAX_LOG = 200;
const KEEP_FINISHED = 100;

/** Runs actions as tasks, emits every change, keeps recent history. */
export class TaskRunner {
  private readonly tasks = new Map<string, TaskInfo>();
  private readonly locks = new Map<string, string>();
  private readonly controllers = new Map<string, AbortController>();
  private seq = 0;

  constructor(
    private readonly clock: Clock,
    private readonly emit: (t: TaskInfo) => void,
    private readonly onEnd: (spec: TaskSpec, t: TaskInfo) => void = () => undefined,
  ) {}

  list(): TaskInfo[] {
    return [...this.tasks.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  get(id: string): TaskInfo | undefined {
    return this.tasks.get(id);
  }

  /** Starts a task and returns at once; the body runs in the background. */
  start(spec: TaskSpec, body: TaskBody): TaskRef {
    if (spec.lockKey) {
      const holder = this.locks.get(spec.lockKey);
      if (holder) {
        const t = this.tasks.get(holder);
        throw new LabError('busy', `${spec.target}: ${t ? t.action : 'a task'} is already running (task ${holder})`);
      }
    }
    const id = `t${++this.seq}-${this.clock.now().toString(36)}`;
    const info: TaskInfo = {
      id,
      kind: spec.kind,
      action: spec.action,
      target: spec.target,
      targetRef: spec.targetRef,
      state: 'running',
      startedAt: new Date(this.clock.now()).toISOString(),
      endedAt: null,
      upid: null,
      progress: null,
      message: null,
      log: [],
    };
    this.tasks.set(id, info);
    if (spec.lockKey) this.locks.set(spec.lockKey, id);
    const ac = new AbortController();
    this.controllers.set(id, ac);
    this.emit(info);

    const set = (patch: Partial<TaskInfo>): void => {
      const cur = this.tasks.get(id);
      if (!cur) return;
      const next = { ...cur, ...patch };
      if (next.log.length > MAX_LOG) next.log = next.log.slice(-MAX_LOG);
      this.tasks.set(id, next);
      this.emit(next);
    };
    const handle: TaskHandle = {
      id,
      signal: ac.signal,
      update: (patch) => set(patch),
      appendLog: (lines) => {
        if (lines.length) set({ log: [...(this.tasks.get(id)?.log ?? []), ...lines] });
      },
    };
    const finish = (state: 'ok' | 'error', message: string): void => {
      if (spec.lockKey && this.locks.get(spec.lockKey) === id) this.locks.delete(spec.lockKey);
      this.controllers.delete(id);
      set({ state, message, endedAt: new Date(this.clock.now()).toISOString(), progress: state === 'ok' ? 1 : this.tasks.get(id)?.progress ?? null });
      const done = this.tasks.get(id);
      if (done) this.onEnd(spec, done);
      this.prune();
    };
    void Promise.resolve()
      .then(() => body(handle))
      .then(
        (msg) => finish('ok', msg),
        (err: unknown) => finish('error', err instanceof Error ? err.message : String(err)),
      );
    return { taskId: id };
  }

  /** Resolves when the task ends (for the CLI and tests). */
  async wait(id: string, pollMs = 50): Promise<TaskInfo> {
    for (;;) {
      const t = this.tasks.get(id);
      if (!t) throw new LabError('not-found', `no task ${id}`);
      if (t.state !== 'running') return t;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  cancelAll(): void {
    for (const ac of this.controllers.values()) ac.abort(new Error('LabTray is shutting down'));
  }

  private prune(): void {
    const finished = this.list().filter((t) => t.state !== 'running');
    for (const t of finished.slice(KEEP_FINISHED)) this.tasks.delete(t.id);
  }
}
