import type { LabApi } from '../../shared/api';
import type { MenuItem, TrayCommand } from '../../shared/tray';

/**
 * The tray popover shows the tray's own model (shared/tray.ts) as buttons, so
 * the two never disagree. Quiet hours, updates and Quit stay in the native
 * menu (right-click): they belong to the app, not to the lab.
 */
const NATIVE_ONLY = new Set(['quiet', 'quit', 'update', 'install-cli']);

/** The menu model without the native-only items, and without separators left at an edge or doubled. */
export function popoverItems(items: readonly MenuItem[]): MenuItem[] {
  const kept = items.filter((i) => !NATIVE_ONLY.has(i.id));
  return kept.filter((i, k) => i.kind !== 'separator' || (k > 0 && k < kept.length - 1 && kept[k - 1].kind !== 'separator'));
}

/** The surface a page shows: the window, or the tray popover (`#surface=popover`, beside the preview's `token=`). */
export function surfaceOf(hash: string): 'window' | 'popover' {
  return new URLSearchParams(hash.replace(/^#/, '')).get('surface') === 'popover' ? 'popover' : 'window';
}

/** The hash that leaves the popover for the window at `target`, keeping the preview's token. */
export function windowHash(hash: string, target?: string): string {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  p.delete('surface');
  p.delete('focus');
  if (target) p.set('focus', target);
  return `#${p.toString()}`;
}

/**
 * Runs a popover button's command through the LabApi. `show` is told where to
 * go when the shell has no separate window (the preview): the page switches.
 * Guarded guest actions never reach here unconfirmed: the popover asks first.
 */
export async function runPopoverCommand(api: LabApi, c: TrayCommand, show: (target?: string) => void): Promise<void> {
  switch (c.type) {
    case 'guestAction':
      await api.guestAction({ cluster: c.cluster, vmids: [c.vmid], action: c.action });
      return;
    case 'wake':
      await api.wake({ host: c.host });
      return;
    case 'backup':
      await api.startBackup({ cluster: c.cluster, vmids: c.vmids, set: c.set });
      return;
    case 'open': {
      const r = await api.openWindow({ target: c.target });
      if (!r.opened) show(c.target);
      return;
    }
    case 'refresh':
      await api.refresh(undefined);
      return;
    case 'pause':
    case 'resume':
      await api.setPaused({ paused: c.type === 'pause' });
      return;
    default:
      // Quiet hours, updates and Quit are not offered in the popover (see NATIVE_ONLY).
      return;
  }
}
