import type { Logger } from '../core/logger';

/** A rectangle in screen points (Electron's Rectangle). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const POPOVER_SIZE = { width: 380, height: 560 } as const;
/** Between the popover and the taskbar or menu bar. */
const GAP = 6;

/**
 * Where the popover goes: against the tray icon, on the side away from the
 * taskbar (above a bottom taskbar on Windows, below the menu bar on macOS,
 * beside a vertical taskbar), inside the display's work area.
 */
export function popoverBounds(icon: Rect, work: Rect, size: { width: number; height: number } = POPOVER_SIZE): Rect {
  const cx = icon.x + icon.width / 2;
  const cy = icon.y + icon.height / 2;
  const clamp = (v: number, lo: number, hi: number): number => Math.round(Math.max(lo, Math.min(v, hi)));
  const maxX = work.x + work.width - size.width;
  const maxY = work.y + work.height - size.height;
  // The icon sits outside the work area on the taskbar's side: that side decides.
  const taskbarLeft = icon.x + icon.width <= work.x;
  const taskbarRight = icon.x >= work.x + work.width;
  if (taskbarLeft || taskbarRight) {
    const x = taskbarLeft ? work.x + GAP : work.x + work.width - size.width - GAP;
    return { x: clamp(x, work.x, maxX), y: clamp(cy - size.height / 2, work.y, maxY), ...size };
  }
  const below = cy < work.y + work.height / 2;
  const y = below ? Math.max(icon.y + icon.height, work.y) + GAP : Math.min(icon.y, work.y + work.height) - size.height - GAP;
  return { x: clamp(cx - size.width / 2, work.x, maxX), y: clamp(y, work.y, maxY), ...size };
}

/** The part of a BrowserWindow the popover drives (a fake in tests). */
export interface PopoverWindowPort {
  readonly webContents: { readonly id: number; send(channel: string, payload: unknown): void };
  isDestroyed(): boolean;
  isVisible(): boolean;
  setBounds(r: Rect): void;
  show(): void;
  hide(): void;
  focus(): void;
  close(): void;
  on(event: 'blur' | 'closed', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  loadURL(url: string): Promise<unknown>;
}

export interface PopoverOptions<W extends PopoverWindowPort> {
  create: () => W;
  /** The renderer's page; the popover adds `#surface=popover`. */
  url: string;
  /** The work area of the display that holds a point. */
  workArea: (point: { x: number; y: number }) => Rect;
  /** Hands a hidden popover the lab as it is now, before it shows again (a hidden one gets no events). */
  refresh: (w: W) => void;
  log: Logger;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** A hidden popover is kept this long for a quick reopen, then destroyed with its renderer. */
export const POPOVER_KEEP_MS = 10 * 60_000;

/**
 * The tray popover: a click on the icon shows it, a second click or the loss
 * of focus hides it. A hidden one gets no snapshots and is destroyed after
 * POPOVER_KEEP_MS; reopening within that time only hands it the current
 * snapshot and shows it, which is what keeps a click quick.
 */
export class PopoverController<W extends PopoverWindowPort = PopoverWindowPort> {
  private win: W | null = null;
  /** When it last lost the focus: a click on the icon blurs the popover first, and must not show it again at once. */
  private blurredAt = 0;
  private keepTimer: unknown = null;

  constructor(private readonly o: PopoverOptions<W>) {}

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  /** The popover's window, shown or hidden, or null. */
  current(): W | null {
    return this.win && !this.win.isDestroyed() ? this.win : null;
  }

  /** The popover when it is showing (what Lab events go to). */
  visible(): W | null {
    const w = this.current();
    return w && w.isVisible() ? w : null;
  }

  /** Shows it against the icon, or hides it when it shows. */
  toggle(icon: Rect): void {
    if (this.visible()) {
      this.hide();
      return;
    }
    // The click that hid it by blur is the same click that asks to toggle: leave it hidden.
    if (this.now() - this.blurredAt < 300) return;
    this.cancelKeep();
    const bounds = popoverBounds(icon, this.o.workArea({ x: icon.x + icon.width / 2, y: icon.y + icon.height / 2 }));
    const kept = this.current();
    if (kept) {
      kept.setBounds(bounds);
      this.o.refresh(kept);
      kept.show();
      kept.focus();
      return;
    }
    const w = this.o.create();
    this.win = w;
    w.setBounds(bounds);
    w.on('blur', () => {
      if (!this.visible()) return;
      this.blurredAt = this.now();
      this.hide();
    });
    w.on('closed', () => {
      if (this.win === w) this.win = null;
      this.cancelKeep();
    });
    w.once('ready-to-show', () => {
      w.show();
      w.focus();
    });
    void w.loadURL(`${this.o.url}#surface=popover`).catch((err: unknown) => this.o.log.error(`the tray popover did not load: ${err instanceof Error ? err.message : String(err)}`));
  }

  /** Hides it; it is destroyed if not shown again within POPOVER_KEEP_MS. */
  hide(): void {
    const w = this.visible();
    if (!w) return;
    w.hide();
    this.cancelKeep();
    this.keepTimer = (this.o.setTimer ?? ((fn, ms) => setTimeout(fn, ms).unref()))(() => this.close(), POPOVER_KEEP_MS);
  }

  /** Destroys it (the app's window took over, the keep time ran out, or the app quits). */
  close(): void {
    this.cancelKeep();
    this.current()?.close();
  }

  private cancelKeep(): void {
    if (this.keepTimer !== null) (this.o.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)))(this.keepTimer);
    this.keepTimer = null;
  }
}
