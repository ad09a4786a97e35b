import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diskOf, parseBlockDevices, relatedNames, type BlockMap } from '../../../electron/core/ssh/probes/block';
import { kernelChecks, parseKernelLog } from '../../../electron/core/ssh/probes/kernel';
import { kernelGrepPattern, matchKernelLine } from '../../../electron/core/ssh/probes/kernel-rules';
import { parseHwmon, parseSensorsJson, parseThermal, readTemperatures, temperatureChecks } from '../../../electron/core/ssh/probes/temperature';
import { resolveThresholds } from '../../../electron/core/ssh/probes/thresholds';
import type { ProbeContext } from '../../../electron/core/ssh/probes/types';
import type { Check } from '../../../shared/status';

// The kernel-log, block-device, temperature and script probes' exact words, devices and limits: what the
// owner reads in the tray is pinned, not only the status (see probe-parsers.test.ts for the small probes).

const fx = (name: string): string => readFileSync(join(import.meta.dirname, '../../fixtures/host', name), 'utf8');
const ctx: ProbeContext = { host: 'um560', source: 'host:um560', observedAt: '2026-11-27T10:00:00.000Z', thresholds: resolveThresholds({}) };
const seen = (cs: Check[]) => cs.map((c) => ({ id: c.id, status: c.status, summary: c.summary, ...(c.detail ? { detail: c.detail } : {}), ...(c.error ? { error: c.error } : {}) }));

/** One real-shaped line per rule (kernel wording from blk-core, nvme host, scsi, libata, ext4, btrfs, xfs and mmc), with what it must yield. */
const RULE_LINES: [line: string, device: string, severity: 'crit' | 'warn', kind: string][] = [
  ['[  951.1] blk_update_request: critical medium error, dev nvme0n1, sector 951741928 op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 0', 'nvme0n1', 'crit', 'critical medium error'],
  ['[ 1201.4] print_req_error: medium error, dev sdc, sector 2048', 'sdc', 'crit', 'medium error'],
  ['[  415.1] blk_update_request: I/O error, dev nvme1n1, sector 823872 op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 0', 'nvme1n1', 'crit', 'I/O error'],
  ['[  415.2] Buffer I/O error on dev sdb1, logical block 0, async page read', 'sdb1', 'crit', 'buffer I/O error'],
  ['[  415.3] Buffer I/O error on device dm-0, logical block 12', 'dm-0', 'crit', 'buffer I/O error'],
  ['[11508.6] nvme2n1: detected capacity change from 800166076416 to 0', 'nvme2n1', 'crit', 'disk disappeared'],
  ['[   88.0] nvme 0000:04:00.0: Unable to change power state from D3cold to D0, device inaccessible', '0000:04:00.0', 'crit', 'controller inaccessible (fell off the PCIe bus)'],
  ['[11483.1] nvme nvme2: Device not ready; aborting reset', 'nvme2', 'crit', 'controller not ready'],
  ['[  300.0] nvme nvme0: controller is down; will reset: CSTS=0xffffffff, PCI_STATUS=0xffff', 'nvme0', 'crit', 'controller down'],
  ['[11508.7] nvme nvme2: Removing after probe failure status: -19', 'nvme2', 'crit', 'controller removed'],
  ['[  301.0] nvme nvme0: Disabling device after reset failure: -19', 'nvme0', 'crit', 'controller disabled after a failed reset'],
  ['[11457.5] nvme nvme2: I/O 0 QID 0 timeout, reset controller', 'nvme2', 'warn', 'command timeout'],
  ['[  299.0] nvme nvme0: resetting controller', 'nvme0', 'warn', 'controller reset'],
  ['[  299.5] nvme nvme1: frozen state error detected, reset controller', 'nvme1', 'warn', 'controller reset'],
  ['[  512.0] nvme0n1: Read(0x2) @ LBA 1234, 8 blocks, Unrecovered Read Error (sct 0x2 / sc 0x81) DNR', 'nvme0n1', 'crit', 'medium error'],
  ['[  512.1] nvme0n1: Write(0x1) @ LBA 100, 8 blocks, Write Fault (sct 0x2 / sc 0x80)', 'nvme0n1', 'crit', 'medium error'],
  ['[  512.2] nvme0n1: Read(0x2) @ LBA 1234, 8 blocks, Invalid Field in Command (sct 0x0 / sc 0x02)', 'nvme0n1', 'warn', 'failed NVMe command'],
  ['[  700.0] sd 2:0:0:0: [sdb] tag#0 Sense Key : Medium Error [current]', 'sdb', 'crit', 'medium error'],
  ['[  700.1] sd 0:0:0:0: [sda] Sense Key : Hardware Error [current] [descriptor]', 'sda', 'crit', 'hardware error'],
  ['[  800.0] ata3.00: error: { UNC }', 'ata3', 'crit', 'uncorrectable read'],
  ['[6411193.0] ata1.00: exception Emask 0x0 SAct 0x1 SErr 0x0 action 0x6 frozen', 'ata1', 'warn', 'ATA exception'],
  ['[6411193.1] ata1: failed command: READ FPDMA QUEUED', 'ata1', 'warn', 'failed ATA command'],
  ['[  900.0] EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm ls: reading directory lblock 0', 'sda1', 'crit', 'filesystem error'],
  ['[  900.1] BTRFS error (device sdb1: state EA): bdev /dev/sdb1 errs: wr 0, rd 1, flush 0, corrupt 0, gen 0', 'sdb1', 'crit', 'filesystem error'],
  ['[  900.2] XFS (dm-1): Metadata corruption detected at xfs_inode_buf_verify+0x88/0x120', 'dm-1', 'crit', 'filesystem error'],
  ['[  900.3] XFS (sdd1): metadata I/O error in "xfs_buf_iodone_callback_error" at daddr 0x0 len 1 error 5', 'sdd1', 'crit', 'filesystem error'],
  ['[  950.0] mmc0: Timeout waiting for hardware interrupt.', 'mmc0', 'warn', 'SD/eMMC error'],
  ['[  950.1] mmc1: error -110 whilst initialising SD card', 'mmc1', 'warn', 'SD/eMMC error'],
];

