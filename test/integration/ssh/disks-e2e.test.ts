import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Check } from '../../../shared/status';
import { english, part } from '../../../shared/message';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { systemAuthEnv } from '../../../electron/core/ssh/auth';
import { createSshIntegration } from '../../../electron/core/ssh/integration';
import { probeCommand, splitSections } from '../../../electron/core/ssh/probes';
import { KERNEL_RULES, matchKernelLine } from '../../../electron/core/ssh/probes/kernel-rules';
import { startFakeHost, type FakeHost } from '../../helpers/fake-host';
import { harness } from './harness';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, '../../fixtures/host', name), 'utf8');

/**
 * One kernel line per rule, each naming its own device so its finding is a
 * check of its own (the PCI address is mapped to its disk through /sys/block). A rule added to KERNEL_RULES without a line here fails the test.
 */
const SAMPLES: { line: string; device: string; disk?: string }[] = [
  { line: 'nvme 0000:03:00.0: Unable to change power state from D3cold to D0, device inaccessible', device: '0000:03:00.0', disk: 'nvme1n1' },
  { line: 'critical medium error, dev sdc, sector 1234 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 0', device: 'sdc' },
  { line: 'blk_update_request: medium error, dev sdd, sector 5678', device: 'sdd' },
  { line: 'I/O error, dev sde, sector 2048 op 0x1:(WRITE) flags 0x800 phys_seg 1 prio class 2', device: 'sde' },
  { line: 'Buffer I/O error on dev sdf1, logical block 0, async page read', device: 'sdf1' },
  { line: 'sdg: detected capacity change from 1953525168 to 0', device: 'sdg' },
  { line: 'nvme nvme2: Device not ready; aborting reset, CSTS=0x1', device: 'nvme2' },
  { line: 'nvme nvme3: controller is down; will reset: CSTS=0xffffffff, PCI_STATUS=0xffff', device: 'nvme3' },
  { line: 'nvme nvme4: Removing after probe failure status: -19', device: 'nvme4' },
  { line: 'nvme nvme5: Disabling device after reset failure: -19', device: 'nvme5' },
  { line: 'nvme nvme6: I/O 24 (I/O Cmd) QID 1 timeout, aborting', device: 'nvme6' },
  { line: 'nvme nvme7: resetting controller', device: 'nvme7' },
  { line: 'nvme8n1: Read(0x2) @ LBA 1234, 8 blocks, Unrecovered Read Error (sct 0x2 / sc 0x81) DNR', device: 'nvme8n1' },
  { line: 'nvme9n1: Write(0x1) @ LBA 4096, 8 blocks, Invalid Field in Command (sct 0x0 / sc 0x2) DNR', device: 'nvme9n1' },
  { line: 'sd 2:0:0:0: [sdh] tag#5 Sense Key : Medium Error [current]', device: 'sdh' },
  { line: 'sd 3:0:0:0: [sdi] Sense Key : Hardware Error [current] [descriptor]', device: 'sdi' },
  { line: 'ata4.00: error: { UNC }', device: 'ata4' },
  { line: 'ata5.00: exception Emask 0x0 SAct 0x0 SErr 0x0 action 0x6 frozen', device: 'ata5' },
  { line: 'ata6.00: failed command: READ FPDMA QUEUED', device: 'ata6' },
  { line: 'EXT4-fs error (device sdj1): ext4_find_entry:1455: inode #2: comm ls: reading directory lblock 0', device: 'sdj1' },
  { line: 'BTRFS error (device sdk1): bdev /dev/sdk1 errs: wr 0, rd 1, flush 0, corrupt 0, gen 0', device: 'sdk1' },
  { line: 'XFS (sdl1): Metadata corruption detected at xfs_da3_node_read_verify+0x10a/0x120', device: 'sdl1' },
  { line: 'mmc1: Timeout waiting for hardware interrupt.', device: 'mmc1' },
];

/** The sample line a rule takes first (a rule without one fails the first test). */
const RULE_LINES = new Map(KERNEL_RULES.map((r) => [r.pattern, SAMPLES.find((x) => matchKernelLine(x.line)?.rule.pattern === r.pattern)]));

/** Lines of ordinary boots the host-side filter must drop. */
const NOISE = ['nvme nvme0: 4/0/0 default/read/poll queues', 'usb 1-1: new high-speed USB device number 2 using xhci_hcd', 'EXT4-fs (sda1): mounted filesystem with ordered data mode'];

/** A controller's trouble and its disk's, named differently by the kernel. */
const GROUPED = ['nvme nvme1: I/O 7 QID 2 timeout, aborting', 'nvme1n1: Read(0x2) @ LBA 100, 8 blocks, Unrecovered Read Error (sct 0x2 / sc 0x81) DNR', 'ata3.00: failed command: READ FPDMA QUEUED', 'I/O error, dev sda, sector 10 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 0'];

const DISKS = {
  nvme1n1: '../devices/pci0000:00/0000:00:1d.0/0000:03:00.0/nvme/nvme1/nvme1n1',
  sda: '../devices/pci0000:00/0000:00:17.0/ata3/host2/target2:0:0/2:0:0:0/block/sda',
  sdb: '../devices/pci0000:00/0000:00:01.0/0000:01:00.0/host0/port-0:0/end_device-0:0/target0:0:0/0:0:0:0/block/sdb',
};

