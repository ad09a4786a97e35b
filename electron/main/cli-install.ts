import { readlinkSync } from 'node:fs';
import { symlink, unlink } from 'node:fs/promises';
import { textEngine } from '../../shared/i18n';
import type { Language } from '../../shared/language';
import type { Notice } from '../../shared/tasks';

/** How the link is made: as the user, and through the system's administrator prompt when that is refused. */
export interface LinkPort {
  /** The link's target, or null when there is no link there. */
  readlink(path: string): string | null;
  symlink(target: string, path: string): Promise<void>;
  /** The same with administrator rights (macOS: osascript's "with administrator privileges" prompt). */
  symlinkAsAdmin(target: string, path: string): Promise<void>;
}

export type CliInstallResult = { ok: true; path: string } | { ok: false; message: string };

/**
 * The macOS app's "Install command line tool": `/usr/local/bin/labtray` as a
 * link to the shim inside the app bundle (Contents/Resources/bin/labtray).
 * Offered until the link points there.
 */
export class CliInstaller {
  constructor(
    private readonly shim: string,
    private readonly port: LinkPort,
    private readonly link = '/usr/local/bin/labtray',
  ) {}

  offer(): boolean {
    return this.port.readlink(this.link) !== this.shim;
  }

  async install(): Promise<CliInstallResult> {
    try {
      await this.port.symlink(this.shim, this.link);
      return { ok: true, path: this.link };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // Not ours to write (Apple silicon Macs have no user-writable /usr/local/bin): ask for the password.
      // EEXIST: a file that is not a link is there, and is not LabTray's to replace.
      if (code !== 'EACCES' && code !== 'EPERM' && code !== 'ENOENT') return { ok: false, message: `${this.link}: ${(err as Error).message}` };
    }
    try {
      await this.port.symlinkAsAdmin(this.shim, this.link);
      return { ok: true, path: this.link };
    } catch (err) {
      return { ok: false, message: `${this.link}: ${(err as Error).message}` };
    }
  }
}

/** The link port on a real file system; `admin` runs the privileged variant (osascript in the app). */
export function fsLinkPort(admin: (target: string, path: string) => Promise<void>): LinkPort {
  return {
    readlink: (path) => {
      try {
        return readlinkSync(path);
      } catch {
        return null;
      }
    },
    symlink: async (target, path) => {
      // An old link (from an earlier LabTray.app) is replaced; a file that is not a link is left alone (EEXIST).
      try {
        readlinkSync(path);
        await unlink(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && (err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
      }
      await symlink(target, path);
    },
    symlinkAsAdmin: admin,
  };
}

/** The shell line osascript runs as administrator: creates /usr/local/bin if needed and replaces the link. */
export function adminLinkScript(target: string, path: string): string {
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  const shell = `mkdir -p ${q(dir)} && ln -sfn ${q(target)} ${q(path)}`;
  return `do shell script ${JSON.stringify(shell)} with administrator privileges`;
}

/** What the user hears after "Install command line tool": where `labtray` now is, or why it is not there. */
export function cliInstallNotice(result: CliInstallResult, language: Language, at: number): Notice {
  const t = textEngine(language).i18n.getFixedT(null, 'notify');
  const iso = new Date(at).toISOString();
  return result.ok
    ? { id: `cli-installed@${iso}`, level: 'info', title: t('cliInstalled.title'), body: t('cliInstalled.body', { path: result.path }), at: iso }
    : { id: `cli-install-failed@${iso}`, level: 'warn', title: t('cliInstallFailed.title'), body: result.message, at: iso };
}
