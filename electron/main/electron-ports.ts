import { networkInterfaces } from 'node:os';
import { BrowserWindow, Menu, Notification, screen, type NativeImage, type Tray } from 'electron';
import { toMenuTemplate } from './menu';
import type { NativeNotices } from './notifications';
import type { PowerNetworkOptions } from './power-network';
import type { TrayIcons } from './tray-icons';
import type { TrayPort } from './tray-controller';
import type { Rect } from './popover';
import { guardWebContents, popoverOptions, windowOptions } from './window';

/** Electron's objects as the controllers' ports (the unit tests pass recorders instead). */

/**
 * The tray: the menu model through menu.ts, images from resources/tray. On
 * macOS a context menu set on the icon would open on every click: there it is
 * popped up on right-click only, so a click opens the popover as on Windows.
 */
export function trayPort(tray: Tray, icons: TrayIcons<NativeImage>, platform: NodeJS.Platform): TrayPort {
  let menu: Menu | null = null;
  if (platform === 'darwin') tray.on('right-click', () => menu && tray.popUpContextMenu(menu));
  return {
    setMenu: (model, run) => {
      menu = Menu.buildFromTemplate(toMenuTemplate(model.items, run, (s) => icons.dot(s)));
      if (platform !== 'darwin') tray.setContextMenu(menu);
    },
    setIcon: (state) => tray.setImage(icons.tray(state)),
    setToolTip: (text) => tray.setToolTip(text),
  };
}

/** A new window with the security options; its webContents may open https links in the browser and nothing else. */
export function windowFactory(preload: string, icon: string, openExternal: (url: string) => void): () => BrowserWindow {
  return () => {
    const w = new BrowserWindow(windowOptions(preload, icon));
    guardWebContents(w.webContents, openExternal);
    return w;
  };
}

/** The tray popover's window: the same guarded webContents as the main window. */
export function popoverFactory(preload: string, openExternal: (url: string) => void): () => BrowserWindow {
  return () => {
    const w = new BrowserWindow(popoverOptions(preload));
    guardWebContents(w.webContents, openExternal);
    return w;
  };
}

/** The work area of the display nearest a point (where the tray icon is). */
export const workAreaAt = (point: { x: number; y: number }): Rect => screen.getDisplayNearestPoint(point).workArea;

export const nativeNotices: NativeNotices = { isSupported: () => Notification.isSupported(), create: (o) => new Notification(o) };

/** The interfaces from node:os, compared on a timer that never keeps the app alive by itself. */
export function networkPort(intervalMs: number): PowerNetworkOptions['network'] {
  return { read: () => networkInterfaces(), intervalMs, setInterval: (fn, ms) => setInterval(fn, ms).unref(), clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>) };
}
