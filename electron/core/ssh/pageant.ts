/**
 * Pageant (PuTTY's agent on Windows), reached the way ssh2 reaches it: each agent request goes to a short-lived
 * `pagent.exe` on stdin and the answer comes back on stdout. ssh2 spawns its own copy from a fixed path inside
 * node_modules, which inside app.asar is not a file the OS can run (Electron redirects `execFile`, not `spawn`).
 * This agent runs the copy electron-builder unpacks beside the archive (`asarUnpack` in electron-builder.yml),
 * with no console window.
 */
import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import nodePath from 'node:path';
import { Duplex } from 'node:stream';
import ssh2 from 'ssh2';

/** pagent.exe's exit codes (ssh2's util/pagent.c). */
const EXIT_ERRORS: Record<number, string> = {
  10: 'invalid pagent.exe arguments',
  11: 'Pageant is not running',
  12: 'pagent.exe could not create a shared memory map',
  13: 'pagent.exe could not set stdin to binary mode',
  14: 'pagent.exe could not set stdout to binary mode',
  15: 'pagent.exe did not get the whole request',
};

export type SpawnLike = (file: string, args: string[], opts: { windowsHide: boolean; stdio: ['pipe', 'pipe', 'ignore'] }) => ChildProcess;

/** A path inside `app.asar` → the same path in `app.asar.unpacked`; other paths stay as they are. */
export function unpackedAsarPath(path: string): string {
  return path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/** Where ssh2's pagent.exe is on disk: next to ssh2's lib/, taken out of app.asar in a packaged app. */
export function pagentExePath(resolveSsh2: () => string = () => createRequire(import.meta.url).resolve('ssh2'), path: nodePath.PlatformPath = nodePath): string {
  // ssh2's main file is lib/index.js; util/ sits beside lib/.
  return unpackedAsarPath(path.join(path.dirname(path.dirname(resolveSsh2())), 'util', 'pagent.exe'));
}

/** One request to Pageant through one pagent.exe run, as a stream the agent protocol writes to and reads from. */
class PageantPipe extends Duplex {
  private buffer: Buffer | null = null;
  private proc: ChildProcess | undefined;

  constructor(
    private readonly exe: string,
    private readonly spawn: SpawnLike,
  ) {
    super();
  }

  override _read(): void {
    // Data is pushed when pagent.exe writes it.
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.buffer = this.buffer ? Buffer.concat([this.buffer, chunk]) : chunk;
    if (this.buffer.length < 4) return cb();
    const len = this.buffer.readUInt32BE(0);
    if (this.buffer.length - 4 < len) return cb();
    if (this.buffer.length > 4 + len) return cb(new Error('more than one agent request at once'));
    const request = this.buffer;
    this.buffer = null;
    let failed = false;
    const proc = (this.proc = this.spawn(this.exe, [String(request.length)], { windowsHide: true, stdio: ['pipe', 'pipe', 'ignore'] }));
    proc.stdout?.on('data', (d: Buffer) => this.push(d));
    proc.on('error', (err) => {
      failed = true;
      cb(new Error(`cannot run ${this.exe} to reach Pageant: ${err.message}`, { cause: err }));
    });
    proc.on('close', (code: number | null) => {
      this.proc = undefined;
      if (failed) return;
      const known = code !== null ? EXIT_ERRORS[code] : undefined;
      if (known) return cb(new Error(known));
      if (code !== 0) return cb(new Error(`${this.exe} ended with ${code === null ? 'a signal' : `exit code ${code}`}`));
      cb();
    });
    proc.stdin?.end(request);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.stop();
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.stop();
    cb(err);
  }

  private stop(): void {
    this.buffer = null;
    this.proc?.kill();
    this.proc = undefined;
  }
}

/** An ssh2 agent that talks to Pageant through the pagent.exe at `exe`. */
export function pageantAgent(exe: string, spawn: SpawnLike = nodeSpawn as SpawnLike): ssh2.BaseAgent {
  class PageantAgent extends ssh2.OpenSSHAgent {
    override getStream(cb: ssh2.GetStreamCallback): void {
      cb(null, new PageantPipe(exe, spawn));
    }
  }
  return new PageantAgent('pageant');
}
