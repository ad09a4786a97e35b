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
  readonly webContents: { readonly id: number };
  isDestroyed(): boolean;
  setBounds(r: Rect): void;
  show(): void;
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
  log: Logger;
}

/** The tray popover: opened by a click on the icon, closed on blur or a second click, destroyed when closed. */
export class PopoverController<W extends PopoverWindowPort = PopoverWindowPort> {
  private win: W | null = null;
  /** When the last one closed: a click on the icon blurs the popover first, and must not reopen it at once. */
  private closedAt = 0;

  constructor(
    private readonly o: PopoverOptions<W>,
    private readonly now: () => number = Date.now,
  ) {}

  current(): W | null {
    return this.win && !this.win.isDestroyed() ? this.win : null;
  }

  /** Opens it against the icon, or closes it when open. */
  toggle(icon: Rect): void {
    if (this.current()) {
      this.close();
      return;
    }
    // The click that closed it by blur is the same click that asks to toggle: leave it closed.
    if (this.now() - this.closedAt < 300) return;
    const w = this.o.create();
    this.win = w;
    w.setBounds(popoverBounds(icon, this.o.workArea({ x: icon.x + icon.width / 2, y: icon.y + icon.height / 2 })));
    w.on('blur', () => this.close());
    w.on('closed', () => {
      if (this.win === w) this.win = null;
      this.closedAt = this.now();
    });
    w.once('ready-to-show', () => {
      w.show();
      w.focus();
    });
    void w.loadURL(`${this.o.url}#surface=popover`).catch((err: unknown) => this.o.log.error(`the tray popover did not load: ${err instanceof Error ? err.message : String(err)}`));
  }

  close(): void {
    const w = this.current();
    if (w) w.close();
  }
}