/** Kernel lines about disks that are not trouble: no rule may match them. */
const BENIGN = [
  '[    1.2] nvme nvme0: pci function 0000:01:00.0',
  '[    1.3] nvme nvme0: 8/0/0 default/read/poll queues',
  '[    1.4] ata1: SATA link up 6.0 Gbps (SStatus 133 SControl 300)',
  '[    1.5] ata1.00: configured for UDMA/133',
  '[    1.6] sd 0:0:0:0: [sda] Sense Key : Recovered Error [current]',
  '[    1.7] sdb: detected capacity change from 0 to 1953525168',
  '[    1.8] XFS (sda1): Mounting V5 Filesystem',
  '[    1.9] EXT4-fs (sda1): mounted filesystem with ordered data mode',
  '[    2.0] mmc0: new high speed SDHC card at address aaaa',
];

describe('kernel log rules', () => {
  it('each rule names its device, severity and kind in real kernel wording; the graver wording wins', () => {
    for (const [line, device, severity, kind] of RULE_LINES) {
      assert.deepEqual(parseKernelLog(line).map((e) => [e.device, e.severity, e.kind, e.line]), [[device, severity, kind, line]], line);
    }
  });

  it('ordinary disk lines (link up, recovered error, a disk appearing, a mount) match no rule', () => {
    for (const line of BENIGN) assert.equal(matchKernelLine(line), null, line);
    assert.deepEqual(parseKernelLog(BENIGN.join('\n')), []);
  });

  it('the host-side grep -E filter passes every rule line and holds back ordinary ones', () => {
    const kept = execFileSync('grep', ['-E', kernelGrepPattern()], { input: [...BENIGN, ...RULE_LINES.map((r) => r[0])].join('\n') + '\n', encoding: 'utf8' });
    assert.deepEqual(kept.trimEnd().split('\n'), RULE_LINES.map((r) => r[0]));
  });

  it('skips comment lines, trims what it quotes and keeps one event per line in order', () => {
    const text = ['#from journalctl', '# I/O error, dev sda', `  ${RULE_LINES[2][0]}  `, '', RULE_LINES[11][0]].join('\n');
    assert.deepEqual(parseKernelLog(text), [
      { device: 'nvme1n1', severity: 'crit', key: 'kernel.ioError', kind: 'I/O error', line: RULE_LINES[2][0] },
      { device: 'nvme2', severity: 'warn', key: 'kernel.commandTimeout', kind: 'command timeout', line: RULE_LINES[11][0] },
    ]);
    assert.deepEqual(parseKernelLog(undefined), []);
  });
});

