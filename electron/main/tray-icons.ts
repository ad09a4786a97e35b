import { join } from 'node:path';
import type { Status } from '../../shared/status';
import type { TrayIconState } from '../../shared/tray';

/** macOS: monochrome templates the menu bar tints; Windows: multi-size .ico for crisp scaling; Linux: PNG. */
export function trayIconFile(state: TrayIconState, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? `${state}Template.png` : platform === 'win32' ? `${state}.ico` : `${state}.png`;
}

/** The coloured dot beside a menu item; macOS menus keep to text (a template menu bar has no colour). */
export function statusDotFile(status: Status, platform: NodeJS.Platform): string | null {
  return platform === 'darwin' ? null : `dot-${status}.png`;
}

/** Tray and menu images from resources/tray, each file loaded once. */
export class TrayIcons<I> {
  private readonly cache = new Map<string, I>();

  constructor(
    private readonly dir: string,
    private readonly platform: NodeJS.Platform,
    private readonly load: (path: string) => I,
  ) {}

  tray(state: TrayIconState): I {
    return this.image(trayIconFile(state, this.platform));
  }

  dot(status: Status): I | undefined {
    const file = statusDotFile(status, this.platform);
    return file === null ? undefined : this.image(file);
  }

  private image(file: string): I {
    let img = this.cache.get(file);
    if (img === undefined) this.cache.set(file, (img = this.load(join(this.dir, file))));
    return img;
  }
}
