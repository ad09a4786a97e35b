import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDf, diskChecks } from '../../../electron/core/ssh/probes/disk';
import { kernelChecks, parseKernelLog } from '../../../electron/core/ssh/probes/kernel';
import { loadChecks, parseLoadavg } from '../../../electron/core/ssh/probes/load';
import { memoryChecks, parseMeminfo } from '../../../electron/core/ssh/probes/memory';
import { parseSmart, smartChecks } from '../../../electron/core/ssh/probes/smart';
import { parseFailedUnits, systemdChecks } from '../../../electron/core/ssh/probes/systemd';
import { parseSensorsJson, parseThermal, temperatureChecks } from '../../../electron/core/ssh/probes/temperature';
import { defaultThresholds, resolveThresholds } from '../../../electron/core/ssh/probes/thresholds';
import type { ProbeContext } from '../../../electron/core/ssh/probes/types';
import { probeCommand, runProbes, splitSections } from '../../../electron/core/ssh/probes';

const fx = (name: string): string => readFileSync(join(import.meta.dirname, '../../fixtures/host', name), 'utf8');
const ctx = (over: Record<string, number> = {}): ProbeContext => ({ host: 'um560', source: 'host:um560', observedAt: '2026-11-27T10:00:00.000Z', thresholds: resolveThresholds(over) });

describe('SMART probe', () => {
  it('reports a failing NVMe as crit, naming the disk, the model and the decoded critical warning', () => {
    const checks = smartChecks(ctx(), new Map([['smart', ''], ['smart:nvme0n1', fx('smartctl-nvme-critical-warning-failed.json')]]));
    assert.equal(checks.length, 1);
    assert.equal(checks[0].status, 'crit');
    assert.match(checks[0].summary, /nvme0n1 \(SAMSUNG MZWLL3T2HAJQ-00005\)/);
    assert.match(checks[0].summary, /SMART overall health FAILED/);
    assert.match(checks[0].summary, /volatile memory backup failed/);
    assert.equal(checks[0].id, 'host:um560:smart:nvme0n1');
  });

  it('calls the healthy Samsung 970 EVO Plus and the Toshiba NVMe healthy', () => {
    for (const f of ['smartctl-nvme-healthy-970evoplus.json', 'smartctl-nvme-healthy-toshiba.json']) {
      const r = parseSmart('nvme0n1', fx(f), defaultThresholds);
      assert.equal(r.status, 'ok', `${f}: ${JSON.stringify(r.findings)}`);
    }
  });

  it('warns when an NVMe has used 75 % of its rated endurance, and crits past the configured limit', () => {
    const r = parseSmart('nvme6n1', fx('smartctl-nvme-percentage-used-75.json'), defaultThresholds);
    assert.equal(r.status, 'warn');
    assert.match(r.findings[0].text, /75 % of rated endurance used/);
    assert.equal(parseSmart('nvme6n1', fx('smartctl-nvme-percentage-used-75.json'), resolveThresholds({ wearCrit: 75 })).status, 'crit');
  });

  it('flags a SATA disk with 304 reallocated sectors although smartctl says PASSED', () => {
    const checks = smartChecks(ctx(), new Map([['smart', ''], ['smart:sda', fx('smartctl-sata-hdd-reallocated-304.json')]]));
    assert.equal(checks[0].status, 'crit');
    assert.match(checks[0].summary, /sda \(ST3500418AS\): 304 reallocated sectors/);
    assert.equal(smartChecks(ctx({ reallocatedCrit: 1000 }), new Map([['smart', ''], ['smart:sda', fx('smartctl-sata-hdd-reallocated-304.json')]]))[0].status, 'warn');
  });

  it('says unknown, never healthy, when smartctl is missing or may not open the disk', () => {
    const missing = smartChecks(ctx(), new Map([['smart', '!unavailable smartctl is not installed (package smartmontools)']]));
    assert.equal(missing[0].status, 'unknown');
    assert.match(missing[0].summary, /smartctl is not installed/);
    const denied = JSON.stringify({ smartctl: { exit_status: 2, messages: [{ string: 'Smartctl open device: /dev/sda failed: Permission denied', severity: 'error' }] } });
    const c = smartChecks(ctx(), new Map([['smart', '#nosudo pi'], ['smart:sda', denied]]));
    assert.equal(c[0].status, 'unknown');
    assert.match(c[0].error ?? '', /Permission denied.*sudo/);
    const sd = smartChecks(ctx(), new Map([['smart', ''], ['smart:mmcblk0', '!sdcard']]));
    assert.equal(sd[0].status, 'unknown');
    assert.match(sd[0].summary, /SD card/);
  });
});