const BLOCKDEVS = [
  'sda ../devices/pci0000:00/0000:00:17.0/ata3/host2/target2:0:0/2:0:0:0/block/sda ',
  'nvme1n1 ../devices/pci0000:00/0000:00:1d.0/0000:03:00.0/nvme/nvme1/nvme1n1 ',
  'loop0 ../devices/virtual/block/loop0 ',
].join('\n');

describe('kernel log checks', () => {
  it('a clean log is ok, over the journal window in hours (configured) or since boot for dmesg', () => {
    assert.deepEqual(seen(kernelChecks(ctx, '#from journalctl\n')), [{ id: 'host:um560:kernel', status: 'ok', summary: 'um560: no disk I/O errors in the kernel log in 24 h' }]);
    assert.deepEqual(seen(kernelChecks(ctx, '#from dmesg')), [{ id: 'host:um560:kernel', status: 'ok', summary: 'um560: no disk I/O errors in the kernel log since boot' }]);
    const week: ProbeContext = { ...ctx, thresholds: resolveThresholds({ kernelLogHours: 168 }) };
    assert.equal(kernelChecks(week, '#from journalctl')[0].summary, 'um560: no disk I/O errors in the kernel log in 168 h');
    // Only a header at the start of a line names the source; without one the window is the journal's.
    assert.equal(kernelChecks(ctx, '')[0].summary, 'um560: no disk I/O errors in the kernel log in 24 h');
    assert.equal(kernelChecks(ctx, 'note #from dmesg')[0].summary, 'um560: no disk I/O errors in the kernel log in 24 h');
  });

  it('an unreadable log is unknown and says disk errors would go unseen, with the host\'s reason', () => {
    assert.deepEqual(seen(kernelChecks(ctx, '!unavailable cannot read the kernel log: dmesg: read kernel buffer failed: Operation not permitted')), [
      { id: 'host:um560:kernel', status: 'unknown', summary: 'um560: kernel log not readable, disk errors would go unseen', error: 'cannot read the kernel log: dmesg: read kernel buffer failed: Operation not permitted' },
    ]);
    assert.deepEqual(seen(kernelChecks(ctx, undefined))[0].error, 'the probe produced no output');
  });

  it('one check per disk: crit with the back-up advice when any line is grave, kinds grave first and once, lines counted', () => {
    const text = ['#from journalctl', RULE_LINES[11][0], RULE_LINES[7][0], RULE_LINES[7][0], RULE_LINES[9][0], RULE_LINES[21][0]].join('\n');
    assert.deepEqual(seen(kernelChecks(ctx, text)), [
      {
        id: 'host:um560:kernel:nvme2',
        status: 'crit',
        summary: 'um560: nvme2: controller not ready, controller removed, command timeout in the kernel log (4 lines in 24 h) — back up now, the disk may be failing',
        detail: [RULE_LINES[11][0], RULE_LINES[7][0], RULE_LINES[7][0], RULE_LINES[9][0]].join('\n'),
      },
      { id: 'host:um560:kernel:ata1', status: 'warn', summary: 'um560: ata1: failed ATA command in the kernel log (1 line in 24 h)', detail: RULE_LINES[21][0] },
    ]);
  });

  it('the detail quotes the last five lines only', () => {
    const lines = [1, 2, 3, 4, 5, 6, 7].map((n) => `[ ${n}.0] nvme nvme0: I/O ${n} QID 1 timeout, aborting`);
    const [c] = kernelChecks(ctx, ['#from dmesg', ...lines].join('\n'));
    assert.equal(c.summary, 'um560: nvme0: command timeout in the kernel log (7 lines since boot)');
    assert.equal(c.detail, lines.slice(2).join('\n'));
  });

  it('with /sys/block known, a port\'s and a partition\'s lines join their disk, which names its port', () => {
    const text = ['#from journalctl', '[1.0] nvme nvme1: controller is down; will reset: CSTS=0xffffffff', '[1.1] blk_update_request: I/O error, dev nvme1n1, sector 8', '[2.0] ata3.00: exception Emask 0x0 SAct 0x1 SErr 0x0 action 0x6 frozen', '[2.1] EXT4-fs error (device sda1): ext4_find_entry:1455'].join('\n');
    assert.deepEqual(seen(kernelChecks(ctx, text, BLOCKDEVS)).map((c) => [c.id, c.status, c.summary]), [
      ['host:um560:kernel:nvme1n1', 'crit', 'um560: nvme1n1 (nvme1): controller down, I/O error in the kernel log (2 lines in 24 h) — back up now, the disk may be failing'],
      ['host:um560:kernel:sda', 'crit', 'um560: sda (ata3): filesystem error, ATA exception in the kernel log (2 lines in 24 h) — back up now, the disk may be failing'],
    ]);
    // Without the map the same lines stay on the names the kernel used.
    assert.deepEqual(kernelChecks(ctx, text).map((c) => c.id), ['host:um560:kernel:nvme1', 'host:um560:kernel:nvme1n1', 'host:um560:kernel:ata3', 'host:um560:kernel:sda1']);
  });

  it('finds the real failures of the captured log: two NVMe controllers lost, I/O errors on nvme1n1, SATA timeouts on ata1', () => {
    const checks = kernelChecks(ctx, `#from journalctl\n${fx('kernel-disk-errors.txt')}`);
    assert.deepEqual(checks.map((c) => [c.id, c.status]), [
      ['host:um560:kernel:nvme2', 'crit'],
      ['host:um560:kernel:nvme2n1', 'crit'],
      ['host:um560:kernel:nvme3', 'crit'],
      ['host:um560:kernel:nvme3n1', 'crit'],
      ['host:um560:kernel:nvme1n1', 'crit'],
      ['host:um560:kernel:ata1', 'warn'],
    ]);
    assert.equal(checks[0].summary, 'um560: nvme2: controller not ready, controller removed, command timeout in the kernel log (4 lines in 24 h) — back up now, the disk may be failing');
    assert.equal(checks[5].summary, 'um560: ata1: ATA exception, failed ATA command in the kernel log (2 lines in 24 h)');
  });
});

