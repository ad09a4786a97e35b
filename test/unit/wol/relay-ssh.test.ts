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

  it('says the refused broadcast is the relay’s, with the value and an example', () => {
    assert.throws(() => wakeCommand('perl', packetFor('02ab3c4d5e6f', { broadcast: '192.168.1.0/24' })), {
      message: 'relay: broadcast "192.168.1.0/24" is not an IPv4 address (e.g. 192.168.1.255 or 255.255.255.255)',
    });
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

describe('the relay command at its edges', () => {
  it('reads what `command -v` printed however it printed it, keeping only the tools asked for, in our order', () => {
    assert.deepEqual(parseDetected('  /usr/sbin/ether-wake  \r\nperl\n\n/opt/bin/nc\n/usr/bin/python3\n'), ['python3', 'perl', 'ether-wake']);
    assert.deepEqual(parseDetected('/usr/bin/perl\n/usr/bin/python3\n', ['perl']), ['perl'], 'only the tools asked for');
    assert.deepEqual(parseDetected('/usr/bin/wakeonlan-old\n/usr/bin/xperl\n'), [], 'a name that merely contains a tool’s name is not that tool');
    assert.equal(detectCommand(['etherwake', 'ether-wake']), 'command -v etherwake ether-wake');
  });

  it('chooses the first tool in our order that can send the packet, whatever order it was found in', () => {
    assert.equal(chooseTool(['perl', 'python3'], false), 'perl', 'the list is already in our order: the first is taken');
    assert.equal(chooseTool(['wakeonlan', 'etherwake'], true), 'etherwake');
    assert.equal(chooseTool(['wakeonlan', 'ether-wake'], true), 'ether-wake');
    assert.equal(chooseTool(['wakeonlan', 'python3'], true), 'python3');
    assert.equal(chooseTool([], false), null);
  });

  it('sends to every configured port with each UDP tool, and refuses a port out of range by name', () => {
    const p = packetFor('02:ab:3c:4d:5e:6f', { ports: [1, 65535] });
    assert.match(wakeCommand('python3', p), /for o in \(1,65535,\)\]'$/);
    assert.match(wakeCommand('perl', p), /for my \$o \(1,65535\)\{send\(S,\$p,0,sockaddr_in\(\$o,inet_aton\("192\.168\.1\.255"\)\)\)/);
    assert.equal(wakeCommand('wakeonlan', p), 'wakeonlan -i 192.168.1.255 -p 1 02:ab:3c:4d:5e:6f && wakeonlan -i 192.168.1.255 -p 65535 02:ab:3c:4d:5e:6f');
    for (const port of [0, 65536, -9, 9.5, Number.NaN]) {
      assert.throws(() => wakeCommand('python3', packetFor('02ab3c4d5e6f', { ports: [9, port] })), { message: `UDP port ${port} is not a port number` }, String(port));
    }
  });

  it('puts the whole magic packet, SecureOn password included, into the interpreters’ one-liners', () => {
    const p = packetFor('02:ab:3c:4d:5e:6f', { password: '01:02:03:04:05:06', ports: [9] });
    const hex = p.packet.toString('hex');
    assert.equal(hex.length, 2 * 108);
    assert.ok(wakeCommand('python3', p).includes(`p=bytes.fromhex("${hex}")`));
    assert.ok(wakeCommand('perl', p).includes(`pack("H*","${hex}")`));
    assert.equal(wakeCommand('etherwake', p), 'etherwake -b -p 01:02:03:04:05:06 02:ab:3c:4d:5e:6f');
    assert.throws(() => wakeCommand('wakeonlan', p), /wakeonlan cannot send a SecureOn password/);
  });

  it('refuses a MAC that is not six bytes and a packet with no bytes', () => {
    const p = packetFor('02:ab:3c:4d:5e:6f');
    assert.throws(() => wakeCommand('etherwake', { ...p, mac: Buffer.alloc(5) }), /a MAC address has 6 bytes, got 5/);
    assert.throws(() => wakeCommand('python3', { ...p, packet: Buffer.alloc(0) }), /refusing to build a relay command from unexpected characters/);
  });
});

describe('waking through an SSH relay: what is asked and what is said', () => {
  /** Records the options of each call: the wake must stay bounded in time and stoppable. */
  class Recording extends FakeRelay {
    readonly opts: ({ signal?: AbortSignal; timeoutMs?: number } | undefined)[] = [];
    override async exec(host: string, command: string, opts?: { signal?: AbortSignal; timeoutMs?: number }): Promise<ExecResult> {
      this.opts.push(opts);
      return super.exec(host, command);
    }
  }

  it('asks only for the tools given, and bounds both calls by 15 s unless told otherwise, passing the caller’s signal on', async () => {
    const relay = new Recording(['perl', 'etherwake']);
    assert.deepEqual(await wakeViaSsh(relay, 'openwrt', packetFor('02ab3c4d5e6f'), { tools: ['etherwake'] }), { relay: 'openwrt', tool: 'etherwake' });
    assert.deepEqual(relay.commands, ['command -v etherwake', 'etherwake -b 02:ab:3c:4d:5e:6f']);
    assert.deepEqual(relay.opts.map((o) => o?.timeoutMs), [15_000, 15_000]);
    const ac = new AbortController();
    const told = new Recording(['perl']);
    await wakeViaSsh(told, 'openwrt', packetFor('02ab3c4d5e6f'), { timeoutMs: 4000, signal: ac.signal });
    assert.deepEqual(told.opts.map((o) => [o?.timeoutMs, o?.signal === ac.signal]), [[4000, true], [4000, true]]);
  });

  it('with no tool the error names the tools asked for', async () => {
    await assert.rejects(wakeViaSsh(new FakeRelay([]), 'openwrt', packetFor('02ab3c4d5e6f'), { tools: ['etherwake', 'ether-wake'] }), {
      message: 'openwrt cannot send a magic packet: none of etherwake, ether-wake is installed (install wakeonlan or etherwake there)',
    });
  });

  it('a failed send says the last three lines of what the relay said, its output when stderr is empty, or the exit status', async () => {
    const fails = (stdout: string, stderr: string) => new FakeRelay(['perl'], () => ({ code: 2, stdout, stderr }));
    const p = packetFor('02ab3c4d5e6f');
    await assert.rejects(wakeViaSsh(fails('ignored\n', 'line 1\nline 2\nline 3\nsend: Network is unreachable\n'), 'nas', p), { message: 'nas: perl failed: line 2 line 3 send: Network is unreachable' });
    await assert.rejects(wakeViaSsh(fails('  socket: No buffer space available \n', ''), 'nas', p), { message: 'nas: perl failed: socket: No buffer space available' });
    await assert.rejects(wakeViaSsh(fails('', '  \n'), 'nas', p), { message: 'nas: perl failed: exit status 2' });
    // The root hint only when the relay's words point at permissions.
    await assert.rejects(wakeViaSsh(fails('', 'socket: Permission denied'), 'nas', p), { message: 'nas: perl failed: socket: Permission denied (etherwake needs root on the relay)' });
    await assert.rejects(wakeViaSsh(fails('', 'must be ROOT'), 'nas', p), { message: 'nas: perl failed: must be ROOT (etherwake needs root on the relay)' });
  });
});
