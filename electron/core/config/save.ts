import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import { LabError } from '../../../shared/api';
import { configSchema, type LabConfig } from '../../../shared/config';
import { ConfigRejected, fieldPath, newIssues } from './check';
import { parseConfig } from './load';
import { renameWithRetry } from '../fs-retry';
import { english, part } from '../../../shared/message';

/** The file operations saving uses; injectable so tests can fill the disk. */
export type ConfigFs = Pick<typeof nodeFs, 'readFile' | 'mkdir' | 'open' | 'copyFile' | 'rename' | 'unlink'> & Partial<Pick<typeof nodeFs, 'realpath'>>;

/** The file a config path names: a symlink's target (dotfiles kept in a git folder), or the path itself when nothing is there yet. */
async function fileBehind(path: string, fs: ConfigFs): Promise<string> {
  try {
    return await (fs.realpath ?? nodeFs.realpath)(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return path;
    throw new LabError('config', `${path}: cannot follow the path before saving: ${(err as Error).message}`);
  }
}

/** The text on disk before a save (null: no file yet); a file that does not parse is never overwritten. */
async function currentText(path: string, fs: ConfigFs): Promise<{ text: string | null; config: LabConfig }> {
  let text: string | null = null;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new LabError('config', `${path}: cannot read before saving: ${(err as Error).message}`);
  }
  if (text === null) return { text, config: {} };
  try {
    return { text, config: parseConfig(text, path) };
  } catch (err) {
    throw new LabError('config-conflict', `not saved: the file on disk does not parse, fix it first or move it away:\n${(err as Error).message}`);
  }
}

/** Refuses a candidate with problems the file on disk does not already have (duplicate names, broken references). */
function refuseNewIssues(current: LabConfig, candidate: LabConfig): void {
  const issues = newIssues(current, candidate);
  if (issues.length) throw new ConfigRejected(issues, 'not saved: ');
}

/**
 * Writes the config atomically: validate, write a temp file beside it, fsync,
 * keep the previous file as `.bak`, rename over. A file on disk that does not
 * parse is never overwritten (the user may be editing it by hand). Through a
 * symlink, the target is written: the link stays.
 */
export async function saveConfig(shown: string, config: LabConfig, fs: ConfigFs = nodeFs): Promise<void> {
  // A symlinked config.yaml stays a link: the file it points to is the one written (and backed up) in place.
  const path = await fileBehind(shown, fs);
  const checked = configSchema.safeParse(config);
  if (!checked.success) {
    const i = checked.error.issues[0];
    throw new LabError('config', `not saved: ${fieldPath(i.path) || '(top level)'}: ${i.message}`);
  }
  const current = await currentText(path, fs);
  refuseNewIssues(current.config, checked.data);
  const text = '# LabTray configuration. Secrets are references (secret:NAME), never values.\n' + stringify(checked.data, { lineWidth: 0 });
  await writeAtomic(shown, path, current.text, text, fs);
}

/**
 * Creates the config file for a lab set up from the window (first run): written
 * whole beside the path, then linked into place, which fails when a file
 * appeared there meanwhile (the user's own, never overwritten).
 */
export async function createConfig(path: string, config: LabConfig, fs: ConfigFs & Pick<typeof nodeFs, 'link'> = nodeFs): Promise<void> {
  const checked = configSchema.parse(config);
  const text = '# LabTray configuration. Secrets are references (secret:NAME), never values.\n' + stringify(checked, { lineWidth: 0 });
  await fs.mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeNewFile(fs, tmp, text);
  try {
    await fs.link(tmp, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new LabError(code === 'EEXIST' ? 'config-conflict' : 'config', english(part(code === 'EEXIST' ? 'config.createExists' : 'config.createFailed', { path, error: (err as Error).message })));
  } finally {
    await fs.unlink(tmp).catch(() => undefined);
  }
}

/**
 * Writes config text the user's own file was edited into (comments and layout
 * kept, e.g. a pinned fingerprint added with the yaml Document API), through
 * the same checks and atomic write as saveConfig.
 */
export async function saveConfigText(shown: string, text: string, fs: ConfigFs = nodeFs): Promise<LabConfig> {
  const path = await fileBehind(shown, fs);
  const config = parseConfig(text, shown);
  const current = await currentText(path, fs);
  refuseNewIssues(current.config, config);
  await writeAtomic(shown, path, current.text, text, fs);
  return config;
}

/** Writes `text` to a file that must not exist yet (0600), flushed to disk before it is closed. */
async function writeNewFile(fs: ConfigFs, path: string, text: string): Promise<void> {
  const fh = await fs.open(path, 'wx', 0o600);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function writeAtomic(shown: string, path: string, current: string | null, text: string, fs: ConfigFs): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const bakTmp = `${tmp}.bak`;
  try {
    await writeNewFile(fs, tmp, text);
    // The backup goes through its own temp file so a full disk never truncates the previous .bak.
    if (current !== null) {
      await fs.copyFile(path, bakTmp);
      await renameWithRetry(bakTmp, `${path}.bak`, (x, y) => fs.rename(x, y));
    }
    await renameWithRetry(tmp, path, (x, y) => fs.rename(x, y));
  } catch (err) {
    const left: string[] = [];
    await Promise.all([tmp, bakTmp].map((f) => fs.unlink(f).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') left.push(f);
    })));
    const leftNote = left.length ? ` (remove the leftover ${left.join(', ')})` : '';
    throw new LabError('config', `${shown}${shown === path ? '' : ` (${path})`}: not saved (the previous file is unchanged): ${(err as Error).message}${leftNote}`);
  }
}