/** Real /sys/block symlink targets: SATA, NVMe, an NVMe namespace with two controllers (native multipath), an SD card, USB, loop and dm. */
const SYS_BLOCK = [
  'sda ../devices/pci0000:00/0000:00:17.0/ata3/host2/target2:0:0/2:0:0:0/block/sda ',
  'nvme0n1 ../devices/pci0000:00/0000:00:01.2/0000:02:00.0/nvme/nvme0/nvme0n1 ',
  'nvme1c1n1 ../devices/pci0000:00/0000:00:1d.0/0000:03:00.0/nvme/nvme1/nvme1c1n1 ',
  'nvme1c2n1 ../devices/pci0000:00/0000:00:1c.4/0000:04:00.0/nvme/nvme2/nvme1c2n1 ',
  'nvme1n1 ../devices/virtual/nvme-subsystem/nvme-subsys1/nvme1n1 nvme1c1n1 nvme1c2n1 ',
  'mmcblk0 ../devices/platform/fe2c0000.mmc/mmc_host/mmc0/mmc0:aaaa/block/mmcblk0 ',
  'sdc ../devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host4/target4:0:0/4:0:0:0/block/sdc ',
  'loop0 ../devices/virtual/block/loop0 ',
  'dm-0 ../devices/virtual/block/dm-0 ',
].join('\n');
const asPlain = (m: BlockMap) => ({ disks: [...m.disks], portsOf: Object.fromEntries(m.portsOf), disksOf: Object.fromEntries(m.disksOf) });

