import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import { formatBytes, LineSplitter, readStreamText, TooLargeError } from '../../../electron/core/bounded';
import { createPromClient, MAX_METRICS_BODY } from '../../../electron/core/metrics/client';
import { fetchVia } from '../../../electron/core/tls/agent';

describe('LineSplitter holds at most its limit of an unfinished line', () => {
  it('a line of exactly the limit passes, one byte more throws naming the limit', () => {
    const lines: string[] = [];
    const s = new LineSplitter(8, (l) => lines.push(l));
    s.push(Buffer.from('abcd'));
    s.push(Buffer.from('efgh\n'));
    assert.deepEqual(lines, ['abcdefgh']);
    s.push(Buffer.from('1234'));
    s.push(Buffer.from('5678'));
    assert.throws(() => s.push(Buffer.from('9')), (e: Error) => e instanceof TooLargeError && e.what === 'line' && e.limit === 8 && /longer than 8 bytes without a newline/.test(e.message));
  });

  it('a stream of many chunks without a newline is cut off once past the limit, not held', () => {
    const s = new LineSplitter(1024 * 1024, () => assert.fail('no line was sent'));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let pushed = 0;
    assert.throws(() => {
      for (;;) {
        s.push(chunk);
        pushed += chunk.length;
      }
    }, TooLargeError);
    assert.equal(pushed, 1024 * 1024, 'cut off at the first chunk past 1 MiB');
    assert.equal(s.end(), null, 'nothing kept after the cut');
  });

  it('several lines in one chunk, and the unfinished last line at the end', () => {
    const lines: string[] = [];
    const s = new LineSplitter(4, (l) => lines.push(l));
    s.push(Buffer.from('a\nbb\ncccc\nd'));
    assert.deepEqual(lines, ['a', 'bb', 'cccc']);
    assert.equal(s.end(), 'd');
  });

  it('formatBytes names the limit as a person would', () => {
    assert.equal(formatBytes(16 * 1024 * 1024), '16 MiB');
    assert.equal(formatBytes(2048), '2 KiB');
    assert.equal(formatBytes(1000), '1000 bytes');
  });
});

describe('readStreamText stops at its limit', () => {
  it('exactly the limit is read, one byte more destroys the stream with a TooLargeError', async () => {
    assert.equal(await readStreamText(Readable.from([Buffer.from('12345'), Buffer.from('678')]), 8), '12345678');
    const stream = Readable.from([Buffer.from('12345'), Buffer.from('6789')]);
    await assert.rejects(readStreamText(stream, 8), (e: Error) => e instanceof TooLargeError && e.what === 'body' && /larger than 8 bytes/.test(e.message));
    assert.equal(stream.destroyed, true);
  });
});

/** A metrics server on loopback that answers with a body without end: the client stops reading at its limit. */
describe('an oversized answer from a metrics server', () => {
  let server: Server;
  let url = '';
  let sent = 0;
  let closed: Promise<void>;
  before(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      closed = new Promise((resolve) => res.on('close', () => resolve()));
      const pump = (): void => {
        while (!res.destroyed && sent < 1024 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const a = server.address();
    url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  });
  after(() => server.close());

  it('is cut off with an error naming the server and the limit; the server sees the connection close', async () => {
    const client = createPromClient({ url, fetch: fetchVia(new Agent()), headers: async () => ({}) });
    await assert.rejects(client.query('up'), (e: Error) => e.message.includes(`metrics at`) && e.message.includes('limit 32 MiB'));
    await closed;
    assert.ok(sent < 4 * MAX_METRICS_BODY, `the server was stopped after ${sent} bytes, not allowed to send 1 GiB`);
  });
});
