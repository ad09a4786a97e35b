import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LocalApiClient, MAX_LOCALAPI_BODY, MAX_NOTIFY_LINE } from '../../../electron/core/tailscale/localapi';

const MiB = 1024 * 1024;
const OFFER = 4 * MAX_NOTIFY_LINE;

interface Served {
  path: string;
  sent: number;
  closed: Promise<void>;
}

/** Streams `total` bytes of `fill` in big pieces, minding backpressure, until the client hangs up. */
function pump(res: ServerResponse, s: Served, total: number): void {
  const chunk = Buffer.alloc(4 * MiB, 0x61);
  const go = (): void => {
    while (!res.destroyed && s.sent < total) {
      s.sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', go);
    }
  };
  go();
}

/** A tailscaled gone wrong on a unix socket: endless answers, endless event lines, or one long line sent in small pieces. */
describe('LocalAPI answers and event lines are bounded', () => {
  let dir: string;
  let server: Server;
  let socketPath: string;
  let watchMode: 'endless' | 'long-line-in-pieces' = 'endless';
  const served: Served[] = [];
  /** The long line of the pieces mode: a valid ipn.Notify padded to 4 MiB, then a newline. */
  const longLine = `{"Version":"1.76.6","pad":"${'x'.repeat(4 * MiB)}"}`;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'labtray-localapi-'));
    socketPath = join(dir, 'tailscaled.sock');
    server = createServer((req, res) => {
      const s: Served = { path: req.url ?? '', sent: 0, closed: once(res, 'close').then(() => undefined) };
      served.push(s);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      if (!req.url?.startsWith('/localapi/v0/watch-ipn-bus')) return pump(res, s, OFFER);
      if (watchMode === 'endless') return pump(res, s, OFFER);
      // 1 KiB at a time, each flushed on its own: a reader that scans all it holds for every piece does quadratic work.
      const bytes = Buffer.from(`${longLine}\n`);
      const step = (): void => {
        if (res.destroyed) return;
        if (s.sent >= bytes.length) return;
        const piece = bytes.subarray(s.sent, s.sent + 1024);
        s.sent += piece.length;
        res.write(piece);
        setImmediate(step);
      };
      step();
    });
    server.listen(socketPath);
    await once(server, 'listening');
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it(`refuses a status answer past ${MAX_LOCALAPI_BODY / MiB} MiB, naming the socket and the limit, and hangs up`, async () => {
    const api = new LocalApiClient(socketPath, 30_000);
    await assert.rejects(api.status(), (e: Error) => {
      assert.equal(e.message, `tailscaled (${socketPath}) sent an answer larger than 16 MiB; stopped reading (limit 16 MiB)`);
      return true;
    });
    const s = served.at(-1)!;
    await s.closed;
    assert.ok(s.sent < OFFER, `hung up after ${s.sent / MiB} MiB of ${OFFER / MiB} MiB`);
  });

  it(`ends the event stream at a line past ${MAX_NOTIFY_LINE / MiB} MiB without a newline, naming the socket and the limit`, async () => {
    watchMode = 'endless';
    const api = new LocalApiClient(socketPath, 30_000);
    const ended = new Promise<Error>((resolve) => api.watch(() => assert.fail('no event was sent'), resolve));
    const err = await ended;
    assert.equal(err.message, `tailscaled (${socketPath}) sent a line longer than 16 MiB without a newline on its event stream; stopped reading (limit 16 MiB)`);
    const s = served.at(-1)!;
    await s.closed;
    assert.ok(s.sent < OFFER, `hung up after ${s.sent / MiB} MiB of ${OFFER / MiB} MiB`);
  });

  it('looks at each byte of a long event line once, however many pieces it arrives in', async () => {
    watchMode = 'long-line-in-pieces';
    const api = new LocalApiClient(socketPath, 30_000);
    // Count every byte searched for a newline, in Buffers and strings alike.
    let scanned = 0;
    const bufIndexOf = Buffer.prototype.indexOf;
    const strIndexOf = String.prototype.indexOf;
    Buffer.prototype.indexOf = function (this: Buffer, value: string | number | Uint8Array, byteOffset?: number | BufferEncoding, encoding?: BufferEncoding) {
      if (value === 10 || value === '\n') scanned += this.length - (typeof byteOffset === 'number' ? byteOffset : 0);
      return bufIndexOf.call(this, value, byteOffset as number, encoding);
    };
    String.prototype.indexOf = function (this: string, search: string, position?: number) {
      if (search === '\n') scanned += this.length - (position ?? 0);
      return strIndexOf.call(this, search, position);
    };
    let handle: { close(): void } | undefined;
    try {
      const got = await new Promise<unknown>((resolve, reject) => {
        handle = api.watch(resolve, reject);
      });
      assert.equal((got as { Version?: string }).Version, '1.76.6');
    } finally {
      Buffer.prototype.indexOf = bufIndexOf;
      String.prototype.indexOf = strIndexOf;
      handle?.close();
    }
    const line = longLine.length + 1;
    assert.ok(scanned >= line, `the line was searched (${scanned} bytes)`);
    assert.ok(scanned <= 2 * line, `${scanned} bytes searched for a ${line}-byte line: the held part is searched again`);
  });
});
