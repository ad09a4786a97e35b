/**
 * Reading what a server sends without trusting its size: response bodies and
 * stream lines have a limit, and a source that goes past it is cut off with an
 * error naming the limit, so a hostile or broken server can never fill memory.
 */

/** `16777216` → `16 MiB`. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / 1024 / 1024} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** A body or a line went past its limit; `limit` in bytes. The caller names the source. */
export class TooLargeError extends Error {
  constructor(
    readonly what: 'body' | 'line',
    readonly limit: number,
  ) {
    super(what === 'line' ? `a line longer than ${formatBytes(limit)} without a newline` : `an answer larger than ${formatBytes(limit)}`);
    this.name = 'TooLargeError';
  }
}

/**
 * Splits a byte stream into lines ("\n", a "\r" before it dropped). Each byte
 * is looked at once, and no more than `maxBytes` of an unfinished line is
 * held: past that, push() throws a TooLargeError.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly onLine: (line: string) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      this.hold(piece.length);
      const line = this.parts.length ? Buffer.concat([...this.parts, piece]) : piece;
      this.parts = [];
      this.size = 0;
      start = nl + 1;
      this.onLine(stripCr(line.toString('utf8')));
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.hold(rest.length);
      this.parts.push(rest);
      this.size += rest.length;
    }
  }

  /** The unfinished last line when the stream ends (null when there is none). */
  end(): string | null {
    if (!this.parts.length) return null;
    const line = stripCr(Buffer.concat(this.parts).toString('utf8'));
    this.parts = [];
    this.size = 0;
    return line;
  }

  private hold(more: number): void {
    if (this.size + more > this.maxBytes) {
      this.parts = [];
      this.size = 0;
      throw new TooLargeError('line', this.maxBytes);
    }
  }
}

function stripCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}

/** A declared Content-Length already past the limit: refused before a byte of the body is read. */
export function declaredTooLarge(contentLength: string | null | undefined, limit: number): boolean {
  const n = contentLength ? Number(contentLength) : NaN;
  return Number.isFinite(n) && n > limit;
}

/** Reads a Node stream (an IncomingMessage) to its end as UTF-8, at most `limit` bytes; destroys it past that. */
export async function readStreamText(stream: AsyncIterable<unknown> & { destroy(err?: Error): void }, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    const b = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
    size += b.length;
    if (size > limit) {
      const err = new TooLargeError('body', limit);
      stream.destroy(err);
      throw err;
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The parts of a fetch Response that readResponseText uses. */
export interface BodyResponse {
  headers: { get(name: string): string | null };
  body: AsyncIterable<Uint8Array> | null;
  text(): Promise<string>;
}

/** Reads a fetch Response body as UTF-8, at most `limit` bytes; the rest is never read (the stream is cancelled). */
export async function readResponseText(res: BodyResponse, limit: number): Promise<string> {
  const body = res.body;
  if (declaredTooLarge(res.headers.get('content-length'), limit)) {
    await (body as { cancel?: () => Promise<void> } | null)?.cancel?.().catch(() => undefined);
    throw new TooLargeError('body', limit);
  }
  if (!body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early (break or throw) cancels the stream, so the connection is not read further.
  for await (const c of body) {
    size += c.byteLength;
    if (size > limit) throw new TooLargeError('body', limit);
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}
