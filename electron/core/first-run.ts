import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** What the user chose in the first-run welcome; kept in the app's state folder, never in the config. */
export type FirstRunChoice = 'demo' | 'setup';

/** The remembered choice; null when there is none yet (or the file is not ours to read: the welcome shows again). */
export async function readFirstRun(path: string | undefined): Promise<FirstRunChoice | null> {
  if (!path) return null;
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as { choice?: unknown };
    return data.choice === 'demo' || data.choice === 'setup' ? data.choice : null;
  } catch {
    return null;
  }
}

/** Remembers the choice (written beside, then renamed over: never half a file). */
export async function writeFirstRun(path: string, choice: FirstRunChoice, now: Date): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  await writeFile(tmp, `${JSON.stringify({ choice, at: now.toISOString() })}\n`, { mode: 0o600 });
  await rename(tmp, path);
}
