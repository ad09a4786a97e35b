import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { POPOVER_KEEP_MS, PopoverController, popoverBounds, type PopoverWindowPort, type Rect } from '../../../electron/main/popover';

describe('where the tray popover opens', () => {
  it('above the icon on a Windows taskbar at the bottom, kept on the screen at the corner', () => {
    const work = { x: 0, y: 0, width: 1920, height: 1032 };
    assert.deepEqual(popoverBounds({ x: 1700, y: 1040, width: 24, height: 40 }, work), { x: 1522, y: 466, width: 380, height: 560 });
    // The icon far right in the overflow area: the popover stops at the screen's edge.
    assert.deepEqual(popoverBounds({ x: 1890, y: 1040, width: 24, height: 40 }, work), { x: 1540, y: 466, width: 380, height: 560 });
  });

  it('below the icon under the macOS menu bar', () => {
    const work = { x: 0, y: 25, width: 1512, height: 957 };
    assert.deepEqual(popoverBounds({ x: 1300, y: 0, width: 22, height: 24 }, work), { x: 1121, y: 31, width: 380, height: 560 });
  });

  it('beside a vertical taskbar on the left or right', () => {
    assert.deepEqual(popoverBounds({ x: 10, y: 900, width: 40, height: 40 }, { x: 62, y: 0, width: 1858, height: 1080 }), { x: 68, y: 520, width: 380, height: 560 });
    assert.deepEqual(popoverBounds({ x: 1870, y: 500, width: 40, height: 40 }, { x: 0, y: 0, width: 1858, height: 1080 }), { x: 1472, y: 240, width: 380, height: 560 });
  });

  it('on a second display with negative coordinates', () => {
    assert.deepEqual(popoverBounds({ x: -300, y: 1040, width: 24, height: 40 }, { x: -1920, y: 0, width: 1920, height: 1032 }), { x: -478, y: 466, width: 380, height: 560 });
  });
});

class FakePopover implements PopoverWindowPort {
  static next = 1;
  readonly webContents = { id: FakePopover.next++, sent: [] as string[], send: (channel: string): void => void this.webContents.sent.push(channel) };
  destroyed = false;
  bounds: Rect | null = null;
  url = '';
  shown = false;
  private readonly handlers = new Map<string, (() => void)[]>();
  isDestroyed = (): boolean => this.destroyed;
  isVisible = (): boolean => this.shown && !this.destroyed;
  setBounds = (r: Rect): void => void (this.bounds = r);
  show = (): void => void (this.shown = true);
  hide = (): void => void (this.shown = false);
  focus = (): void => undefined;
  close = (): void => {
    this.destroyed = true;
    this.emit('closed');
  };
  on(event: string, l: () => void): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), l]);
    return this;
  }
  once(event: string, l: () => void): this {
    return this.on(event, l);
  }
  loadURL = async (u: string): Promise<void> => {
    this.url = u;
    this.emit('ready-to-show');
  };
  emit(event: string): void {
    for (const l of this.handlers.get(event) ?? []) l();
  }
}

describe('the tray popover window', () => {
  const icon = { x: 1700, y: 1040, width: 24, height: 40 };
  function controller() {
    const made: FakePopover[] = [];
    const refreshed: FakePopover[] = [];
    const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
    let now = 1_000;
    const c = new PopoverController<FakePopover>({
      create: () => (made.push(new FakePopover()), made.at(-1) as FakePopover),
      url: 'labtray://app/index.html',
      workArea: () => ({ x: 0, y: 0, width: 1920, height: 1032 }),
      refresh: (w) => void refreshed.push(w),
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      now: () => now,
      setTimer: (fn, ms) => (timers.push({ fn, ms, cleared: false }), timers.length - 1),
      clearTimer: (h) => void (timers[h as number].cleared = true),
    });
    return { c, made, refreshed, timers, later: (ms: number) => void (now += ms) };
  }

  it('opens the popover route against the icon, and a second click hides it', async () => {
    const { c, made } = controller();
    c.toggle(icon);
    await Promise.resolve();
    assert.equal(made.length, 1);
    assert.equal(made[0].url, 'labtray://app/index.html#surface=popover');
    assert.deepEqual(made[0].bounds, { x: 1522, y: 466, width: 380, height: 560 });
    assert.equal(c.visible(), made[0]);
    c.toggle(icon);
    assert.equal(c.visible(), null, 'hidden');
    assert.equal(c.current(), made[0], 'kept for a quick reopen');
  });

  it('hides when it loses the focus; the click on the icon that took the focus does not show it again', () => {
    const { c, made, later } = controller();
    c.toggle(icon);
    made[0].emit('blur');
    assert.equal(c.visible(), null);
    c.toggle(icon);
    assert.equal(c.visible(), null, 'the same click: stays hidden');
    later(1_000);
    c.toggle(icon);
    assert.equal(c.visible(), made[0]);
  });

  it('shows the kept one again with the current snapshot, placed at the icon where it is now', () => {
    const { c, made, refreshed, later } = controller();
    c.toggle(icon);
    c.hide();
    later(1_000);
    c.toggle({ x: 100, y: 0, width: 22, height: 24 });
    assert.equal(made.length, 1, 'no new window');
    assert.deepEqual(refreshed, [made[0]], 'handed the current snapshot before it shows');
    assert.deepEqual(made[0].bounds, { x: 0, y: 30, width: 380, height: 560 });
  });

  it('is destroyed once it has stayed hidden for the keep time, and a click then makes a new one', () => {
    const { c, made, timers, later } = controller();
    c.toggle(icon);
    c.hide();
    assert.equal(timers.at(-1)?.ms, POPOVER_KEEP_MS);
    later(1_000);
    c.toggle(icon);
    assert.equal(timers.at(-1)?.cleared, true, 'showing again cancels the destruction');
    c.hide();
    timers.at(-1)?.fn();
    assert.ok(made[0].destroyed, 'its renderer is gone');
    later(1_000);
    c.toggle(icon);
    assert.equal(made.length, 2);
  });
});
