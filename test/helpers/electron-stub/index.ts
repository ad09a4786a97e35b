import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';

/**
 * A recording stand-in for the `electron` module: the Electron binary cannot
 * run here, so the built main bundle and preload run against this. Each test
 * installs a fresh ElectronRecording with `useRecording()`; the exports below
 * delegate to the current one.
 */

export type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

export class StubWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = StubWebContents.nextId++;
  readonly sent: { channel: string; payload: unknown }[] = [];
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }): void {
    this.openHandler = h;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class StubWindow extends EventEmitter {
  readonly webContents = new StubWebContents();
  readonly loaded: string[] = [];
  visible = false;
  destroyed = false;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    const rec = current();
    rec.windows.push(this);
    rec.app.emit('web-contents-created', {}, this.webContents);
  }
  bounds: { x: number; y: number; width: number; height: number } | null = null;
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    this.emit('ready-to-show');
  }
  setBounds(b: { x: number; y: number; width: number; height: number }): void {
    this.bounds = b;
  }
  show(): void {
    this.visible = true;
    this.emit('show');
  }
  hide(): void {
    this.visible = false;
    this.emit('hide');
  }
  isVisible(): boolean {
    return this.visible;
  }
  focus(): void {}
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** What the user's close button does: the window and its renderer are gone. */
  close(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.visible = false;
    this.emit('closed');
  }
}

export class StubTray extends EventEmitter {
  readonly menus: MenuItemConstructorOptions[][] = [];
  readonly images: unknown[] = [];
  tooltip = '';
  destroyed = false;
  constructor(image: unknown) {
    super();
    this.images.push(image);
    current().trays.push(this);
  }
  setContextMenu(menu: { template: MenuItemConstructorOptions[] }): void {
    this.menus.push(menu.template);
    current().changed();
  }
  setImage(image: unknown): void {
    this.images.push(image);
  }
  setToolTip(t: string): void {
    this.tooltip = t;
  }
  /** macOS: the menu shown on right-click (no context menu is set there). */
  popUpContextMenu(menu: { template: MenuItemConstructorOptions[] }): void {
    this.menus.push(menu.template);
  }
  getBounds(): { x: number; y: number; width: number; height: number } {
    return { x: 1700, y: 1040, width: 24, height: 40 };
  }
  destroy(): void {
    this.destroyed = true;
  }
  get menu(): MenuItemConstructorOptions[] {
    return this.menus[this.menus.length - 1] ?? [];
  }
}

export class ElectronRecording {
  readonly calls: string[] = [];
  readonly app = new EventEmitter();
  readonly powerMonitor = new EventEmitter();
  readonly handlers = new Map<string, Handler>();
  readonly windows: StubWindow[] = [];
  readonly trays: StubTray[] = [];
  readonly notifications: { title: string; body: string }[] = [];
  readonly schemes: unknown[] = [];
  readonly protocolHandlers = new Map<string, (req: { url: string }) => Promise<Response> | Response>();
  readonly openedExternally: string[] = [];
  readonly errorBoxes: { title: string; message: string }[] = [];
  readonly exposed = new Map<string, unknown>();
  readonly rendererInvokes: { channel: string; input: unknown }[] = [];
  rendererReply: (channel: string, input: unknown) => unknown = () => ({ ok: true, value: null });
  headersHandler: ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | null = null;
  permissionHandler: ((wc: unknown, permission: string, cb: (allow: boolean) => void) => void) | null = null;
  quitCount = 0;
  exitCode: number | null = null;
  /** Set by a test that provokes an error box; otherwise `until` fails as soon as one is shown. */
  expectErrorBox = false;
  private waiters: (() => void)[] = [];

  constructor(
    readonly userData: string,
    readonly appPath: string,
    readonly singleInstance = true,
  ) {}

  record(call: string): void {
    this.calls.push(call);
    this.changed();
  }

  changed(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /**
   * Resolves when `cond` holds after some recorded change. The limit only keeps a broken app from
   * hanging the suite: it is generous, as a loaded machine may take many seconds to start the demo lab.
   * The error says what the app did and any error box it showed (the reason it stopped).
   */
  async until(cond: () => boolean, what: string, limit = 90_000): Promise<void> {
    const deadline = Date.now() + limit;
    while (!cond()) {
      if (Date.now() > deadline || (this.errorBoxes.length && !this.expectErrorBox)) {
        const boxes = this.errorBoxes.map((b) => `\nerror box "${b.title}": ${b.message}`).join('');
        throw new Error(`the app never got to: ${what}\ncalls: ${this.calls.join(', ')}${boxes}`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50).unref();
      });
    }
  }
}

const KEY = Symbol.for('labtray.electron-stub');
type Holder = { [KEY]?: ElectronRecording };

function current(): ElectronRecording {
  const r = (globalThis as Holder)[KEY];
  if (!r) throw new Error('electron stub: no recording installed (call useRecording first)');
  return r;
}

