import { EventEmitter } from 'node:events';
import type { NetworkInterfaceInfo } from 'node:os';
import { noQuiet, type QuietState } from '../../../shared/quiet';
import type { MenuItem, MenuModel, TrayCommand, TrayIconState } from '../../../shared/tray';
import type { Clock } from '../../../electron/core/clock';
import type { PollFlags } from '../../../electron/core/lab/poll-mode';
import type { NativeNotice, NativeNotices } from '../../../electron/main/notifications';
import type { QuietStore } from '../../../electron/main/quiet-hours';
import type { TrayPort } from '../../../electron/main/tray-controller';
import type { WindowPort } from '../../../electron/main/window-controller';

/** Ports of the Electron shell that record what the controllers do: no Electron, no stub. */

/** The tray: every menu model it was given, icons, the tooltip, and the click handler of the last menu. */
export class RecordingTray implements TrayPort {
  readonly menus: MenuModel[] = [];
  readonly icons: TrayIconState[] = [];
  tooltip = '';
  private run: ((c: TrayCommand) => void) | null = null;

  setMenu(model: MenuModel, run: (c: TrayCommand) => void): void {
    this.menus.push(model);
    this.run = run;
  }
  setIcon(state: TrayIconState): void {
    this.icons.push(state);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  get menu(): MenuItem[] {
    return this.menus.at(-1)?.items ?? [];
  }
  /** What a click on the item does in the app: its command through the controller. */
  click(id: string): void {
    const i = findItem(this.menu, id);
    if (!i || i.kind !== 'item' || !i.command) throw new Error(`the tray menu has no clickable "${id}"`);
    if (!this.run) throw new Error('no menu was rendered');
    this.run(i.command);
  }
}

export function findItem(items: readonly MenuItem[], id: string): MenuItem | undefined {
  for (const i of items) {
    if (i.id === id) return i;
    if (i.kind === 'submenu') {
      const found = findItem(i.items, id);
      if (found) return found;
    }
  }
  return undefined;
}

/** The label of the item with this id, anywhere in the menu. */
export function labelOf(items: readonly MenuItem[], id: string): string | undefined {
  const i = findItem(items, id);
  return i && i.kind !== 'separator' ? i.label : undefined;
}

/** Every label in the menu, submenus included, in order. */
export function menuLabels(items: readonly MenuItem[]): string[] {
  return items.flatMap((i) => (i.kind === 'separator' ? [] : i.kind === 'submenu' ? [i.label, ...menuLabels(i.items)] : [i.label]));
}

let nextContentsId = 1;

/** A BrowserWindow as the window controller sees it. */
export class FakeWindow extends EventEmitter implements WindowPort {
  readonly sent: { channel: string; payload: unknown }[] = [];
  readonly webContents = { id: nextContentsId++, send: (channel: string, payload: unknown) => void this.sent.push({ channel, payload }) };
  readonly loaded: string[] = [];
  visible = false;
  minimized = false;
  destroyed = false;
  focused = 0;
  loadError: Error | null = null;

  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
    this.emit('restore');
  }
  show(): void {
    this.visible = true;
    this.emit('show');
  }
  focus(): void {
    this.focused += 1;
  }
  minimize(): void {
    this.minimized = true;
    this.emit('minimize');
  }
  hide(): void {
    this.visible = false;
    this.emit('hide');
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    if (this.loadError) throw this.loadError;
  }
  /** The user's close button: the window and its renderer are gone. */
  close(): void {
    this.destroyed = true;
    this.visible = false;
    this.emit('closed');
  }
}

export class FakeNotice extends EventEmitter implements NativeNotice {
  shown = false;
  constructor(readonly options: { title: string; body: string; silent: boolean }) {
    super();
  }
  show(): void {
    this.shown = true;
  }
}

export class FakeNotices implements NativeNotices {
  supported = true;
  readonly created: FakeNotice[] = [];
  isSupported(): boolean {
    return this.supported;
  }
  create(options: { title: string; body: string; silent: boolean }): FakeNotice {
    const n = new FakeNotice(options);
    this.created.push(n);
    return n;
  }
  get shown(): { title: string; body: string }[] {
    return this.created.filter((n) => n.shown).map((n) => ({ title: n.options.title, body: n.options.body }));
  }
}

export class MemoryQuietStore implements QuietStore {
  readonly saved: QuietState[] = [];
  constructor(public state: QuietState = noQuiet) {}
  load(): QuietState {
    return this.state;
  }
  save(state: QuietState): void {
    this.state = state;
    this.saved.push(state);
  }
}

/** Records the poll flags the shell reports, and what it asks the Lab for. */
export class FlagRecorder {
  readonly reported: Partial<PollFlags>[] = [];
  refreshes = 0;
  setPollFlags(flags: Partial<PollFlags>): void {
    this.reported.push(flags);
  }
  refreshAll(): void {
    this.refreshes += 1;
  }
  /** The last value reported for a flag. */
  last<K extends keyof PollFlags>(flag: K): PollFlags[K] | undefined {
    return this.reported.filter((f) => flag in f).at(-1)?.[flag];
  }
}

/** Timers that fire only when the test says so; the time jumps like a laptop waking from sleep. */
export class ManualClock implements Clock {
  private seq = 0;
  readonly armed = new Map<number, { at: number; fn: () => void; ms: number }>();
  set = 0;
  cleared = 0;
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    this.set += 1;
    const id = ++this.seq;
    this.armed.set(id, { at: this.t + ms, fn, ms });
    return id;
  }
  clearTimeout(handle: unknown): void {
    if (this.armed.delete(handle as number)) this.cleared += 1;
  }
  /** The one armed timer (fails when there are none or several). */
  only(): { at: number; ms: number } {
    if (this.armed.size !== 1) throw new Error(`expected exactly one armed timer, found ${this.armed.size}`);
    return [...this.armed.values()][0];
  }
  /** Moves to the armed timer's time and runs it. */
  fire(): void {
    const [id, timer] = [...this.armed.entries()][0] ?? [];
    if (id === undefined || !timer) throw new Error('no timer is armed');
    this.armed.delete(id);
    this.t = timer.at;
    timer.fn();
  }
}

export type NetworkInterfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

export const homeWifi: NetworkInterfaces = { wlp2s0: [{ address: '192.168.1.23', netmask: '255.255.255.0', family: 'IPv4', mac: '3c:7c:3f:11:22:33', internal: false, cidr: '192.168.1.23/24' }] };
export const hotelWifi: NetworkInterfaces = { wlp2s0: [{ address: '10.20.30.40', netmask: '255.255.255.0', family: 'IPv4', mac: '3c:7c:3f:11:22:33', internal: false, cidr: '10.20.30.40/24' }] };
