import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { ExecResult, SshExecutor } from '../../../electron/core/lab/integration';
import { buildMagicPacket, parseMac } from '../../../electron/core/wol/magic';
import { chooseTool, detectCommand, parseDetected, wakeCommand, wakeViaSsh, type RelayPacket } from '../../../electron/core/wol/relay-ssh';
import { startUdpListener, type UdpListener } from '../../helpers/udp-listener';

const run = promisify(execFile);

function packetFor(mac: string, opts: { password?: string; broadcast?: string; ports?: number[] } = {}): RelayPacket {
  const m = parseMac(mac)!;
  const pw = opts.password ? parseMac(opts.password)! : null;
  return { mac: m, password: pw, packet: buildMagicPacket(m, pw ?? undefined), broadcast: opts.broadcast ?? '192.168.1.255', ports: opts.ports ?? [9, 7] };
}

/** A relay that answers `command -v` from its list of installed tools and records every command. */
class FakeRelay implements SshExecutor {
  readonly commands: string[] = [];
  constructor(
    private readonly installed: string[],
    private readonly onWake: (cmd: string) => ExecResult = () => ({ code: 0, stdout: '', stderr: '' }),
  ) {}
  async exec(host: string, command: string): Promise<ExecResult> {
    this.commands.push(command);
    if (command.startsWith('command -v ')) {
      const asked = command.slice('command -v '.length).split(' ');
      const found = asked.filter((t) => this.installed.includes(t));
      return { code: found.length === asked.length ? 0 : 1, stdout: found.map((t) => `/usr/bin/${t}\n`).join(''), stderr: '' };
    }
    return this.onWake(command);
  }
}

describe('SSH relay wake command', () => {
  it('asks the relay for every tool in one command and prefers UDP senders over raw-frame ones', () => {
    assert.equal(detectCommand(), 'command -v wakeonlan python3 perl etherwake ether-wake');
    assert.deepEqual(parseDetected('/usr/sbin/etherwake\n/usr/bin/perl\n'), ['perl', 'etherwake']);
    assert.deepEqual(parseDetected('/usr/bin/wakeonlan\n/usr/bin/python3\n/usr/bin/perl\n'), ['wakeonlan', 'python3', 'perl']);
    assert.deepEqual(parseDetected(''), []);
  });

  it('uses wakeonlan with the normalised MAC, the broadcast address and each port', () => {
    assert.equal(wakeCommand('wakeonlan', packetFor('02-AB-3C-4D-5E-6F')), 'wakeonlan -i 192.168.1.255 -p 9 02:ab:3c:4d:5e:6f && wakeonlan -i 192.168.1.255 -p 7 02:ab:3c:4d:5e:6f');
  });

  it('uses etherwake in broadcast mode, with the SecureOn password when there is one', () => {
    assert.equal(wakeCommand('etherwake', packetFor('02ab3c4d5e6f')), 'etherwake -b 02:ab:3c:4d:5e:6f');
    assert.equal(wakeCommand('ether-wake', packetFor('02ab3c4d5e6f', { password: '112233445566' })), 'ether-wake -b -p 11:22:33:44:55:66 02:ab:3c:4d:5e:6f');
  });

  it('skips wakeonlan when a SecureOn password must be sent', () => {
    assert.equal(chooseTool(['wakeonlan', 'perl'], true), 'perl');
    assert.equal(chooseTool(['wakeonlan'], true), null);
    assert.equal(chooseTool(['wakeonlan', 'etherwake'], false), 'wakeonlan');
  });

  it('never lets anything but hex, colons, dots and digits into the command, whatever bytes the MAC has', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), fc.uint8Array({ minLength: 6, maxLength: 6 }), (mac, pw) => {
        const m = Buffer.from(mac);
        const p = Buffer.from(pw);
        const rp: RelayPacket = { mac: m, password: p, packet: buildMagicPacket(m, p), broadcast: '10.0.0.255', ports: [9] };
        assert.match(wakeCommand('etherwake', rp), /^etherwake -b -p [0-9a-f:]{17} [0-9a-f:]{17}$/);
        assert.match(wakeCommand('wakeonlan', { ...rp, password: null }), /^wakeonlan -i 10\.0\.0\.255 -p 9 [0-9a-f:]{17}$/);
      }),
    );
  });

  it('refuses to build a command for a broadcast that is not an IPv4 address', () => {
    assert.throws(() => wakeCommand('wakeonlan', packetFor('02ab3c4d5e6f', { broadcast: "1.2.3.4' ; reboot ; '" })), /not an IPv4 address/);
  });
});

