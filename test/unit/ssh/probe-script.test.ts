import assert from 'node:assert/strict';
import { machine, totalmem } from 'node:os';
import { describe, it } from 'node:test';
import { probeCommand, runProbes, splitSections } from '../../../electron/core/ssh/probes';
import { resolveThresholds } from '../../../electron/core/ssh/probes/thresholds';
import type { ProbeContext } from '../../../electron/core/ssh/probes/types';
import { runInSandbox, type SandboxHost } from '../../helpers/probe-sandbox';

// The probe script run as a host runs it: `sh -c '<script>'` in a mount namespace whose /sys/block,
// /sys/class and PATH hold what each test names (test/helpers/probe-sandbox.ts), then split and judged.

const ctx: ProbeContext = { host: 'um560', source: 'host:um560', observedAt: '2026-11-27T10:00:00.000Z', thresholds: resolveThresholds({}) };
const NONCE = 'f00dcafe42';
const root = process.getuid?.() === 0;

const DISKS = {
  loop0: '../devices/virtual/block/loop0',
  mmcblk0: '../devices/platform/fe2c0000.mmc/mmc_host/mmc0/mmc0:aaaa/block/mmcblk0',
  mmcblk0boot0: '../devices/platform/fe2c0000.mmc/mmc_host/mmc0/mmc0:aaaa/block/mmcblk0/mmcblk0boot0',
  mmcblk0rpmb: '../devices/platform/fe2c0000.mmc/mmc_host/mmc0/mmc0:aaaa/block/mmcblk0/mmcblk0rpmb',
  nvme0c0n1: '../devices/pci0000:00/0000:00:01.2/0000:02:00.0/nvme/nvme0/nvme0c0n1',
  nvme0n1: '../devices/virtual/nvme-subsystem/nvme-subsys0/nvme0n1',
  sda: '../devices/pci0000:00/0000:00:17.0/ata3/host2/target2:0:0/2:0:0:0/block/sda',
  sr0: '../devices/pci0000:00/0000:00:17.0/ata4/host3/target3:0:0/3:0:0:0/block/sr0',
  vda: '../devices/pci0000:00/0000:00:04.0/virtio1/block/vda',
  zram0: '../devices/virtual/block/zram0',
};

const KERNEL_LINES = [
  'nvme nvme0: 8/0/0 default/read/poll queues',
  'blk_update_request: I/O error, dev sda, sector 2048 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 0',
  'usb 1-1: new high-speed USB device number 2 using xhci_hcd',
  'nvme nvme0: I/O 7 QID 2 timeout, aborting',
];
const journal = (lines: string[]) => lines.map((l) => `2026-12-04T04:00:00+0000 um560 kernel: ${l}`);
const dmesg = (lines: string[]) => lines.map((l, i) => `[  ${100 + i}.000000] ${l}`);
const printLines = (lines: string[]) => `cat <<'END'\n${lines.join('\n')}\nEND`;

const SMARTCTL = `echo "smartctl $*" >> "$LOG"; for a; do dev=$a; done; printf '{"device":{"name":"%s"}}\\n' "$dev"`;
const JOURNALCTL = `echo "journalctl $*" >> "$LOG"\n${printLines(journal(KERNEL_LINES))}`;
const SYSTEMCTL = `echo "systemctl $*" >> "$LOG"; echo "● nut-monitor.service loaded failed failed Network UPS Tools monitor"`;

const run = (host: SandboxHost, hours = 24) => {
  const r = runInSandbox(probeCommand(NONCE, hours), host);
  return { ...r, sections: splitSections(r.stdout, NONCE) };
};

