/**
 * A real sshd that shows the probe a host of our choosing: it runs in its own
 * mount namespace (`unshare -m`, so nothing is seen outside and every mount
 * ends with it) with a tmpfs over /sys/block holding the disks we name, and
 * fake `smartctl`, `journalctl` and `dmesg` bind-mounted in place, printing
 * the SMART JSON and kernel lines we give. Needs root (mounts).
 *
 *   const host = await startFakeHost({ disks: { sda: '../devices/.../block/sda' }, smart: { sda: json }, kernelLines: [...] });
 *   // host.sshd is a usual Sshd; host.useDmesg(true) makes journalctl say it has no journal
 *   await host.stop();
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSshd, type Sshd } from './sshd';

export interface FakeHostOptions {
  /** /sys/block entries: name -> symlink target (as the kernel links them, `../devices/...`). */
  disks: Record<string, string>;
  /** What `smartctl --json ... /dev/<name>` prints, by disk name. A disk without one gets smartctl's "no such device" JSON. */
  smart?: Record<string, string>;
  /** Kernel log lines (without the journal prefix). */
  kernelLines: string[];
}

export interface FakeHost {
  sshd: Sshd;
  /** From now on journalctl finds no journal, so the probe falls back to dmesg. */
  useDmesg(on: boolean): void;
  stop(): Promise<void>;
}

const SAFE_NAME = /^[A-Za-z0-9_-]+$/;
const SAFE_TARGET = /^[A-Za-z0-9_./:-]+$/;

function script(path: string, body: string): void {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

export async function startFakeHost(o: FakeHostOptions): Promise<FakeHost> {
  const dir = mkdtempSync(join(tmpdir(), 'labtray-fakehost-'));
  const bin = join(dir, 'bin');
  const smartDir = join(dir, 'smart');
  mkdirSync(bin);
  mkdirSync(smartDir);
  for (const [name, target] of Object.entries(o.disks)) {
    if (!SAFE_NAME.test(name) || !SAFE_TARGET.test(target)) throw new Error(`fake host: bad /sys/block entry ${name} -> ${target}`);
  }
  for (const [name, json] of Object.entries(o.smart ?? {})) writeFileSync(join(smartDir, `${name}.json`), json);
  writeFileSync(join(dir, 'kernel.log'), o.kernelLines.map((l) => `2026-12-04T04:00:00+0000 fakehost kernel: ${l}`).join('\n') + '\n');
  writeFileSync(join(dir, 'dmesg.log'), o.kernelLines.map((l, i) => `[ ${100 + i}.000000] ${l}`).join('\n') + '\n');
  // smartctl: the last argument is /dev/<name>.
  script(
    join(bin, 'smartctl'),
    `for a; do dev=$a; done; n=\${dev##*/}
if [ -f "${smartDir}/$n.json" ]; then cat "${smartDir}/$n.json"; exit 0; fi
echo '{"smartctl":{"messages":[{"string":"'"$dev"': No such device","severity":"error"}],"exit_status":2}}'; exit 2`,
  );
  script(join(bin, 'journalctl'), `if [ -f "${dir}/no-journal" ]; then echo "No journal files were found."; exit 0; fi\ncat "${dir}/kernel.log"`);
  script(join(bin, 'dmesg'), `cat "${dir}/dmesg.log"`);
  const links = Object.entries(o.disks)
    .map(([name, target]) => `ln -s '${target}' /sys/block/${name}`)
    .join('\n');
  // Runs inside the new mount namespace, then becomes sshd (same pid).
  const setup = join(dir, 'setup.sh');
  script(
    setup,
    `set -e
mount --make-rprivate /
mount -t tmpfs fakeblock /sys/block
${links}
mount --bind "${bin}" /usr/local/sbin
for c in journalctl dmesg; do for d in /usr/bin /bin /usr/sbin /sbin; do if [ -f "$d/$c" ]; then mount --bind "${bin}/$c" "$d/$c"; fi; done; done
exec "$@"`,
  );
  let sshd: Sshd;
  try {
    sshd = await startSshd({ launch: (argv) => ({ file: 'unshare', args: ['-m', '--propagation', 'private', '/bin/sh', setup, ...argv] }) });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    sshd,
    useDmesg: (on) => (on ? writeFileSync(join(dir, 'no-journal'), '') : rmSync(join(dir, 'no-journal'), { force: true })),
    stop: async () => {
      await sshd.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
