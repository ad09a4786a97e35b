export type TaskKind = 'guest' | 'node' | 'backup' | 'wake' | 'kube' | 'ping';
export type TaskState = 'running' | 'ok' | 'error';

/** Something LabTray started and follows until it ends. */
export interface TaskInfo {
  /** LabTray's own id (the UPID for Proxmox tasks is in `upid`). */
  id: string;
  kind: TaskKind;
  /** e.g. `start`, `shutdown`, `vzdump`, `wake`. */
  action: string;
  /** Human target, e.g. `101 (openwrt) on um560`. */
  target: string;
  /** Machine target: `guest:home/101`, `host:orangepi5`. */
  targetRef: string;
  state: TaskState;
  startedAt: string;
  endedAt: string | null;
  upid: string | null;
  /** 0..1 when known. */
  progress: number | null;
  /** Result text: `OK`, the exit status, or the error. */
  message: string | null;
  /** Last lines of the task log. */
  log: string[];
}

export interface Notice {
  id: string;
  level: 'info' | 'warn' | 'crit';
  title: string;
  body: string;
  at: string;
}