describe('fallback one-liners, run by the real interpreters', () => {
  let nic: UdpListener;
  before(async () => {
    nic = await startUdpListener();
  });
  after(async () => nic.stop());

  for (const tool of ['python3', 'perl'] as const) {
    it(`${tool} sends the same 108 bytes we build, SecureOn password included`, async () => {
      const p = packetFor('aa:bb:cc:dd:ee:ff', { password: '01:02:03:04:05:06', broadcast: '127.0.0.1', ports: [nic.port] });
      await run('/bin/sh', ['-c', wakeCommand(tool, p)]);
      const got = await nic.next();
      assert.equal(got.length, 108);
      assert.deepEqual(got, p.packet);
    });
  }

  it('every tool sends to each configured port, not only the first', async () => {
    const second = await startUdpListener();
    try {
      for (const tool of ['python3', 'perl', 'wakeonlan'] as const) {
        const p = packetFor('02:ab:3c:4d:5e:6f', { broadcast: '127.0.0.1', ports: [nic.port, second.port] });
        await run('/bin/sh', ['-c', wakeCommand(tool, p)]);
        assert.deepEqual(await nic.next(), p.packet, `${tool}: first port`);
        assert.deepEqual(await second.next(), p.packet, `${tool}: second port`);
      }
    } finally {
      await second.stop();
    }
  });

  it("Debian's wakeonlan sends the same 102 bytes we build", async () => {
    const p = packetFor('aabb.ccdd.eeff', { broadcast: '127.0.0.1', ports: [nic.port] });
    await run('/bin/sh', ['-c', wakeCommand('wakeonlan', p)]);
    assert.deepEqual(await nic.next(), p.packet);
  });
});

describe('waking through an SSH relay', () => {
  it('detects the tool on the relay, runs it and says which one', async () => {
    const relay = new FakeRelay(['perl', 'etherwake']);
    const r = await wakeViaSsh(relay, 'openwrt', packetFor('02:ab:3c:4d:5e:6f'));
    assert.deepEqual(r, { relay: 'openwrt', tool: 'perl' });
    assert.equal(relay.commands.length, 2);
    assert.match(relay.commands[1], /^perl -MSocket/);
  });

  it('names the relay and what to install when no wake command exists there', async () => {
    await assert.rejects(wakeViaSsh(new FakeRelay([]), 'openwrt', packetFor('02ab3c4d5e6f')), /openwrt cannot send a magic packet: none of wakeonlan, python3, perl, etherwake, ether-wake is installed \(install wakeonlan or etherwake there\)/);
    await assert.rejects(wakeViaSsh(new FakeRelay(['wakeonlan']), 'openwrt', packetFor('02ab3c4d5e6f', { password: '112233445566' })), /it has only wakeonlan, which cannot send a SecureOn password/);
  });

  it("passes on the relay's own error, with a hint when etherwake lacks root", async () => {
    const relay = new FakeRelay(['etherwake'], () => ({ code: 1, stdout: '', stderr: 'etherwake: socket: Operation not permitted\n' }));
    await assert.rejects(wakeViaSsh(relay, 'tailscale-gateway', packetFor('02ab3c4d5e6f')), /tailscale-gateway: etherwake failed: etherwake: socket: Operation not permitted \(etherwake needs root on the relay\)/);
  });
});