describe('probe script on a host', { skip: !root && 'needs root for a mount namespace' }, () => {
  it('prints every section in order, asks smartctl about real disks only and sends the kernel lines the rules want', () => {
    const { sections, log } = run({
      disks: DISKS,
      thermal: [{ type: 'x86_pkg_temp', temp: '45000' }],
      hwmon: [{ name: 'nvme', temp1_input: '38850', temp1_label: 'Composite', temp1_crit: '84850' }],
      tools: { smartctl: SMARTCTL, journalctl: JOURNALCTL, systemctl: SYSTEMCTL },
    }, 47.6);
    assert.deepEqual([...sections.keys()], ['arch', 'nproc', 'uptime', 'loadavg', 'meminfo', 'df', 'thermal', 'hwmon', 'sensors', 'smart', 'smart:mmcblk0', 'smart:nvme0n1', 'smart:sda', 'smart:vda', 'blockdevs', 'kernel', 'systemd', 'end']);
    assert.equal(sections.get('arch'), machine());
    assert.equal(sections.get('smart'), '');
    assert.deepEqual(['mmcblk0', 'nvme0n1', 'sda', 'vda'].map((d) => sections.get(`smart:${d}`)), ['!sdcard', '{"device":{"name":"/dev/nvme0n1"}}', '{"device":{"name":"/dev/sda"}}', '!virtual']);
    assert.equal(sections.get('thermal'), '/sys/class/thermal/thermal_zone0/type=x86_pkg_temp\n/sys/class/thermal/thermal_zone0/temp=45000');
    assert.equal(sections.get('hwmon'), '/sys/class/hwmon/hwmon0/name=nvme\n/sys/class/hwmon/hwmon0/temp1_input=38850\n/sys/class/hwmon/hwmon0/temp1_label=Composite\n/sys/class/hwmon/hwmon0/temp1_crit=84850');
    assert.equal(sections.get('sensors'), '!unavailable lm-sensors is not installed');
    assert.equal(sections.get('blockdevs'), Object.entries(DISKS).map(([n, t]) => `${n} ${t}`).join(' \n'));
    assert.equal(sections.get('kernel'), ['#from journalctl', ...journal([KERNEL_LINES[1], KERNEL_LINES[3]])].join('\n'));
    assert.equal(sections.get('systemd'), '● nut-monitor.service loaded failed failed Network UPS Tools monitor');
    assert.deepEqual(log, [
      'smartctl --json -i -H -A -l error /dev/nvme0n1',
      'smartctl --json -i -H -A -l error /dev/sda',
      'journalctl -k -q --no-pager --since -48h -o short-iso',
      'systemctl --failed --no-legend --plain --no-pager',
    ]);
  });

  it('its sections judge to the host\'s own figures and checks', () => {
    const { sections } = run({ disks: DISKS, thermal: [{ type: 'x86_pkg_temp', temp: '45000' }], tools: { journalctl: JOURNALCTL, systemctl: SYSTEMCTL } });
    const r = runProbes(sections, ctx);
    assert.equal(r.memTotal, totalmem());
    assert.equal(r.arch, machine());
    assert.ok(Number.isInteger(r.cores) && r.cores! >= 1, String(r.cores));
    assert.ok(r.uptimeSeconds! > 0 && r.load!.length === 3);
    assert.deepEqual(r.temperatures, [{ label: 'x86_pkg_temp', celsius: 45, kind: 'cpu' }]);
    const byId = new Map(r.checks.map((c) => [c.id.replace('host:um560:', ''), c]));
    assert.deepEqual(['smart', 'kernel:sda', 'kernel:nvme0n1', 'systemd', 'temperature'].map((id) => [id, byId.get(id)?.status]), [
      ['smart', 'unknown'],
      ['kernel:sda', 'crit'],
      ['kernel:nvme0n1', 'warn'],
      ['systemd', 'warn'],
      ['temperature', 'ok'],
    ]);
    assert.equal(byId.get('kernel:nvme0n1')?.summary, 'um560: nvme0n1 (nvme0): command timeout in the kernel log (1 line in 24 h)');
    assert.equal(byId.get('smart')?.summary, 'um560: disk health (SMART) not checked: smartctl is not installed (package smartmontools)');
  });

  it('without a journal it reads dmesg, and says why when neither can be read; it keeps the last 200 kernel lines', () => {
    const DMESG = printLines(dmesg(KERNEL_LINES));
    for (const noJournal of ['echo "No journal files were found."', 'echo "Hint: You are currently not seeing messages from other users and the system. Users in groups adm, systemd-journal can see all messages. Pass -q to turn off this notice. insufficient permissions"', 'exit 1', 'true']) {
      const { sections } = run({ tools: { journalctl: noJournal, dmesg: DMESG } });
      assert.equal(sections.get('kernel'), ['#from dmesg', dmesg(KERNEL_LINES)[1], dmesg(KERNEL_LINES)[3]].join('\n'), noJournal);
    }
    const denied = run({ tools: { dmesg: 'echo "dmesg: read kernel buffer failed: Operation not permitted"; exit 1' } });
    assert.equal(denied.sections.get('kernel'), '!unavailable cannot read the kernel log: dmesg: read kernel buffer failed: Operation not permitted');
    const many = Array.from({ length: 250 }, (_, i) => `nvme nvme0: I/O ${i} QID 2 timeout, aborting`);
    const { sections } = run({ tools: { journalctl: printLines(journal(many)) } });
    assert.equal(sections.get('kernel'), ['#from journalctl', ...journal(many.slice(50))].join('\n'));
  });

  it('as a user it runs smartctl through sudo -n when allowed, and says who lacks sudo otherwise', () => {
    const user = 'case "$1" in -u) echo 1000;; -un) echo pi;; esac';
    const allowed = run({ disks: { sda: DISKS.sda }, tools: { id: user, smartctl: SMARTCTL, sudo: 'echo "sudo $*" >> "$LOG"; [ "$1" = -n ] && shift; exec "$@"' } });
    assert.equal(allowed.sections.get('smart'), '');
    assert.equal(allowed.sections.get('smart:sda'), '{"device":{"name":"/dev/sda"}}');
    assert.deepEqual(allowed.log.map((l) => l.replace(/\S*\/smartctl/, 'smartctl')), ['sudo -n smartctl --version', 'smartctl --version', 'sudo -n smartctl --json -i -H -A -l error /dev/sda', 'smartctl --json -i -H -A -l error /dev/sda']);
    const refused = run({ disks: { sda: DISKS.sda }, tools: { id: user, smartctl: SMARTCTL, sudo: 'echo "sudo $*" >> "$LOG"; exit 1' } });
    assert.equal(refused.sections.get('smart'), '#nosudo pi');
    assert.deepEqual(refused.log.map((l) => l.replace(/\S*\/smartctl/, 'smartctl')), ['sudo -n smartctl --version', 'smartctl --json -i -H -A -l error /dev/sda']);
    // Debian keeps smartctl in /usr/sbin, off a user's PATH: the script finds it there.
    const sbin = run({ disks: { sda: DISKS.sda }, sbinSmartctl: SMARTCTL.replace('"smartctl $*"', '"$0 $*"'), tools: { id: user, sudo: 'echo "sudo $*" >> "$LOG"; [ "$1" = -n ] && shift; exec "$@"' } });
    assert.equal(sbin.sections.get('smart:sda'), '{"device":{"name":"/dev/sda"}}');
    assert.deepEqual(sbin.log, ['sudo -n /usr/sbin/smartctl --version', '/usr/sbin/smartctl --version', 'sudo -n /usr/sbin/smartctl --json -i -H -A -l error /dev/sda', '/usr/sbin/smartctl --json -i -H -A -l error /dev/sda']);
  });

  it('says which tool is missing or failed: smartctl, lm-sensors, systemd', () => {
    const bare = run({ disks: { sda: DISKS.sda } });
    assert.equal(bare.sections.get('smart'), '!unavailable smartctl is not installed (package smartmontools)');
    assert.equal(bare.sections.has('smart:sda'), false);
    assert.equal(bare.sections.get('sensors'), '!unavailable lm-sensors is not installed');
    assert.equal(bare.sections.get('systemd'), '!unavailable systemd is not used on this host');
    assert.equal(bare.sections.get('thermal'), '');
    assert.equal(run({ tools: { sensors: 'exit 1' } }).sections.get('sensors'), '!unavailable sensors -j failed');
    assert.equal(run({ tools: { sensors: '[ "$1" = -j ] && echo \'{"k10temp-pci-00c3":{"Tctl":{"temp1_input":52.5}}}\'' } }).sections.get('sensors'), '{"k10temp-pci-00c3":{"Tctl":{"temp1_input":52.5}}}');
  });
});

