import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import type { Status } from '../../shared/status';
import type { MenuItem, TrayCommand } from '../../shared/tray';

/** Renders the pure tray model as an Electron menu template; each click runs the item's typed command. */
export function toMenuTemplate(items: MenuItem[], run: (c: TrayCommand) => void, icon?: (s: Status) => NativeImage | undefined): MenuItemConstructorOptions[] {
  return items.map((i): MenuItemConstructorOptions => {
    if (i.kind === 'separator') return { id: i.id, type: 'separator' };
    const base = { id: i.id, label: i.label, enabled: i.enabled, icon: i.status && icon ? icon(i.status) : undefined };
    if (i.kind === 'submenu') return { ...base, submenu: toMenuTemplate(i.items, run, icon) };
    const command = i.command;
    return { ...base, click: command ? () => run(command) : undefined };
  });
}
