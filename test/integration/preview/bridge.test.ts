import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { LabError, type LabApi } from '../../../shared/api';
import type { HostState } from '../../../shared/hosts';
import { Lab } from '../../../electron/core/lab/lab';
import type { IntegrationFactory } from '../../../electron/core/lab/integration';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { startPreviewServer, type PreviewServer } from '../../../electron/preview/server';
import { createWsLabApi, type WsLabApi } from '../../../renderer/src/bridge/ws';

// One SSH-like host whose load changes on every poll, so refreshes make new snapshots.
function hostFactory(): IntegrationFactory {
  let polls = 0;
  return () => ({
    kind: 'ssh',
    sources: [
      {
        id: 'host:orangepi5',
        kind: 'host',
        name: 'orangepi5',
        intervalMs: 60_000,
        timeoutMs: 5_000,
        placeholder: (): HostState => host(null),
        poll: async () => host(++polls),
        checks: () => [],
      },
    ],
    actions: {
      pingPeer: async ({ peer }) => ({ peer, ok: true, via: 'direct', endpoint: '127.0.0.1:41641', relay: null, latencyMs: 3, upgradedToDirect: false, message: 'pong' }),
    },
  });
}

function host(load: number | null): HostState {
  return { name: 'orangepi5', address: '127.0.0.1', reachable: load !== null, via: 'ssh', hostKey: null, uptimeSeconds: 100, load: load === null ? null : [load, 0, 0], cores: 8, memUsed: null, memTotal: null, checks: [], wakeable: false };
}

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opened. */
function tryConnect(url: string, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', (err) => reject(err));
  });
}

describe('preview bridge', () => {
  let dir: string;
  let lab: Lab;
  let server: PreviewServer;
  let api: WsLabApi;
  let origin: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'labtray-preview-'));
    await mkdir(join(dir, 'renderer'));
    await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>LabTray</title>');
    await writeFile(join(dir, 'secret.txt'), 'not for the page');
    lab = new Lab({ config: {}, factories: [hostFactory()], secrets: new MemorySecretStore() });
    server = await startPreviewServer({ root: join(dir, 'renderer'), lab });
    await lab.start();
    origin = `http://127.0.0.1:${server.port}`;
    api = createWsLabApi({
      url: `ws://127.0.0.1:${server.port}/bridge`,
      token: server.token,
      reconnectMs: 0,
      connect: (u) => new WebSocket(u, { origin }) as unknown as ReturnType<NonNullable<Parameters<typeof createWsLabApi>[0]['connect']>>,
    });
  });

  after(async () => {
    api.close();
    await server.stop();
    await lab.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a loopback URL that carries the token in the fragment', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{32}$/);
    assert.ok(server.url.endsWith(server.token));
  });

  it('serves the renderer with a strict Content-Security-Policy', async () => {
    const res = await fetch(`${origin}/`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<title>LabTray<\/title>/);
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  });

  it('refuses to serve files outside the renderer', async () => {
    for (const path of ['/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await fetch(`${origin}${path}`);
      assert.doesNotMatch(await res.text(), /not for the page/, path);
    }
  });

  it('refuses a bridge connection without a token', async () => {
    assert.equal(await tryConnect(`ws://127.0.0.1:${server.port}/bridge`, origin), 401);
  });

  it('refuses a bridge connection with a wrong token', async () => {
    const wrong = server.token.slice(0, -1) + (server.token.endsWith('A') ? 'B' : 'A');
    assert.equal(await tryConnect(`ws://127.0.0.1:${server.port}/bridge?token=${wrong}`, origin), 401);
  });

  it('refuses a page from another origin even with the token', async () => {
    assert.equal(await tryConnect(`ws://127.0.0.1:${server.port}/bridge?token=${server.token}`, 'http://evil.example'), 403);
    assert.equal(await tryConnect(`ws://127.0.0.1:${server.port}/bridge?token=${server.token}`), 403);
  });

  it('accepts the page with the right token and origin', async () => {
    assert.equal(await tryConnect(`ws://127.0.0.1:${server.port}/bridge?token=${server.token}`, origin), 101);
  });

  it('answers getSnapshot with the Lab snapshot', async () => {
    const snap = await api.getSnapshot(undefined);
    assert.equal(snap.hosts[0]?.name, 'orangepi5');
    assert.ok(snap.version >= 1);
  });

  it('routes an action to its integration', async () => {
    const r = await api.pingPeer({ peer: 'tailscale-gateway' });
    assert.equal(r.peer, 'tailscale-gateway');
    assert.equal(r.via, 'direct');
  });

  it('rejects a payload that does not match the schema, naming the field', async () => {
    await assert.rejects(
      (api as unknown as { guestAction(i: unknown): Promise<unknown> }).guestAction({ cluster: 'home', vmids: ['101'], action: 'start' }),
      (err: unknown) => err instanceof LabError && err.code === 'invalid-input' && /vmids/.test(err.message),
    );
  });

  it('rejects a method that is not in LabApi', async () => {
    const reply = await rawCall({ id: 7, method: 'runShell', params: { cmd: 'id' } });
    assert.deepEqual(reply, { id: 7, ok: false, error: { code: 'unknown-method', message: 'no LabApi method "runShell"' } });
  });

  it('answers a message that is not JSON with an error instead of closing', async () => {
    const reply = await rawCall('{nope');
    assert.equal(reply.ok, false);
    assert.equal((reply.error as { code: string }).code, 'bad-request');
  });

  it('pushes a new snapshot after a refresh', async () => {
    const seen = new Promise<number>((resolve) => {
      const off = api.on('snapshot', (s) => {
        if (s.hosts[0]?.load && s.hosts[0].load[0] >= 2) {
          off();
          resolve(s.version);
        }
      });
    });
    await api.refresh(undefined);
    assert.ok((await seen) > 1);
  });

  it('rejects calls made after the bridge is closed', async () => {
    const other: LabApi & { close(): void } = createWsLabApi({ url: `ws://127.0.0.1:${server.port}/bridge`, token: server.token, reconnectMs: 0, connect: (u) => new WebSocket(u, { origin }) as never });
    other.close();
    await assert.rejects(other.getSnapshot(undefined), (err: unknown) => err instanceof LabError && err.code === 'disconnected');
  });

  async function rawCall(msg: unknown): Promise<{ id: unknown; ok: boolean; error?: unknown }> {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/bridge?token=${server.token}`, { origin });
    await new Promise((ok, fail) => {
      ws.once('open', ok);
      ws.once('error', fail);
    });
    const reply = new Promise<{ id: unknown; ok: boolean; error?: unknown }>((resolve) => {
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { event?: string; id: unknown; ok: boolean };
        if (!m.event) resolve(m);
      });
    });
    ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
    const r = await reply;
    ws.close();
    return r;
  }
});