export function useRecording(r: ElectronRecording): ElectronRecording {
  (globalThis as Holder)[KEY] = r;
  return r;
}

export const app = {
  requestSingleInstanceLock: (): boolean => (current().record('app.requestSingleInstanceLock'), current().singleInstance),
  quit: (): void => {
    const r = current();
    r.quitCount += 1;
    r.record('app.quit');
    const e = { defaultPrevented: false, preventDefault: () => (e.defaultPrevented = true) };
    if (r.quitCount < 10) r.app.emit('will-quit', e);
  },
  exit: (code = 0): void => {
    current().exitCode = code;
    current().record('app.exit');
  },
  on: (event: string, fn: (...a: unknown[]) => void) => (current().app.on(event, fn), app),
  whenReady: async (): Promise<void> => undefined,
  isReady: (): boolean => true,
  getPath: (_name: string): string => current().userData,
  getAppPath: (): string => current().appPath,
  get isPackaged(): boolean {
    return false;
  },
  getLocale: (): string => 'en-US',
  getVersion: (): string => '0.0.0-stub',
  setAppLogsPath: (_path?: string): void => current().record('app.setAppLogsPath'),
  setLoginItemSettings: (_s: unknown): void => current().record('app.setLoginItemSettings'),
};

export const BrowserWindow = StubWindow;
export const Tray = StubTray;

export const Menu = {
  buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }),
};

export const nativeImage = {
  createFromPath: (path: string) => ({ path }),
};

export class Notification extends EventEmitter {
  static isSupported(): boolean {
    return true;
  }
  constructor(private readonly o: { title: string; body: string }) {
    super();
  }
  show(): void {
    current().notifications.push({ title: this.o.title, body: this.o.body });
    current().changed();
  }
}

export const powerMonitor = {
  on: (event: string, fn: (...a: unknown[]) => void) => (current().powerMonitor.on(event, fn), powerMonitor),
};

export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]): void => {
    current().schemes.push(...schemes);
    current().record('protocol.registerSchemesAsPrivileged');
  },
  handle: (scheme: string, fn: (req: { url: string }) => Promise<Response> | Response): void => {
    current().protocolHandlers.set(scheme, fn);
  },
};

/** Reversible, obviously-not-plain "encryption" so tests can see values are not stored in clear. */
export const safeStorage = {
  isEncryptionAvailable: (): boolean => true,
  encryptString: (s: string): Buffer => Buffer.from('stub:' + Buffer.from(s).toString('hex')),
  decryptString: (b: Buffer): string => Buffer.from(b.toString().slice(5), 'hex').toString(),
  getSelectedStorageBackend: (): string => 'gnome_libsecret',
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (h: ElectronRecording['permissionHandler']): void => {
      current().permissionHandler = h;
    },
    setPermissionCheckHandler: (_h: unknown): void => undefined,
    webRequest: {
      onHeadersReceived: (h: ElectronRecording['headersHandler']): void => {
        current().headersHandler = h;
      },
    },
  },
};

export const shell = {
  openExternal: async (url: string): Promise<void> => {
    current().openedExternally.push(url);
  },
};

export const dialog = {
  showErrorBox: (title: string, message: string): void => {
    current().errorBoxes.push({ title, message });
    current().record('dialog.showErrorBox');
  },
  /** The question before a guarded action: recorded, answered with its cancel button. */
  showMessageBox: async (o: { message: string; cancelId?: number }): Promise<{ response: number }> => {
    current().record(`dialog.showMessageBox ${o.message}`);
    return { response: o.cancelId ?? 1 };
  },
};

/** One 1920×1080 display with a taskbar at the bottom. */
export const screen = {
  getDisplayNearestPoint: (): { workArea: { x: number; y: number; width: number; height: number } } => ({ workArea: { x: 0, y: 0, width: 1920, height: 1032 } }),
};

export const ipcMain = {
  handle: (channel: string, fn: Handler): void => {
    current().handlers.set(channel, fn);
  },
  removeHandler: (channel: string): void => {
    current().handlers.delete(channel);
  },
};

export const contextBridge = {
  exposeInMainWorld: (key: string, api: unknown): void => {
    current().exposed.set(key, api);
  },
};

export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: async (channel: string, input: unknown): Promise<unknown> => {
    current().rendererInvokes.push({ channel, input });
    return current().rendererReply(channel, input);
  },
});

/** Makes `import 'electron'` and `require('electron')` load this stub, in this process only. */
export function installElectronStub(register: (hooks: { resolve: ResolveHook }) => unknown): void {
  const url = new URL('./index.ts', import.meta.url).href;
  register({
    resolve: (specifier, context, next) => (specifier === 'electron' ? { url, format: 'module', shortCircuit: true } : next(specifier, context)),
  });
}

type ResolveHook = (
  specifier: string,
  context: unknown,
  next: (specifier: string, context: unknown) => { url: string; format?: string | null; shortCircuit?: boolean },
) => { url: string; format?: string | null; shortCircuit?: boolean };
