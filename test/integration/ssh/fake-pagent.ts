/** Stand-ins for ssh2's pagent.exe, so the Pageant path runs on Linux against a real ssh-agent. */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes an executable that behaves like pagent.exe in front of a running Pageant: it reads one agent request
 * on stdin (its length is argv[1], as ssh2 passes it), hands it to the ssh-agent at `agentSocket` and prints
 * the answer. A wrong length ends it with pagent.exe's code 15.
 */
export function writeFakePagent(dir: string, agentSocket: string): string {
  const path = join(dir, 'pagent.cjs');
  const script = `#!${process.execPath}
const net = require('node:net');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  const req = Buffer.concat(chunks);
  if (Number(process.argv[2]) !== req.length) process.exit(15);
  const s = net.connect(${JSON.stringify(agentSocket)});
  let buf = Buffer.alloc(0);
  s.on('error', () => process.exit(11));
  s.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    if (buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) {
      s.destroy();
      process.stdout.write(buf, () => process.exit(0));
    }
  });
  s.write(req);
});
`;
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return path;
}

/** A pagent.exe that finds no Pageant window: it exits with code 11, as the real one does. */
export function writeNoPageant(dir: string): string {
  const path = join(dir, 'pagent-none.sh');
  writeFileSync(path, '#!/bin/sh\ncat >/dev/null\nexit 11\n');
  chmodSync(path, 0o755);
  return path;
}