describe('kernel log probe', () => {
  it('finds the I/O errors on nvme1n1 and the vanished NVMe controllers in real kernel lines', () => {
    const events = parseKernelLog(fx('kernel-disk-errors.txt'));
    const devs = new Set(events.map((e) => e.device));
    for (const d of ['nvme1n1', 'nvme2', 'nvme3', 'nvme2n1', 'ata1']) assert.ok(devs.has(d), `missing ${d}`);
    const checks = kernelChecks(ctx(), '#from journalctl\n' + fx('kernel-disk-errors.txt'));
    const nvme1 = checks.find((c) => c.id === 'host:um560:kernel:nvme1n1');
    assert.equal(nvme1?.status, 'crit');
    assert.match(nvme1!.summary, /nvme1n1: I\/O error .*2 lines in 24 h/);
    assert.equal(checks.find((c) => c.id === 'host:um560:kernel:ata1')?.status, 'warn');
  });

  it('recognises the critical medium error that preceded the um560 NVMe loss', () => {
    const line = '[ 951.1] blk_update_request: critical medium error, dev nvme0n1, sector 951741928 op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 0';
    const checks = kernelChecks(ctx(), '#from dmesg\n' + line);
    assert.equal(checks[0].status, 'crit');
    assert.match(checks[0].summary, /nvme0n1: critical medium error/);
  });

  it('is ok on a clean log and unknown when the log cannot be read', () => {
    assert.equal(kernelChecks(ctx(), '#from journalctl\n')[0].status, 'ok');
    assert.equal(kernelChecks(ctx(), '!unavailable cannot read the kernel log: dmesg: read kernel buffer failed: Operation not permitted')[0].status, 'unknown');
  });
});

