import type { LabConfig } from '../../shared/config';

/** Electron's app, as far as starting at login goes. */
export interface LoginItemPort {
  readonly isPackaged: boolean;
  setLoginItemSettings(settings: { openAtLogin: boolean; args: string[] }): void;
}

/** Keeps the OS login item in step with `ui.startAtLogin`; the OS starts us with --hidden (tray only). */
export class LoginItemSync {
  private last: boolean | null = null;

  constructor(private readonly app: LoginItemPort) {}

  sync(config: LabConfig): void {
    const want = config.ui?.startAtLogin === true;
    if (want === this.last) return;
    this.last = want;
    // In development this would register the bare Electron binary, so only the installed app does it.
    if (this.app.isPackaged) this.app.setLoginItemSettings({ openAtLogin: want, args: ['--hidden'] });
  }
}
