import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { renameSyncWithRetry } from './fs-retry';
import { dirname } from 'node:path';
import type { Snapshot } from '../../shared/snapshot';
import type { Clock } from './clock';
import type { Logger } from './logger';
import { containsSecret } from './redact';

/** Bumped whenever the Snapshot shape changes in a way an old cache would mislead. */
export const CACHE_FORMAT = 'labtray-snapshot-cache';
export const CACHE_VERSION = 1;

interface CacheFile {
  format: typeof CACHE_FORMAT;
  version: number;
  savedAt: string;
  snapshot: Snapshot;
}

export interface SnapshotCacheOptions {
  path: string;
  clock: Clock;
  log?: Logger;
  /** Writes are coalesced: at most one per this many ms (a refresh publishes often). */
  minIntervalMs?: number;
  /** Secret values known to the shell: a snapshot that contains one is never written. */
  secretValues?: () => Iterable<string>;
}

/**
 * The last snapshot on disk, shown at start before the first live read
 * (the Lab's `cache` option). Atomic writes; a corrupt or foreign file is ignored.
 */
export class SnapshotCache {
  private pending: Snapshot | null = null;
  private timer: unknown = null;
  private lastWrite = Number.NEGATIVE_INFINITY;
  private readonly minIntervalMs: number;

  constructor(private readonly opts: SnapshotCacheOptions) {
    this.minIntervalMs = opts.minIntervalMs ?? 5_000;
  }

  load(): Snapshot | null {
    let text: string;
    try {
      text = readFileSync(this.opts.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.opts.log?.warn(`${this.opts.path}: cannot read the snapshot cache: ${(err as Error).message}`);
      return null;
    }
    let file: Partial<CacheFile>;
    try {
      file = JSON.parse(text) as Partial<CacheFile>;
    } catch (err) {
      this.opts.log?.warn(`${this.opts.path}: ignoring a corrupt snapshot cache: ${(err as Error).message}`);
      return null;
    }
    if (!file || file.format !== CACHE_FORMAT || file.version !== CACHE_VERSION || !looksLikeSnapshot(file.snapshot)) {
      this.opts.log?.info(`${this.opts.path}: ignoring a snapshot cache of another format or version`);
      return null;
    }
    // What is on disk is recent enough: the next write can wait its turn.
    this.lastWrite = this.opts.clock.now();
    // Everything from the cache is old until a live read says otherwise.
    return { ...file.snapshot, sources: file.snapshot.sources.map((s) => ({ ...s, stale: true })), tasks: [], paused: false };
  }

  /** Remembers the snapshot and writes it soon (coalesced); call flush() at shutdown. */
  save(s: Snapshot): void {
    this.pending = s;
    if (this.timer !== null) return;
    const wait = Math.max(0, this.lastWrite + this.minIntervalMs - this.opts.clock.now());
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  /** Writes the pending snapshot now. */
  flush(): void {
    if (this.timer !== null) {
      this.opts.clock.clearTimeout(this.timer);
      this.timer = null;
    }
    const s = this.pending;
    this.pending = null;
    if (!s) return;
    this.lastWrite = this.opts.clock.now();
    const file: CacheFile = { format: CACHE_FORMAT, version: CACHE_VERSION, savedAt: new Date(this.lastWrite).toISOString(), snapshot: { ...s, tasks: [] } };
    const text = JSON.stringify(file);
    if (containsSecret(text, this.opts.secretValues?.() ?? [])) {
      this.opts.log?.error(`${this.opts.path}: snapshot not cached: it contains a secret value (a bug: please report it)`);
      return;
    }
    try {
      writeAtomic(this.opts.path, text);
    } catch (err) {
      this.opts.log?.warn(`${this.opts.path}: cannot write the snapshot cache: ${(err as Error).message}`);
    }
  }
}

function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSyncWithRetry(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch (cleanup) {
      if ((cleanup as NodeJS.ErrnoException).code !== 'ENOENT') (err as Error).message += ` (and ${tmp} is left behind)`;
    }
    throw err;
  }
}

function looksLikeSnapshot(v: unknown): v is Snapshot {
  if (!v || typeof v !== 'object') return false;
  const s = v as Record<string, unknown>;
  return typeof s.version === 'number' && typeof s.takenAt === 'string' && Array.isArray(s.sources) && Array.isArray(s.checks) && Array.isArray(s.proxmox) && Array.isArray(s.kubernetes) && Array.isArray(s.hosts);
}