describe('load, memory, disk, temperature and systemd probes', () => {
  it('reads /proc/loadavg and judges load per core', () => {
    assert.deepEqual(parseLoadavg(fx('proc-loadavg.txt')), [0.02, 0.04, 0.05]);
    assert.equal(loadChecks(ctx(), fx('proc-loadavg.txt'), 12)[0].status, 'ok');
    assert.equal(loadChecks(ctx(), '13.0 13.5 12.0 3/400 1', 4)[0].status, 'crit');
    assert.equal(loadChecks(ctx(), fx('proc-loadavg.txt'), null)[0].status, 'unknown');
  });

  it('reads /proc/meminfo without MemAvailable (free + caches) and skips swap when there is none', () => {
    const m = parseMeminfo(fx('proc-meminfo.txt'))!;
    assert.equal(m.total, 15666184 * 1024);
    assert.equal(m.used, (15666184 - 440324 - 1020128 - 12007640 - 1738124) * 1024);
    const checks = memoryChecks(ctx(), fx('proc-meminfo.txt'));
    assert.deepEqual(checks.map((c) => c.id), ['host:um560:memory']);
    assert.equal(checks[0].status, 'ok');
    assert.equal(memoryChecks(ctx({ memWarn: 1 }), fx('proc-meminfo.txt'))[0].status, 'warn');
  });

  it('lists real filesystems from df -kPT once each, dropping tmpfs and squashfs', () => {
    const mounts = parseDf(fx('df-kPT.txt'));
    assert.deepEqual(mounts.map((m) => m.mount), ['/', '/mnt/host', '/mnt/host/boot/efi']);
    const checks = diskChecks(ctx({ diskWarn: 40 }), fx('df-kPT.txt'));
    assert.equal(checks.find((c) => c.id === 'host:um560:disk:/mnt/host')?.status, 'warn');
    assert.match(checks[0].summary, /\/ 43 % full/);
  });

  it('reads sensors -j and thermal zones, ignoring an implausible −44 °C zone', () => {
    const s = parseSensorsJson(fx('sensors-j-coretemp-nvme.json'))!;
    assert.ok(s.some((r) => r.label === 'nvme-pci-0500 Composite' && r.celsius === 32.85));
    assert.deepEqual(parseThermal(fx('sys-class-thermal.txt')), [{ label: 'bcm2835_thermal', celsius: 49.925 }]);
    const c = temperatureChecks(ctx(), { thermal: fx('sys-class-thermal.txt'), sensors: fx('sensors-j-coretemp-nvme.json') });
    assert.equal(c[0].status, 'ok');
    assert.match(c[0].summary, /hottest bcm2835_thermal 50 °C/);
    assert.equal(temperatureChecks(ctx({ tempWarn: 45 }), { thermal: fx('sys-class-thermal.txt') })[0].status, 'warn');
    assert.equal(temperatureChecks(ctx(), { sensors: '!unavailable lm-sensors is not installed' })[0].status, 'unknown');
  });

  it('names the failed systemd unit and says unknown without systemd', () => {
    assert.deepEqual(parseFailedUnits(fx('systemctl-failed.txt')), ['user@975.service']);
    const c = systemdChecks(ctx(), fx('systemctl-failed.txt'));
    assert.equal(c[0].status, 'warn');
    assert.match(c[0].summary, /user@975\.service/);
    assert.equal(systemdChecks(ctx(), '')[0].status, 'ok');
    assert.equal(systemdChecks(ctx(), "System has not been booted with systemd as init system (PID 1). Can't operate.")[0].status, 'unknown');
  });
});

describe('probe script', () => {
  it('is one sh -c command without single quotes inside, and its sections split back by nonce', () => {
    const cmd = probeCommand('abc123', 24);
    assert.match(cmd, /^sh -c '/);
    assert.equal(cmd.slice(7, -1).includes("'"), false);
    const out = ['@@LABTRAY-abc123:nproc', '8', '@@LABTRAY-other:fake', '@@LABTRAY-abc123:loadavg', '0.5 0.4 0.3 1/2 3', '@@LABTRAY-abc123:end', ''].join('\n');
    const s = splitSections(out, 'abc123');
    assert.equal(s.get('nproc'), '8\n@@LABTRAY-other:fake');
    assert.equal(s.has('fake'), false);
    assert.match(s.get('loadavg')!, /^0\.5/);
    assert.ok(s.has('end'));
  });

  it('turns a whole run with a failing disk into figures and a crit check naming the disk', () => {
    const sections = new Map([
      ['nproc', '8'],
      ['uptime', '350000.12 2000000.00'],
      ['loadavg', fx('proc-loadavg.txt')],
      ['meminfo', fx('proc-meminfo.txt')],
      ['df', fx('df-kPT.txt')],
      ['thermal', fx('sys-class-thermal.txt')],
      ['smart', ''],
      ['smart:nvme0n1', fx('smartctl-nvme-critical-warning-failed.json')],
      ['kernel', '#from journalctl'],
      ['systemd', ''],
    ]);
    const r = runProbes(sections, ctx());
    assert.equal(r.cores, 8);
    assert.equal(r.uptimeSeconds, 350000.12);
    assert.equal(r.memTotal, 15666184 * 1024);
    const crit = r.checks.filter((c) => c.status === 'crit');
    assert.equal(crit.length, 1);
    assert.match(crit[0].summary, /nvme0n1 .*FAILED/);
  });
});
