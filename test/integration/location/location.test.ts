import { ed25519Pair } from '../../../demo/ssh/demo';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import ssh2 from 'ssh2';
import type { LabConfig } from '../../../shared/config';
import { defineIntegration, type LocationService } from '../../../electron/core/lab/integration';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { sshFingerprint } from '../../../electron/core/ssh/fingerprint';
import { pickEndpoint } from '../../../electron/core/location/decide';
import { createLocationIntegration, networkProber } from '../../../electron/core/location/integration';
import { createCa } from '../../../demo/kube/pki';

const um560 = { name: 'um560', ssh: { host: '192.168.50.60', awayHost: 'um560.tail4c3b2a.ts.net' } };

describe('at home or away, decided by who answers (real SSH key exchange and TLS handshake on 127.0.0.1)', () => {
  let sshServer: ssh2.Server;
  let sshPort: number;
  let hostKeyFp: string;
  let authAttempts = 0;
  let tlsServer: tls.Server;
  let tlsPort: number;
  let certFp: string;
  let tlsBytes = 0;
  let deadPort: number;
  let impostor: ssh2.Server;
  let impostorPort: number;

  before(async () => {
    const keys = ed25519Pair();
    const pub = ssh2.utils.parseKey(keys.public);
    if (pub instanceof Error) throw pub;
    hostKeyFp = sshFingerprint(pub.getPublicSSH());
    sshServer = new ssh2.Server({ hostKeys: [keys.private] }, (client) => {
      client.on('authentication', (ctx) => {
        authAttempts++;
        ctx.reject();
      });
      client.on('error', () => undefined);
    });
    await new Promise<void>((r) => sshServer.listen(0, '127.0.0.1', r));
    sshPort = (sshServer.address() as net.AddressInfo).port;

    // On another network, a box that copied um560's public host key (it is public: known_hosts, scans) but not its private key.
    const own = ssh2.utils.parseKey(ed25519Pair().private);
    if (own instanceof Error) throw own;
    own.getPublicSSH = () => pub.getPublicSSH();
    impostor = new ssh2.Server({ hostKeys: [{ key: own }] }, (client) => {
      client.on('authentication', (ctx) => {
        authAttempts++;
        ctx.reject();
      });
      client.on('error', () => undefined);
    });
    await new Promise<void>((r) => impostor.listen(0, '127.0.0.1', r));
    impostorPort = (impostor.address() as net.AddressInfo).port;

    const served = createCa('pve-home').issueServer('um560', ['127.0.0.1']);
    certFp = new X509Certificate(served.certPem).fingerprint256;
    tlsServer = tls.createServer({ cert: served.certPem, key: served.keyPem }, (s) => {
      s.on('data', (d) => (tlsBytes += d.length));
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
    tlsPort = (tlsServer.address() as net.AddressInfo).port;

    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    deadPort = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
  });

  after(async () => {
    await new Promise<void>((r) => sshServer.close(() => r()));
    await new Promise<void>((r) => impostor.close(() => r()));
    await new Promise<void>((r) => tlsServer.close(() => r()));
  });

  /**
   * A Lab with the location integration and a stand-in for SSH/WOL that picks
   * um560's address through the location service it declares it needs. It is
   * listed first: the Lab builds the provider before it all the same.
   */
  function labWith(home: LabConfig['home']): { lab: Lab; endpoint: () => string } {
    let seen: LocationService | undefined;
    const consumer = defineIntegration({
      needs: ['location'],
      build: (_ctx, services) => {
        seen = services.location;
        return null;
      },
    });
    const network = async () => ({ gateway: '192.168.50.1', addresses: [{ iface: 'wlan0', ip4: '127.0.0.9', mask: '255.0.0.0' }] });
    const lab = new Lab({ config: { home, hosts: [um560] }, factories: [consumer, createLocationIntegration(networkProber, network)], secrets: new MemorySecretStore() });
    return { lab, endpoint: () => pickEndpoint(um560, seen?.atHome() ?? null) };
  }

  it('is at home when the LAN host shows the pinned SSH host key, and SSH then uses the LAN address', async () => {
    const { lab, endpoint } = labWith({ probes: [{ host: '127.0.0.1', port: sshPort, hostKey: hostKeyFp }] });
    const s = await lab.pollOnce();
    assert.equal(s.location?.atHome, true);
    assert.match(s.location?.reason ?? '', /pinned SSH host key/);
    assert.match(s.location?.reason ?? '', /wlan0 127\.0\.0\.9 is on the probe's subnet/);
    assert.equal(endpoint(), '192.168.50.60');
    assert.equal(authAttempts, 0, 'the probe never tries to log in');
    await lab.stop();
  });

  it('is away when the same address answers with another host key, and SSH then uses the Tailscale name', async () => {
    const other = sshFingerprint(Buffer.from('another network, another box'));
    const { lab, endpoint } = labWith({ probes: [{ host: '127.0.0.1', port: sshPort, hostKey: other }] });
    const s = await lab.pollOnce();
    assert.equal(s.location?.atHome, false);
    assert.match(s.location?.reason ?? '', /answered with SSH host key SHA256:.*not the pinned/);
    assert.equal(endpoint(), 'um560.tail4c3b2a.ts.net');
    assert.equal(authAttempts, 0);
    await lab.stop();
  });

  it('is not fooled by a box that shows the pinned public host key but cannot sign with it', async () => {
    const { lab, endpoint } = labWith({ probes: [{ host: '127.0.0.1', port: impostorPort, hostKey: hostKeyFp }] });
    const s = await lab.pollOnce();
    assert.notEqual(s.location?.atHome, true);
    assert.match(s.location?.reason ?? '', /did not prove it holds it/);
    assert.equal(endpoint(), 'um560.tail4c3b2a.ts.net');
    assert.equal(authAttempts, 0, 'no login is tried on the impostor either');
    await lab.stop();
  });

  it('flips from away to home when the pin is corrected (config change)', async () => {
    const { lab, endpoint } = labWith({ probes: [{ host: '127.0.0.1', port: deadPort, hostKey: hostKeyFp }] });
    await lab.start();
    const away = await lab.pollOnce();
    assert.equal(away.location?.atHome, false);
    assert.match(away.location?.reason ?? '', /did not answer/);
    assert.equal(endpoint(), 'um560.tail4c3b2a.ts.net');
    await lab.applyConfig({ home: { probes: [{ host: '127.0.0.1', port: sshPort, hostKey: hostKeyFp }] }, hosts: [um560] });
    const home = await lab.pollOnce();
    assert.equal(home.location?.atHome, true);
    assert.equal(endpoint(), '192.168.50.60');
    await lab.stop();
  });

  it('recognises the PVE node by its certificate fingerprint without sending a byte of HTTP', async () => {
    const { lab } = labWith({ probes: [{ host: '127.0.0.1', port: tlsPort, fingerprint: certFp }] });
    const s = await lab.pollOnce();
    assert.equal(s.location?.atHome, true);
    assert.match(s.location?.reason ?? '', /pinned certificate/);
    assert.equal(tlsBytes, 0);
    await lab.stop();
  });

  it('reports the connection\'s own two addresses with each answer, for the tailnet and subnet rules', async () => {
    const signal = new AbortController().signal;
    const ssh = await networkProber.sshHostKey('127.0.0.1', sshPort, (k) => k === hostKeyFp, signal);
    assert.deepEqual(ssh.route, { local: '127.0.0.1', remote: '127.0.0.1' });
    const cert = await networkProber.certificate('127.0.0.1', tlsPort, signal);
    assert.deepEqual(cert.route, { local: '127.0.0.1', remote: '127.0.0.1' });
    assert.equal(tlsBytes, 0);
  });

  it('cannot tell without identity pins, and says so', async () => {
    const { lab } = labWith({ probes: [{ host: '127.0.0.1', port: sshPort }] });
    const s = await lab.pollOnce();
    assert.equal(s.location?.atHome, null);
    assert.ok(s.checks.some((c) => c.id.startsWith('location:probe:') && c.status === 'warn' && /no hostKey or fingerprint/.test(c.summary)));
    await lab.stop();
  });
});
