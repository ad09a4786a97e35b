import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabError } from '../../../shared/api';
import { configIssues, newIssues } from '../../../electron/core/config/check';
import { parseConfig } from '../../../electron/core/config/load';
import { findTrustTarget, pinInText } from '../../../electron/core/config/pin';
import { MemorySecretStore, stageSecrets } from '../../../electron/core/secrets';

const FP = 'DB:74:63:37:61:AF:B7:C4:9F:AD:2B:90:D3:13:C5:43:AA:18:71:12:52:A1:CA:CB:D4:7A:5C:0E:84:35:5E:2E';
const FP2 = 'AB:'.repeat(31) + 'AB';
const KEY = 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';

const hand = `# My homelab, edited by hand.
proxmox:
  # the three mini PCs
  - name: home
    endpoints: ['https://192.168.50.60:8006']   # LAN first
    tokenId: 'root@pam!labtray'
    tokenSecret: 'secret:pve-home'
  - name: office
    endpoints:
      - https://10.0.0.2:8006
      - https://100.64.0.2:8006
    tokenId: root@pam!labtray
    tokenSecret: secret:pve-office

hosts:
  - name: orangepi5      # arm64 k3s worker
    ssh:
      host: 192.168.50.70
      user: ryan
  - name: router
    ssh: { host: 192.168.50.1, user: root }
`;

/** The text with `line` inserted after line number `after` (1-based). */
const withLine = (text: string, after: number, line: string): string => {
  const lines = text.split('\n');
  lines.splice(after, 0, line);
  return lines.join('\n');
};

describe('pinning in the config text', () => {
  it('adds a cluster’s fingerprint on its own line and changes no other byte', () => {
    const out = pinInText(hand, { kind: 'cluster', name: 'home', fingerprints: [FP] });
    assert.equal(out.text, withLine(hand, 7, `    fingerprint: '${FP}'`));
    assert.deepEqual(out.fields, ['proxmox[0].fingerprint']);
    assert.equal(parseConfig(out.text).proxmox?.[0].fingerprint, FP);
  });

  it('after a block list as the last entry too, and a second certificate as fingerprints', () => {
    const out = pinInText(hand, { kind: 'cluster', name: 'office', fingerprints: [FP, FP2] });
    assert.equal(out.text, withLine(withLine(hand, 13, `    fingerprint: '${FP}'`), 14, `    fingerprints: ['${FP2}']`));
    const c = parseConfig(out.text).proxmox?.[1];
    assert.deepEqual([c?.fingerprint, c?.fingerprints], [FP, [FP2]]);
  });

  it('replaces a pin in place', () => {
    const pinned = pinInText(hand, { kind: 'cluster', name: 'home', fingerprints: [FP2] }).text;
    const again = pinInText(pinned, { kind: 'cluster', name: 'home', fingerprints: [FP] }).text;
    assert.equal(again, withLine(hand, 7, `    fingerprint: '${FP}'`));
  });

  it('pins a host key under ssh:, and through the Document when ssh: is written inline (comments kept)', () => {
    const block = pinInText(hand, { kind: 'host', name: 'orangepi5', hostKey: KEY });
    assert.equal(block.text, withLine(hand, 19, `      hostKey: ${KEY}`));
    const inline = pinInText(hand, { kind: 'host', name: 'router', hostKey: KEY });
    assert.equal(parseConfig(inline.text).hosts?.[1].ssh?.hostKey, KEY);
    for (const comment of hand.split('\n').filter((l) => l.includes('#'))) assert.ok(inline.text.includes(comment.trim().startsWith('#') ? comment : comment.slice(comment.indexOf('#'))), comment);
  });

  it('finds the name among clusters and hosts, refusing an unknown or ambiguous one', () => {
    const config = parseConfig(hand);
    assert.equal(findTrustTarget(config, 'office', 'c.yaml').kind, 'cluster');
    assert.equal(findTrustTarget(config, 'router', 'c.yaml').kind, 'host');
    assert.throws(() => findTrustTarget(config, 'nas', 'c.yaml'), (e: unknown) => e instanceof LabError && e.code === 'invalid-input' && /no Proxmox VE cluster or host named "nas" in c\.yaml/.test(e.message));
    const both = parseConfig(hand.replace('name: router', 'name: home'));
    assert.throws(() => findTrustTarget(both, 'home', 'c.yaml'), /"home" is both a Proxmox VE cluster and a host in c\.yaml/);
  });
});

describe('checking a candidate config', () => {
  it('names each problem at its field', () => {
    const c = parseConfig(hand);
    const issues = configIssues({ ...c, proxmox: [...c.proxmox!, { ...c.proxmox![0] }], hosts: [...c.hosts!, { name: 'nas', ssh: { host: 'nas', proxyJump: 'bastion' } }], ui: { favourites: ['lab2/101'] } });
    assert.deepEqual(
      issues.map((i) => `${i.path}: ${i.said.summary}`),
      [
        'proxmox[2].name: another Proxmox VE cluster is already named "home" (proxmox[0].name); names must be unique',
        'hosts[2].ssh.proxyJump: no host of hosts: is named "bastion"',
        'ui.favourites[0]: favourite "lab2/101" names the cluster "lab2", which is not configured',
      ],
    );
    assert.deepEqual(configIssues({ proxmox: [{ name: 'bad name' }] }).map((i) => i.path).slice(0, 2), ['proxmox[0].name', 'proxmox[0].endpoints']);
  });

  it('refuses a wake relay that has no SSH to relay through', () => {
    assert.deepEqual(
      configIssues({ hosts: [{ name: 'router', wakeRelay: true }] }).map((i) => `${i.path}: ${i.said.summary}`),
      ['hosts[0].wakeRelay: host "router" relays wake-ups over SSH, but has no ssh: section'],
    );
    assert.deepEqual(configIssues({ hosts: [{ name: 'router', wakeRelay: true, ssh: { host: '192.168.50.1' } }] }), []);
  });

  it('lets a save keep a problem the file already had, but not add one', () => {
    const stale = { ...parseConfig(hand), ui: { favourites: ['gone/101'] } };
    assert.deepEqual(newIssues(stale, { ...stale, ui: { favourites: ['gone/101', 'home/100'] } }), []);
    assert.equal(newIssues(stale, { ...stale, ui: { favourites: ['gone/101', 'away/100'] } }).length, 1);
  });
});

describe('staged secrets', () => {
  it('undo forgets a new secret and restores a replaced one', async () => {
    const store = new MemorySecretStore({ 'pve-home': 'old' });
    const staged = await stageSecrets(store, { 'pve-home': 'new', 'pve-office': 'fresh' });
    assert.deepEqual([await store.get('pve-home'), await store.get('pve-office')], ['new', 'fresh']);
    assert.deepEqual(await staged.undo(), []);
    assert.deepEqual([await store.get('pve-home'), await store.has('pve-office')], ['old', false]);
  });

  it('a store that cannot forget a name stores no new secret at all', async () => {
    const values = new Map<string, string>();
    const store = { get: async (n: string) => values.get(n), has: async (n: string) => values.has(n), set: async (n: string, v: string) => void values.set(n, v) };
    await assert.rejects(stageSecrets(store, { 'pve-office': 'x' }), /cannot take back pve-office/);
    assert.equal(values.size, 0);
  });
});