describe('probe command', () => {
  it('takes an alphanumeric nonce only, and at least one whole hour of kernel log', () => {
    for (const bad of ['', 'abc-1', 'a b', "x'y", 'nonce;rm']) assert.throws(() => probeCommand(bad, 24), { message: 'nonce must be alphanumeric' }, bad);
    const head = (hours: number) => probeCommand('Ab1', hours).split('\n')[0];
    assert.deepEqual([head(0), head(0.4), head(1.5), head(24), head(-5)], ["sh -c 'N=Ab1; H=1", "sh -c 'N=Ab1; H=1", "sh -c 'N=Ab1; H=2", "sh -c 'N=Ab1; H=24", "sh -c 'N=Ab1; H=1"]);
    assert.ok(probeCommand('Ab1', 24).endsWith("s end\n'"));
  });
});

describe('section split', () => {
  const m = (name: string) => `@@LABTRAY-${NONCE}:${name}`;
  it('drops what comes before the first marker, trims each section and its name, and lets a repeated name keep the last', () => {
    const out = ['Welcome to um560', m('arch'), '', '  x86_64  ', '', `${m('nproc')}  `, '4', m('arch'), 'aarch64', m('end')].join('\n');
    assert.deepEqual([...splitSections(out, NONCE)], [['arch', 'aarch64'], ['nproc', '4'], ['end', '']]);
    assert.deepEqual([...splitSections('no markers here\n4', NONCE)], []);
    assert.deepEqual([...splitSections(`${m('df')}\nFilesystem\n  ${m('fake')}`, NONCE)], [['df', `Filesystem\n  ${m('fake')}`]]);
    // The last section needs no end marker.
    assert.deepEqual([...splitSections(`${m('systemd')}\n0 loaded units listed.\n`, NONCE)], [['systemd', '0 loaded units listed.']]);
  });
});

describe('probe run without sections', () => {
  it('a run that printed nothing gives no figures and says, per probe, that it is not known', () => {
    const r = runProbes(new Map(), ctx);
    assert.deepEqual({ ...r, checks: r.checks.map((c) => [c.id, c.status]) }, {
      checks: [
        ['host:um560:uptime', 'unknown'],
        ['host:um560:load', 'unknown'],
        ['host:um560:memory', 'unknown'],
        ['host:um560:disk', 'unknown'],
        ['host:um560:temperature', 'unknown'],
        ['host:um560:smart', 'unknown'],
        ['host:um560:kernel', 'unknown'],
        ['host:um560:systemd', 'unknown'],
      ],
      uptimeSeconds: null,
      load: null,
      cores: null,
      memUsed: null,
      memTotal: null,
      arch: null,
      temperatures: [],
    });
    assert.equal(runProbes(new Map([['arch', '  ']]), ctx).arch, null);
    assert.equal(runProbes(new Map([['arch', ' riscv64 ']]), ctx).arch, 'riscv64');
  });
});