describe('block device map', () => {
  it('reads each disk\'s controller port (ata, nvme, mmc), the NVMe PCI address, and a multipath namespace\'s controllers and paths', () => {
    assert.deepEqual(asPlain(parseBlockDevices(SYS_BLOCK)), {
      disks: ['sda', 'nvme0n1', 'nvme1n1', 'mmcblk0', 'sdc', 'loop0', 'dm-0'],
      portsOf: { sda: ['ata3'], nvme0n1: ['nvme0'], nvme1n1: ['nvme1', 'nvme2'], mmcblk0: ['mmc0'] },
      disksOf: {
        ata3: ['sda'],
        '0000:02:00.0': ['nvme0n1'],
        nvme0: ['nvme0n1'],
        nvme1c1n1: ['nvme1n1'],
        '0000:03:00.0': ['nvme1n1'],
        nvme1: ['nvme1n1'],
        nvme1c2n1: ['nvme1n1'],
        '0000:04:00.0': ['nvme1n1'],
        nvme2: ['nvme1n1'],
        mmc0: ['mmcblk0'],
      },
    });
    // The namespace's own line alone names both controllers (`nvme<subsystem>c<controller>n<namespace>`).
    assert.deepEqual(asPlain(parseBlockDevices('nvme1n1 ../devices/virtual/nvme-subsystem/nvme-subsys1/nvme1n1 nvme1c1n1 nvme1c2n1')).portsOf, { nvme1n1: ['nvme1', 'nvme2'] });
  });

  it('skips blank lines, the unavailable marker and names that are not device names; nothing given is an empty map', () => {
    const m = parseBlockDevices(['', '   ', '!unavailable /sys/block is not readable', 'sd/a ../devices/x/ata1/y', 'sdb:1 ../devices/x/ata2/y', '  sdd   ../devices/pci0000:00/0000:00:17.0/ata5/host4/target4:0:0/4:0:0:0/block/sdd'].join('\n'));
    assert.deepEqual(asPlain(m), { disks: ['sdd'], portsOf: { sdd: ['ata5'] }, disksOf: { ata5: ['sdd'] } });
    assert.deepEqual(asPlain(parseBlockDevices(undefined)), { disks: [], portsOf: {}, disksOf: {} });
    // A path name that is not `nvme<subsystem>c<controller>n<namespace>` names no controller.
    assert.deepEqual(asPlain(parseBlockDevices('nvme3n1 ../devices/virtual/nvme-subsystem/nvme-subsys3/nvme3n1 nvme3n1 xnvme3c4n1 nvme3c5n1p1')).portsOf, {});
  });

  it('two namespaces on one controller: the controller names both and belongs to neither', () => {
    const m = parseBlockDevices(['nvme0n1 ../devices/pci0000:00/0000:00:01.2/0000:02:00.0/nvme/nvme0/nvme0n1', 'nvme0n2 ../devices/pci0000:00/0000:00:01.2/0000:02:00.0/nvme/nvme0/nvme0n2'].join('\n'));
    assert.equal(diskOf(m, 'nvme0'), 'nvme0');
    assert.deepEqual(relatedNames(m, 'nvme0'), ['nvme0n1', 'nvme0n2']);
    assert.deepEqual(relatedNames(m, 'nvme0n2'), ['nvme0']);
  });

  it('a kernel device name maps to its disk: the disk, a partition, the only disk on a port or PCI address; others stay', () => {
    const m = parseBlockDevices(SYS_BLOCK);
    const cases: [string, string][] = [
      ['sda', 'sda'],
      ['sda1', 'sda'],
      ['nvme0n1p2', 'nvme0n1'],
      ['mmcblk0p1', 'mmcblk0'],
      ['ata3', 'sda'],
      ['nvme2', 'nvme1n1'],
      ['nvme1c2n1', 'nvme1n1'],
      ['0000:04:00.0', 'nvme1n1'],
      ['mmc0', 'mmcblk0'],
      ['0000:02:00.0', 'nvme0n1'],
      ['sdz1', 'sdz1'],
      ['dm-0', 'dm-0'],
      ['dm-3', 'dm-3'],
      ['ata9', 'ata9'],
      ['nvme7n1p1', 'nvme7n1p1'],
    ];
    assert.deepEqual(cases.map(([dev]) => [dev, diskOf(m, dev)]), cases);
    assert.deepEqual([relatedNames(m, 'sda'), relatedNames(m, 'ata3'), relatedNames(m, 'sdc'), relatedNames(m, 'ata9')], [['ata3'], ['sda'], [], []]);
  });

  it('kernel lines naming a PCI address, a multipath controller or an SD host land on their disk\'s check', () => {
    const text = [
      '#from dmesg',
      '[88.0] nvme 0000:02:00.0: Unable to change power state from D3cold to D0, device inaccessible',
      '[89.0] nvme nvme2: I/O 12 QID 3 timeout, aborting',
      '[90.0] mmc0: Timeout waiting for hardware interrupt.',
    ].join('\n');
    assert.deepEqual(kernelChecks(ctx, text, SYS_BLOCK).map((c) => [c.id, c.status, c.summary]), [
      ['host:um560:kernel:nvme0n1', 'crit', 'um560: nvme0n1 (nvme0): controller inaccessible (fell off the PCIe bus) in the kernel log (1 line since boot) — back up now, the disk may be failing'],
      ['host:um560:kernel:nvme1n1', 'warn', 'um560: nvme1n1 (nvme1, nvme2): command timeout in the kernel log (1 line since boot)'],
      ['host:um560:kernel:mmcblk0', 'warn', 'um560: mmcblk0 (mmc0): SD/eMMC error in the kernel log (1 line since boot)'],
    ]);
  });
});

