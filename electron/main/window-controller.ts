import type { Logger } from '../core/logger';
import type { ShellLab } from './lab-port';

/** The part of a BrowserWindow the controller drives (a fake in tests). */
export interface WindowPort {
  readonly webContents: { readonly id: number; send(channel: string, payload: unknown): void };
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
  on(event: 'show' | 'restore' | 'hide' | 'minimize' | 'closed', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  loadURL(url: string): Promise<unknown>;
}

export interface WindowControllerOptions<W extends WindowPort> {
  /** Makes a new window (with the security options and the guarded webContents). */
  create: () => W;
  /** The renderer's page: the app scheme, or the dev server while developing. */
  url: string;
  lab: Pick<ShellLab, 'setPollFlags'>;
  log: Logger;
}

/** The one window: opened on demand, focused when open, destroyed on close; its visibility goes to the Lab's poll mode. */
export class WindowController<W extends WindowPort = WindowPort> {
  private win: W | null = null;

  constructor(private readonly o: WindowControllerOptions<W>) {}

  /** The open window, or null (none yet, or closed). */
  current(): W | null {
    return this.win && !this.win.isDestroyed() ? this.win : null;
  }

  /** No window at start: the Lab counts someone as looking until told otherwise. */
  start(): void {
    this.o.lab.setPollFlags({ windowVisible: false });
  }

  /** Shows the window; a new one opens at `target` (`#focus=`), an open one is only brought forward. */
  open(target?: string): void {
    const open = this.current();
    if (open) {
      if (open.isMinimized()) open.restore();
      open.show();
      open.focus();
      return;
    }
    const w = this.o.create();
    this.win = w;
    const visible = (v: boolean) => () => this.o.lab.setPollFlags({ windowVisible: v });
    w.on('show', visible(true));
    w.on('restore', visible(true));
    w.on('hide', visible(false));
    w.on('minimize', visible(false));
    // Closing destroys the window and its renderer; the core and tray keep running and reopening paints from lab.snapshot.
    w.on('closed', () => {
      if (this.win === w) this.win = null;
      visible(false)();
    });
    w.once('ready-to-show', () => w.show());
    const hash = target ? `#focus=${encodeURIComponent(target)}` : '';
    void w.loadURL(this.o.url + hash).catch((err: unknown) => this.o.log.error(`the window did not load: ${err instanceof Error ? err.message : String(err)}`));
  }
}
