import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runProbes } from '../../../electron/core/ssh/probes';
import { resolveThresholds } from '../../../electron/core/ssh/probes/thresholds';
import type { ProbeContext } from '../../../electron/core/ssh/probes/types';
import { diskOf, parseBlockDevices } from '../../../electron/core/ssh/probes/block';
import { parseHwmon, parseSensorsJson, parseThermal } from '../../../electron/core/ssh/probes/temperature';

// Numbers past 9, as a big host has them: the eleventh SATA port, the tenth NVMe controller, a twelfth partition,
// thermal zones, hwmon chips and sensors numbered from 10 up. And `sensors -j` with empty entries.

describe('block devices numbered past 9', () => {
  const map = parseBlockDevices(
    [
      'sdk ../devices/pci0000:00/0000:00:17.0/ata11/host10/target10:0:0/10:0:0:0/block/sdk',
      'nvme10n1 ../devices/pci0000:00/0000:00:1d.0/0000:3c:00.0/nvme/nvme10/nvme10n1',
      'mmcblk1 ../devices/platform/fe2c0000.mmc/mmc_host/mmc10/mmc10:0001/block/mmcblk1',
      'nvme12c13n14 ../devices/pci0000:00/0000:00:1c.0/0000:3d:00.0/nvme/nvme13/nvme12c13n14',
    ].join('\n'),
  );

  it('finds the port of each, with every digit of its number', () => {
    assert.deepEqual(Object.fromEntries(map.portsOf), { sdk: ['ata11'], nvme10n1: ['nvme10'], mmcblk1: ['mmc10'], nvme12n14: ['nvme13'] });
    assert.equal(diskOf(map, 'ata11'), 'sdk');
    assert.equal(diskOf(map, 'nvme10'), 'nvme10n1');
    assert.equal(diskOf(map, 'mmc10'), 'mmcblk1');
    assert.equal(diskOf(map, 'nvme12c13n14'), 'nvme12n14', 'a multipath path of subsystem 12, controller 13, namespace 14 is that namespace');
  });

  it('takes a partition numbered past 9 to its disk', () => {
    assert.equal(diskOf(map, 'sdk12'), 'sdk');
    assert.equal(diskOf(map, 'nvme10n1p12'), 'nvme10n1');
    assert.equal(diskOf(map, 'mmcblk1p10'), 'mmcblk1');
  });
});

describe('sensors numbered past 9', () => {
  it('reads thermal zone 10 and up', () => {
    assert.deepEqual(parseThermal(['/sys/class/thermal/thermal_zone10/type=x86_pkg_temp', '/sys/class/thermal/thermal_zone10/temp=61000'].join('\n')), [{ label: 'x86_pkg_temp', celsius: 61 }]);
  });

  it('reads hwmon chip 10 and its sensor 12', () => {
    const text = ['/sys/class/hwmon/hwmon10/name=coretemp', '/sys/class/hwmon/hwmon10/temp12_label=Core 10', '/sys/class/hwmon/hwmon10/temp12_input=58000', '/sys/class/hwmon/hwmon10/temp12_crit=100000'].join('\n');
    assert.deepEqual(parseHwmon(text), [{ label: 'coretemp Core 10', celsius: 58, crit: 100 }]);
  });

  it('reads a `sensors -j` core whose input is temp14_input', () => {
    const json = JSON.stringify({ 'coretemp-isa-0000': { Adapter: 'ISA adapter', 'Core 12': { temp14_input: 57, temp14_max: 84, temp14_crit: 100, temp14_crit_alarm: 0 } } });
    assert.deepEqual(parseSensorsJson(json), [{ label: 'coretemp-isa-0000 Core 12', celsius: 57, crit: 100 }]);
  });

  it('passes over a chip or a feature that is null', () => {
    const json = JSON.stringify({ 'acpitz-acpi-0': null, 'nvme-pci-0100': { Composite: null, 'Sensor 1': { temp2_input: 41.85 } } });
    assert.deepEqual(parseSensorsJson(json), [{ label: 'nvme-pci-0100 Sensor 1', celsius: 41.85 }]);
  });
});

describe('every probe reads its own section', () => {
  const fx = (name: string): string => readFileSync(join(import.meta.dirname, '../../fixtures/host', name), 'utf8');
  const ctx: ProbeContext = { host: 'um560', source: 'host:um560', observedAt: '2026-12-04T17:00:00.000Z', thresholds: resolveThresholds({}) };
  const THERMAL = '/sys/class/thermal/thermal_zone0/type=acpitz\n/sys/class/thermal/thermal_zone0/temp=41000';
  const HWMON = '/sys/class/hwmon/hwmon0/name=nvme\n/sys/class/hwmon/hwmon0/temp1_input=47850\n/sys/class/hwmon/hwmon0/temp1_label=Composite';
  const sections = (sensors: string) =>
    new Map([
      ['uptime', '360000.12 700000.00'], ['nproc', '4'], ['loadavg', fx('proc-loadavg.txt')], ['meminfo', fx('proc-meminfo.txt')], ['df', fx('df-kPT.txt')],
      ['thermal', THERMAL], ['hwmon', HWMON], ['sensors', sensors], ['arch', 'x86_64'], ['kernel', '#from journalctl'], ['systemd', ''], ['smart', ''], ['blockdevs', ''],
    ]);

  it('uptime, load, memory, disks, temperature, SMART, kernel log and systemd, each from its section', () => {
    const r = runProbes(sections(JSON.stringify({ 'coretemp-isa-0000': { 'Package id 0': { temp1_input: 52 } } })), ctx);
    assert.deepEqual(r.checks.map((c) => `${c.status} ${c.summary}`), [
      'ok um560: up 4 d 4 h',
      'ok um560: load 0.02 0.04 0.05 on 4 cores',
      'ok um560: memory 3 % used (449 MiB of 14.9 GiB)',
      'ok um560: / 43 % full (253 GiB free of 464 GiB)',
      'ok um560: /mnt/host 43 % full (253 GiB free of 464 GiB)',
      'ok um560: /mnt/host/boot/efi 33 % full (64.9 MiB free of 96.0 MiB)',
      'ok um560: hottest coretemp-isa-0000 Package id 0 52 °C',
      'unknown um560: no disk found for SMART',
      'ok um560: no disk I/O errors in the kernel log in 24 h',
      'ok um560: no failed systemd units',
    ]);
    assert.deepEqual(r.temperatures, [{ label: 'coretemp-isa-0000 Package id 0', celsius: 52, kind: 'cpu' }, { label: 'acpitz', celsius: 41, kind: 'other' }]);
    assert.deepEqual([r.uptimeSeconds, r.load, r.cores, r.arch], [360000.12, [0.02, 0.04, 0.05], 4, 'x86_64']);
  });

  it('without lm-sensors the hwmon chips are read, in the check and in the figures', () => {
    const r = runProbes(sections('!unavailable lm-sensors is not installed'), ctx);
    assert.equal(r.checks.find((c) => c.id === 'host:um560:temperature')?.summary, 'um560: hottest nvme Composite 48 °C');
    assert.deepEqual(r.temperatures, [{ label: 'nvme Composite', celsius: 47.85, kind: 'nvme' }, { label: 'acpitz', celsius: 41, kind: 'other' }]);
  });
});
