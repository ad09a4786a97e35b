/**
 * Runs the probe script (`sh -c '<script>'`) as a host would, in its own mount
 * namespace (`unshare -m`, nothing seen outside, every mount ends with it):
 * tmpfs over /sys/block and /sys/class holding the disks and sensors we name,
 * and a PATH holding only the basic tools plus the fakes we choose (smartctl,
 * journalctl, dmesg, sensors, systemctl, sudo, id), and an empty /usr/sbin
 * (or one holding only a fake smartctl). /proc and df are the
 * machine's own. Needs root (mounts).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The real tools the script needs besides the fakes. */
const BASIC = ['sh', 'cat', 'grep', 'tail', 'uname', 'getconf', 'nproc', 'df', 'readlink', 'ls', 'tr', 'timeout', 'id', 'echo'];

export interface SandboxHost {
  /** /sys/block entries: name -> symlink target as the kernel links them. */
  disks?: Record<string, string>;
  /** /sys/class/thermal/thermal_zoneN: type and temp (millidegrees) files. */
  thermal?: { type: string; temp: string }[];
  /** /sys/class/hwmon/hwmonN: file name -> content (`name`, `temp1_input`, ...). */
  hwmon?: Record<string, string>[];
  /** Fake tools: name -> sh body. Each may append to "$LOG" to record how it was called. */
  tools?: Record<string, string>;
  /** A smartctl at /usr/sbin/smartctl (where Debian puts it, off a user's PATH); else /usr/sbin is empty. */
  sbinSmartctl?: string;
}

export interface SandboxRun {
  stdout: string;
  /** What the fake tools wrote to $LOG, one line each. */
  log: string[];
}

const SAFE = /^[A-Za-z0-9_.:/-]+$/;

/** Runs `command` (the probe's `sh -c '…'`) on a host shaped by `host`. */
export function runInSandbox(command: string, host: SandboxHost): SandboxRun {
  const dir = mkdtempSync(join(tmpdir(), 'labtray-probe-sandbox-'));
  try {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    for (const tool of BASIC) symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(bin, tool));
    for (const [name, body] of Object.entries(host.tools ?? {})) {
      rmSync(join(bin, name), { force: true });
      writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    }
    const lines = ['set -e', 'mount --make-rprivate /', 'mount -t tmpfs sandboxblock /sys/block', 'mount -t tmpfs sandboxclass /sys/class', 'mkdir -p /sys/class/thermal /sys/class/hwmon'];
    if (host.sbinSmartctl !== undefined) writeFileSync(join(dir, 'sbin-smartctl'), `#!/bin/sh\n${host.sbinSmartctl}\n`, { mode: 0o755 });
    for (const [name, target] of Object.entries(host.disks ?? {})) {
      if (!SAFE.test(name) || !SAFE.test(target)) throw new Error(`probe sandbox: bad /sys/block entry ${name} -> ${target}`);
      lines.push(`ln -s '${target}' /sys/block/${name}`);
    }
    const files = join(dir, 'files');
    mkdirSync(files);
    const place = (sysPath: string, content: string) => {
      const src = join(files, String(lines.length));
      writeFileSync(src, content);
      lines.push(`mkdir -p "$(dirname ${sysPath})"`, `cp '${src}' ${sysPath}`);
    };
    (host.thermal ?? []).forEach((z, i) => {
      place(`/sys/class/thermal/thermal_zone${i}/type`, `${z.type}\n`);
      place(`/sys/class/thermal/thermal_zone${i}/temp`, `${z.temp}\n`);
    });
    (host.hwmon ?? []).forEach((chip, i) => {
      for (const [f, v] of Object.entries(chip)) place(`/sys/class/hwmon/hwmon${i}/${f}`, `${v}\n`);
    });
    const log = join(dir, 'tools.log');
    writeFileSync(log, '');
    // Last: the tools above come from /usr/sbin.
    lines.push('mount -t tmpfs sandboxsbin /usr/sbin');
    if (host.sbinSmartctl !== undefined) lines.push(`cp '${join(dir, 'sbin-smartctl')}' /usr/sbin/smartctl`);
    lines.push(`export PATH='${bin}' LOG='${log}'`, 'exec sh -c "$1"');
    writeFileSync(join(dir, 'setup.sh'), lines.join('\n') + '\n');
    const stdout = execFileSync('unshare', ['-m', '--propagation', 'private', '/bin/sh', join(dir, 'setup.sh'), command], { encoding: 'utf8', env: { HOME: dir, PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } });
    return { stdout, log: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
