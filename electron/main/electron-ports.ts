import { networkInterfaces } from 'node:os';
import { BrowserWindow, Menu, Notification, type NativeImage, type Tray } from 'electron';
import { toMenuTemplate } from './menu';
import type { NativeNotices } from './notifications';
import type { PowerNetworkOptions } from './power-network';
import type { TrayIcons } from './tray-icons';
import type { TrayPort } from './tray-controller';
import { guardWebContents, windowOptions } from './window';

/** Electron's objects as the controllers' ports (the unit tests pass recorders instead). */

/** The tray: the menu model through menu.ts, images from resources/tray. */
export function trayPort(tray: Tray, icons: TrayIcons<NativeImage>): TrayPort {
  return {
    setMenu: (model, run) => tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(model.items, run, (s) => icons.dot(s)))),
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

export const nativeNotices: NativeNotices = { isSupported: () => Notification.isSupported(), create: (o) => new Notification(o) };

/** The interfaces from node:os, compared on a timer that never keeps the app alive by itself. */
export function networkPort(intervalMs: number): PowerNetworkOptions['network'] {
  return { read: () => networkInterfaces(), intervalMs, setInterval: (fn, ms) => setInterval(fn, ms).unref(), clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>) };
}
