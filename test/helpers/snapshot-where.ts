import type { Snapshot } from '../../shared/snapshot';
import type { Lab } from '../../electron/core/lab/lab';

/** Resolves with the first snapshot that satisfies `ok`; a safety limit keeps a broken test from hanging. */
export function snapshotWhere(lab: Lab, ok: (s: Snapshot) => boolean, what: string, limitMs = 15_000): Promise<Snapshot> {
  if (ok(lab.snapshot)) return Promise.resolve(lab.snapshot);
  return new Promise((resolve, reject) => {
    const limit = setTimeout(() => {
      off();
      reject(new Error(`never saw a snapshot where ${what}; sources: ${JSON.stringify(lab.snapshot.sources)}`));
    }, limitMs);
    const off = lab.on('snapshot', (s) => {
      if (!ok(s)) return;
      clearTimeout(limit);
      off();
      resolve(s);
    });
  });
}