describe('disk checks end to end: a real sshd showing a fake host (own /sys/block, smartctl, journalctl, dmesg)', () => {
  let host: FakeHost;
  let home: string;
  before(async () => {
    const ruleLines = KERNEL_RULES.map((r) => RULE_LINES.get(r.pattern)?.line).filter((l): l is string => l !== undefined);
    host = await startFakeHost({
      disks: DISKS,
      smart: { sdb: fixture('smartctl-sas-hdd-grown-defects.json'), sda: fixture('smartctl-sata-hdd-reallocated-304.json'), nvme1n1: fixture('smartctl-nvme-healthy-970evoplus.json') },
      kernelLines: [...NOISE, ...ruleLines, ...GROUPED],
    });
    home = mkdtempSync(join(tmpdir(), 'labtray-home-'));
  });
  after(async () => {
    await host?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const poll = async (): Promise<Check[]> => {
    const ssh = { host: '127.0.0.1', port: host.sshd.port, user: host.sshd.user, identityFile: host.sshd.clientKeyPath, hostKey: host.sshd.hostKeyFingerprint };
    const lab = new Lab({ config: { hosts: [{ name: 'pve', ssh }] }, secrets: new MemorySecretStore(), factories: [createSshIntegration({ authEnv: { ...systemAuthEnv(), env: {}, home } })] });
    try {
      const snap = await lab.pollOnce();
      assert.equal(snap.hosts[0].reachable, true, JSON.stringify(snap.checks.filter((c) => c.status !== 'ok')));
      return snap.checks;
    } finally {
      await lab.stop();
    }
  };
  const byId = (checks: Check[], probe: string): Check | undefined => checks.find((c) => c.id === `host:pve:${probe}`);

  it('has an end-to-end line for every kernel rule, and that line is the rule\'s own (first match)', () => {
    for (const r of KERNEL_RULES) {
      const sample = RULE_LINES.get(r.pattern);
      assert.ok(sample, `kernel rule ${r.key} /${r.pattern}/ has no end-to-end line in SAMPLES`);
      const m = matchKernelLine(sample.line);
      assert.equal(m?.rule.pattern, r.pattern, `"${sample.line}" is taken by /${m?.rule.pattern}/, not /${r.pattern}/`);
      assert.equal(m?.device, sample.device);
    }
  });

  it('judges the SAS disk critical, naming its model and its defects and uncorrected errors', async () => {
    const checks = await poll();
    const sas = byId(checks, 'smart:sdb');
    assert.ok(sas, `no smart:sdb check in ${checks.map((c) => c.id).join(', ')}`);
    assert.equal(sas.status, 'crit', sas.summary);
    assert.match(sas.summary, /sdb \(SEAGATE ST4000NM0023\)/);
    assert.match(sas.summary, /56 sectors in the grown defect list/);
    assert.match(sas.summary, /3 uncorrected errors in the error counter log/);
    assert.equal(byId(checks, 'smart:sda')?.status, 'crit', 'the SATA disk with 304 reallocated sectors is judged too');
    assert.equal(byId(checks, 'smart:nvme1n1')?.status, 'ok');
  });

  for (const via of ['journalctl', 'dmesg'] as const) {
    it(`turns every kernel rule's line into its finding, read through ${via}`, async () => {
      host.useDmesg(via === 'dmesg');
      const checks = await poll();
      for (const r of KERNEL_RULES) {
        const { device, disk = device, line } = RULE_LINES.get(r.pattern)!;
        const c = byId(checks, `kernel:${disk}`);
        assert.ok(c, `rule ${r.key} /${r.pattern}/: no kernel:${disk} check for "${line}"; got ${checks.map((x) => x.id).join(', ')}`);
        assert.equal(c.status, r.severity, c.summary);
        assert.ok(c.summary.includes(english(part(r.key))), `rule ${r.key}: "${c.summary}"`);
        assert.ok(c.detail?.includes(line), `rule ${r.key}: the line is in the detail`);
        if (via === 'dmesg') assert.match(c.summary, /since boot/);
      }
    });
  }

  it('reports a controller and its namespace (nvme1 + nvme1n1, ata3 + sda) as one disk', async () => {
    host.useDmesg(false);
    const checks = await poll();
    for (const port of ['nvme1', 'ata3']) assert.equal(byId(checks, `kernel:${port}`), undefined, `${port} is reported apart from its disk`);
    const nvme = byId(checks, 'kernel:nvme1n1');
    assert.equal(nvme?.status, 'crit');
    assert.match(nvme.summary, /nvme1n1 \(nvme1\)/);
    assert.ok(nvme.summary.includes('command timeout') && nvme.summary.includes('medium error'), nvme.summary);
    const sata = byId(checks, 'kernel:sda');
    assert.equal(sata?.status, 'crit');
    assert.ok(sata.summary.includes('ata3') && sata.summary.includes('I/O error') && sata.summary.includes('failed ATA command'), sata.summary);
  });

  it('sends only the lines the rules want: the host-side filter drops ordinary boot lines', async () => {
    host.useDmesg(false);
    const h = await harness([{ name: 'pve', ssh: { host: '127.0.0.1', port: host.sshd.port, user: host.sshd.user, identityFile: host.sshd.clientKeyPath, hostKey: host.sshd.hostKeyFingerprint } }]);
    try {
      const r = await h.ssh.exec('pve', probeCommand('N0nce', 24));
      const kernel = splitSections(r.stdout, 'N0nce').get('kernel') ?? '';
      assert.match(kernel, /^#from journalctl/);
      for (const n of NOISE) assert.ok(!kernel.includes(n), `"${n}" passed the host-side filter`);
      for (const r2 of KERNEL_RULES) assert.ok(kernel.includes(RULE_LINES.get(r2.pattern)!.line), `rule ${r2.key}: its line was dropped on the host`);
      assert.match(splitSections(r.stdout, 'N0nce').get('blockdevs') ?? '', /^sda \.\.\/devices\/.*\/ata3\//m);
    } finally {
      h.cleanup();
    }
  });
});
