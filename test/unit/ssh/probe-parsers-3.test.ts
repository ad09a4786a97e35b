import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
