import type { LabInput, LabMethod, LabResults } from '../../shared/api';
import type { LabConfig } from '../../shared/config';
import type { Snapshot } from '../../shared/snapshot';
import type { PollFlags } from '../core/lab/poll-mode';

/** The part of the Lab the shell's controllers use: the real Lab in the app and in tests, with in-memory sources there. */
export interface ShellLab {
  readonly snapshot: Snapshot;
  readonly currentConfig: LabConfig;
  on(event: 'snapshot', listener: (snapshot: Snapshot) => void): () => void;
  /** Builds the integrations and starts polling; the first snapshot is published when they run. */
  start(): void | Promise<void>;
  /** The shell reports facts (window, sleep, quiet, the user's pause); the Lab alone picks the poll mode. */
  setPollFlags(flags: Partial<PollFlags>): void;
  refreshAll(): void;
  invoke<M extends LabMethod>(method: M, input: LabInput<M>): Promise<LabResults[M]>;
}
