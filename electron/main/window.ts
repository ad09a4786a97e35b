import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import type { BrowserWindow, BrowserWindowConstructorOptions, Protocol, Session, WebContents } from 'electron';

/** The renderer is served from its own scheme, not file://, so it gets a real origin and a CSP header. */
export const APP_SCHEME = 'labtray';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** No remote content, no inline script, no eval; the preview bridge's loopback WebSocket is not needed here. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

/** The dev server needs Vite's inline preamble, injected styles and its HMR socket. */
export function devContentSecurityPolicy(devOrigin: string): string {
  const ws = devOrigin.replace(/^http/, 'ws');
  return `default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self' ${ws}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'`;
}

/** Must run before app 'ready'. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** Answers a request on the app scheme with a file under `root` (never outside it), with the CSP header. */
export async function serveAppFile(root: string, url: string): Promise<Response> {
  const u = new URL(url);
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== 'app') return new Response('not found', { status: 404 });
  const path = decodeURIComponent(u.pathname);
  const file = resolve(root, '.' + (path === '/' ? '/index.html' : path));
  const rel = relative(root, file);
  if (rel.startsWith('..') || isAbsolute(rel)) return new Response('not found', { status: 404 });
  try {
    const body = await readFile(file);
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' },
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return new Response(code === 'ENOENT' || code === 'EISDIR' ? 'not found' : 'cannot read', { status: code === 'ENOENT' || code === 'EISDIR' ? 404 : 500 });
  }
}

/** Denies every permission prompt and adds the CSP to HTTP responses (the dev server). */
export function hardenSession(ses: Session, csp: string): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

/** The security settings of HOUSE-STYLE item 5; exported so the smoke test can compare. */
export function windowOptions(preload: string, icon?: string): BrowserWindowConstructorOptions {
  return {
    width: 1180,
    height: 760,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'LabTray',
    autoHideMenuBar: true,
    icon,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
    },
  };
}

/** The tray popover: the window's security options, frameless, its own size, kept out of the taskbar. */
export function popoverOptions(preload: string): BrowserWindowConstructorOptions {
  const base = windowOptions(preload);
  return {
    ...base,
    width: 380,
    height: 560,
    minWidth: undefined,
    minHeight: undefined,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
  };
}

/** No popups (https links go to the system browser), no navigation away, no webviews. */
export function guardWebContents(wc: WebContents, openExternal: (url: string) => void): void {
  wc.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) openExternal(url);
    return { action: 'deny' };
  });
  wc.on('will-navigate', (e) => e.preventDefault());
  wc.on('will-redirect', (e) => e.preventDefault());
  wc.on('will-attach-webview', (e) => e.preventDefault());
}

export type WindowFactory = (opts: BrowserWindowConstructorOptions) => BrowserWindow;
