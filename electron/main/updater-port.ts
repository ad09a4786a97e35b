import type { UpdaterPort } from './updates';

/**
 * electron-updater behind the UpdaterPort: the GitHub releases named in
 * electron-builder.yml's `publish` (app-update.yml in the packaged app), the
 * beta channel as prereleases. Downloads only when asked, installs on quit.
 * Loaded only by the packaged app: a development build checks nothing.
 */
export async function electronUpdater(log: { info(m: string): void; warn(m: string): void; error(m: string): void }): Promise<UpdaterPort> {
  const { autoUpdater } = (await import('electron-updater')).default;
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.logger = { info: (m: unknown) => log.info(`updater: ${String(m)}`), warn: (m: unknown) => log.warn(`updater: ${String(m)}`), error: (m: unknown) => log.error(`updater: ${String(m)}`), debug: () => undefined };
  return {
    async check(channel) {
      autoUpdater.allowPrerelease = channel === 'beta';
      autoUpdater.allowDowngrade = false;
      const r = await autoUpdater.checkForUpdates();
      return r?.isUpdateAvailable ? r.updateInfo.version : null;
    },
    async download() {
      await autoUpdater.downloadUpdate();
    },
    installNow() {
      // Silent on Windows (the NSIS installer runs without pages), and the app starts again.
      autoUpdater.quitAndInstall(true, true);
    },
  };
}