const hwmonLines = (chip: number, name: string, temps: Record<string, string>) =>
  [`/sys/class/hwmon/hwmon${chip}/name=${name}`, ...Object.entries(temps).map(([f, v]) => `/sys/class/hwmon/hwmon${chip}/${f}=${v}`)].join('\n');
const sensors = (chips: Record<string, unknown>) => JSON.stringify(chips);

describe('temperature sensors', () => {
  it('thermal zones: type and millidegrees per zone, in any order; a zone with no temp, an unreadable (empty) or an implausible one is left out', () => {
    const text = [
      '/sys/class/thermal/thermal_zone2/temp=61500',
      '/sys/class/thermal/thermal_zone2/type= x86_pkg_temp ',
      '  /sys/class/thermal/thermal_zone0/temp=-19000',
      '/sys/class/thermal/thermal_zone1/type=acpitz',
      '/sys/class/thermal/thermal_zone3/temp=150000',
      '/sys/class/thermal/thermal_zone4/temp=-20000',
      '/sys/class/thermal/thermal_zone5/temp=149999',
      '/sys/class/thermal/thermal_zone6/temp=',
      '/sys/class/thermal/thermal_zone7/type=iwlwifi_1',
      '/sys/class/thermal/thermal_zone7/temp= ',
      '/sys/class/thermal/thermal_zone8/temp=0',
      '/sys/class/thermal/cooling_device0/type=Processor',
    ].join('\n');
    assert.deepEqual(parseThermal(text), [
      { label: 'x86_pkg_temp', celsius: 61.5 },
      { label: 'thermal_zone0', celsius: -19 },
      { label: 'thermal_zone5', celsius: 149.999 },
      { label: 'thermal_zone8', celsius: 0 },
    ]);
    assert.deepEqual(parseThermal(fx('sys-class-thermal.txt')), [{ label: 'bcm2835_thermal', celsius: 49.925 }]);
    assert.deepEqual(parseThermal(undefined), []);
  });

  it('hwmon: chip name and label (temp<N> without one), the chip\'s own plausible critical limit; max is not a limit; an empty value is no reading', () => {
    const text = [
      hwmonLines(0, 'nvme', { temp1_input: '32850', temp1_label: 'Composite', temp1_crit: '84850', temp1_max: '81850', temp2_input: '40850', temp2_label: ' Sensor 1 ' }),
      hwmonLines(1, 'k10temp', { temp1_input: '55250', temp1_max: '70000' }),
      hwmonLines(2, '', { temp1_input: '30000', temp1_crit: '0' }),
      hwmonLines(3, 'acpitz', { temp1_input: '-44000', temp1_crit: '105000' }),
      hwmonLines(4, 'drivetemp', { temp1_input: '45000', temp1_crit: '200000' }),
      hwmonLines(5, 'nct6775', { temp1_label: 'SYSTIN', temp2_input: '', temp3_input: '36000', temp3_crit: '' }),
      '/sys/class/hwmon/hwmon6/temp1_input=37000',
    ].join('\n');
    assert.deepEqual(parseHwmon(text), [
      { label: 'nvme Composite', celsius: 32.85, crit: 84.85 },
      { label: 'nvme Sensor 1', celsius: 40.85 },
      { label: 'k10temp temp1', celsius: 55.25 },
      { label: 'hwmon2 temp1', celsius: 30 },
      { label: 'drivetemp temp1', celsius: 45 },
      { label: 'nct6775 temp3', celsius: 36 },
      { label: 'hwmon6 temp1', celsius: 37 },
    ]);
    assert.deepEqual(parseHwmon(undefined), []);
  });

  it('sensors -j: the first tempN_input of each feature, its own critical limit when plausible; adapters, fans and junk skipped', () => {
    const text = sensors({
      'k10temp-pci-00c3': { Adapter: 'PCI adapter', Tctl: { temp1_input: 71.5 }, Tccd1: { temp3_input: 66.25, temp3_crit: 'n/a' } },
      'nvme-pci-0100': { Adapter: 'PCI adapter', Composite: { temp1_input: 44.85, temp1_max: 81.85, temp1_crit: 84.85 }, 'Sensor 9': { temp9_input: 150 }, 'Sensor 10': { temp10_input: -20 } },
      'nct6798-isa-0290': { fan1: { fan1_input: 900 }, SYSTIN: { temp1_input: '33' }, CPUTIN: null, AUXTIN0: { temp3_input: 20, temp3_crit: 150 } },
      'acpitz-acpi-0': 'not a chip',
      nothing: null,
    });
    assert.deepEqual(parseSensorsJson(text), [
      { label: 'k10temp-pci-00c3 Tctl', celsius: 71.5 },
      { label: 'k10temp-pci-00c3 Tccd1', celsius: 66.25 },
      { label: 'nvme-pci-0100 Composite', celsius: 44.85, crit: 84.85 },
      { label: 'nct6798-isa-0290 AUXTIN0', celsius: 20 },
    ]);
    for (const notAnObject of ['', 'sensors: No sensors found!', 'null', '42']) assert.equal(parseSensorsJson(notAnObject), null, notAnObject);
    assert.equal(parseSensorsJson(undefined), null);
  });

  it('lm-sensors is read when it answered, else hwmon; thermal zones are added unless a chip of the same name already reported', () => {
    const hwmon = hwmonLines(0, 'acpitz', { temp1_input: '27800' });
    const thermal = ['/sys/class/thermal/thermal_zone0/type=acpitz', '/sys/class/thermal/thermal_zone0/temp=27800', '/sys/class/thermal/thermal_zone1/type=x86_pkg_temp', '/sys/class/thermal/thermal_zone1/temp=41000'].join('\n');
    const fromSensors = readTemperatures({ sensors: fx('sensors-j-coretemp-nvme.json'), hwmon, thermal });
    assert.deepEqual(fromSensors.slice(0, 3), [
      { label: 'nvme-pci-0500 Composite', celsius: 32.85, crit: 114.85, kind: 'nvme' },
      { label: 'acpitz-acpi-0 temp1', celsius: 27.8, crit: 105, kind: 'other' },
      { label: 'coretemp-isa-0000 Package id 0', celsius: 27, crit: 100, kind: 'cpu' },
    ]);
    assert.deepEqual(fromSensors.at(-1), { label: 'x86_pkg_temp', celsius: 41, kind: 'cpu' });
    assert.equal(fromSensors.filter((r) => r.label.startsWith('acpitz')).length, 1);
    for (const s of ['!unavailable lm-sensors is not installed', 'sensors: No sensors found!', undefined]) {
      assert.deepEqual(readTemperatures({ sensors: s, hwmon, thermal }), [
        { label: 'acpitz temp1', celsius: 27.8, kind: 'other' },
        { label: 'x86_pkg_temp', celsius: 41, kind: 'cpu' },
      ], String(s));
    }
  });
});

describe('temperature check', () => {
  const hot = (celsius: number, crit?: number) => temperatureChecks(ctx, { sensors: sensors({ 'k10temp-pci-00c3': { Tctl: { temp1_input: celsius, ...(crit === undefined ? {} : { temp1_crit: crit }) } } }) })[0];

  it('names the hottest sensor in whole degrees and lists every reading to a tenth with the limits', () => {
    const c = temperatureChecks(ctx, { sensors: sensors({ 'k10temp-pci-00c3': { Tctl: { temp1_input: 55.25 } }, 'nvme-pci-0100': { Composite: { temp1_input: 61.54 }, 'Sensor 2': { temp2_input: 61.54 } } }) });
    assert.deepEqual(seen([c[0]]), [
      {
        id: 'host:um560:temperature',
        status: 'ok',
        summary: 'um560: hottest nvme-pci-0100 Composite 62 °C',
        detail: 'k10temp-pci-00c3 Tctl: 55.3 °C\nnvme-pci-0100 Composite: 61.5 °C\nnvme-pci-0100 Sensor 2: 61.5 °C\nwarn at 80 °C, critical at 90 °C or the sensor\'s own limit',
      },
    ]);
  });

  it('warns from 80 °C and is critical from 90 °C, exactly; a sensor\'s own critical limit counts from its value', () => {
    assert.deepEqual([hot(79.9).status, hot(80).status, hot(89.9).status, hot(90).status], ['ok', 'warn', 'warn', 'crit']);
    assert.deepEqual([hot(69.9, 70).status, hot(70, 70).status, hot(85, 70).status], ['ok', 'crit', 'crit']);
    assert.equal(hot(90).summary, 'um560: hottest k10temp-pci-00c3 Tctl 90 °C');
    const cool: ProbeContext = { ...ctx, thresholds: resolveThresholds({ tempWarn: 60, tempCrit: 70 }) };
    const at = (c: number) => temperatureChecks(cool, { thermal: `/sys/class/thermal/thermal_zone0/type=cpu-thermal\n/sys/class/thermal/thermal_zone0/temp=${c * 1000}` })[0];
    assert.deepEqual([at(59).status, at(60).status, at(69).status, at(70).status], ['ok', 'warn', 'warn', 'crit']);
    assert.equal(at(70).detail, 'cpu-thermal: 70.0 °C\nwarn at 60 °C, critical at 70 °C or the sensor\'s own limit');
  });

  it('the status is the hottest sensor\'s, even when a cooler one is nearer its own limit', () => {
    const c = temperatureChecks(ctx, { sensors: sensors({ 'nvme-pci-0100': { Composite: { temp1_input: 60, temp1_crit: 60 } }, 'k10temp-pci-00c3': { Tctl: { temp1_input: 75 } } }) })[0];
    assert.deepEqual([c.status, c.summary], ['ok', 'um560: hottest k10temp-pci-00c3 Tctl 75 °C']);
  });

  it('no readable sensor is unknown and says what was looked for', () => {
    assert.deepEqual(seen(temperatureChecks(ctx, { sensors: '!unavailable lm-sensors is not installed', thermal: '', hwmon: '' })), [
      { id: 'host:um560:temperature', status: 'unknown', summary: 'um560: no temperature sensors readable', error: 'no thermal zones, hwmon sensors or lm-sensors output' },
    ]);
  });
});
