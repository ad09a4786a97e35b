import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostConfig, LabConfig, ProxmoxClusterConfig } from '../../../shared/config';
import { credentialProblems, referencedSecrets } from '../../../electron/core/config/credentials';

const FP = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';
const FP2 = FP.replace(/^AB/, '12');
const home = (over: Partial<ProxmoxClusterConfig> = {}): ProxmoxClusterConfig => ({
  name: 'home',
  endpoints: ['https://192.168.1.10:8006'],
  tokenId: 'root@pam!labtray',
  tokenSecret: 'secret:pve-home',
  ...over,
});
const nas = (over: Partial<HostConfig> = {}): HostConfig => ({
  name: 'nas',
  mac: 'aa:bb:cc:dd:ee:ff',
  broadcast: '192.168.1.255',
  secureOn: 'secret:nas-wol',
  ssh: { host: '192.168.1.20', identityFile: '~/.ssh/id_ed25519', passphrase: 'secret:nas-key' },
  ...over,
});
const metrics = { url: 'https://192.168.1.12:8428', bearerToken: 'secret:vm', username: 'grafana', password: 'secret:vm-pass' };
const lab: LabConfig = { proxmox: [home()], metrics, hosts: [nas()] };
const none = new Set<string>();
const stored = new Set(['pve-home', 'nas-wol', 'nas-key', 'vm', 'vm-pass', 'spare']);
const retype = 'type it in again to send it there';

describe('stored secrets and where they are sent', () => {
  it('lists every secret a config refers to once, without "secret:", in the order of the sections', () => {
    assert.deepEqual(referencedSecrets(lab), ['pve-home', 'vm', 'vm-pass', 'nas-wol', 'nas-key']);
    const twice: LabConfig = { proxmox: [home({ username: 'root@pam', password: 'secret:pve-home' })] };
    assert.deepEqual(referencedSecrets(twice), ['pve-home']);
    assert.deepEqual(referencedSecrets({ hosts: [{ name: 'bare' }] }), []);
  });

  it('a save that keeps every secret where it was, or only renames a cluster or host, has no problem', () => {
    assert.deepEqual(credentialProblems(lab, lab, none, stored), []);
    const renamed: LabConfig = { proxmox: [home({ name: 'lab' })], metrics, hosts: [nas({ name: 'storage' })] };
    assert.deepEqual(credentialProblems(lab, renamed, none, stored), []);
    assert.deepEqual(credentialProblems(lab, {}, none, stored), []);
  });

  it('a cluster’s token sent to new endpoints, pins or CA must be typed in again, naming what changed', () => {
    assert.deepEqual(credentialProblems(lab, { ...lab, proxmox: [home({ endpoints: ['https://203.0.113.9:8006'] })] }, none, stored), [
      `proxmox[home].tokenSecret: endpoints changed, so the stored secret would be sent somewhere new; ${retype}`,
    ]);
    assert.deepEqual(credentialProblems(lab, { ...lab, proxmox: [home({ fingerprint: FP, caFile: '/tmp/ca.pem' })] }, none, stored), [
      `proxmox[home].tokenSecret: fingerprint, caFile changed, so the stored secret would be sent somewhere new; ${retype}`,
    ]);
    assert.deepEqual(credentialProblems({ proxmox: [home({ fingerprints: [FP] })] }, { proxmox: [home({ fingerprints: [FP2] })] }, none, stored), [
      `proxmox[home].tokenSecret: fingerprints changed, so the stored secret would be sent somewhere new; ${retype}`,
    ]);
    // Typed in with this save: it may go anywhere.
    assert.deepEqual(credentialProblems(lab, { ...lab, proxmox: [home({ endpoints: ['https://203.0.113.9:8006'] })] }, new Set(['pve-home']), stored), []);
  });

  it('a password also stays with its user name; the metrics secrets with their URL, pin and CA', () => {
    const pw = (username: string): LabConfig => ({ proxmox: [{ name: 'home', endpoints: ['https://192.168.1.10:8006'], username, password: 'secret:pve-pw' }] });
    assert.deepEqual(credentialProblems(pw('root@pam'), pw('admin@pve'), none, stored), [
      `proxmox[home].password: username changed, so the stored secret would be sent somewhere new; ${retype}`,
    ]);
    assert.deepEqual(credentialProblems(lab, { ...lab, metrics: { ...metrics, url: 'https://203.0.113.9:8428' } }, none, stored), [
      `metrics.bearerToken: url changed, so the stored secret would be sent somewhere new; ${retype}`,
      `metrics.password: url changed, so the stored secret would be sent somewhere new; ${retype}`,
    ]);
    assert.deepEqual(credentialProblems(lab, { ...lab, metrics: { ...metrics, username: 'admin', fingerprint: FP, caFile: '/ca.pem' } }, none, stored), [
      `metrics.bearerToken: fingerprint, caFile changed, so the stored secret would be sent somewhere new; ${retype}`,
      `metrics.password: fingerprint, caFile, username changed, so the stored secret would be sent somewhere new; ${retype}`,
    ]);
  });

  it('a SecureOn password stays with its MAC and broadcast, an SSH key passphrase with its key file', () => {
    const moved: LabConfig = { ...lab, hosts: [nas({ mac: '11:22:33:44:55:66', broadcast: '10.0.0.255', ssh: { host: '192.168.1.20', identityFile: '~/.ssh/other', passphrase: 'secret:nas-key' } })] };
    assert.deepEqual(credentialProblems(lab, moved, none, stored), [
      `hosts[nas].secureOn: mac, broadcast changed, so the stored secret would be sent somewhere new; ${retype}`,
      `hosts[nas].ssh.passphrase: identityFile changed, so the stored secret would be sent somewhere new; ${retype}`,
    ]);
  });

  it('a secret moved to another place belongs to where it was entered; a stored one entered for nothing here was not entered for it', () => {
    const next: LabConfig = { metrics: { url: metrics.url, bearerToken: 'secret:pve-home' }, hosts: [nas({ secureOn: 'secret:spare' })] };
    assert.deepEqual(credentialProblems(lab, next, none, stored), [
      'metrics.bearerToken: "secret:pve-home" belongs to proxmox[home].tokenSecret; type the secret in for this place to use it here',
      'hosts[nas].secureOn: "secret:spare" was not entered for it; type the secret in for this place to use it here',
    ]);
    // A reference to a secret that is neither stored nor used sends nothing: the row asks for it.
    assert.deepEqual(credentialProblems(lab, { ...lab, hosts: [nas({ secureOn: 'secret:new-one' })] }, none, stored), []);
  });

  it('a secret moves with a renamed place only into the same kind of field; one shared by two places belongs to both', () => {
    const asPassword: LabConfig = { proxmox: [{ name: 'lab', endpoints: ['https://192.168.1.10:8006'], username: 'root@pam', password: 'secret:pve-home' }] };
    assert.deepEqual(credentialProblems({ proxmox: [home()] }, asPassword, none, stored), [
      'proxmox[lab].password: "secret:pve-home" belongs to proxmox[home].tokenSecret; type the secret in for this place to use it here',
    ]);
    const shared: LabConfig = { proxmox: [home(), home({ name: 'office' })] };
    assert.deepEqual(credentialProblems(shared, { metrics: { url: metrics.url, bearerToken: 'secret:pve-home' } }, none, stored), [
      'metrics.bearerToken: "secret:pve-home" belongs to proxmox[home].tokenSecret, proxmox[office].tokenSecret; type the secret in for this place to use it here',
    ]);
    assert.deepEqual(referencedSecrets({ metrics: { url: metrics.url, username: 'grafana', password: 'secret:vm-pass' } }), ['vm-pass']);
  });

  it('a renamed place takes its secret along only when the old place is gone', () => {
    const both: LabConfig = { proxmox: [home({ tokenSecret: 'secret:spare' }), home({ name: 'lab' })] };
    assert.deepEqual(credentialProblems({ proxmox: [home()] }, both, none, stored), [
      'proxmox[home].tokenSecret: "secret:spare" was not entered for it; type the secret in for this place to use it here',
      'proxmox[lab].tokenSecret: "secret:pve-home" belongs to proxmox[home].tokenSecret; type the secret in for this place to use it here',
    ]);
  });

  it('one secret for two places only as the config file already had it, naming both places', () => {
    const shared: LabConfig = { proxmox: [home(), home({ name: 'office' })] };
    assert.deepEqual(credentialProblems({ proxmox: [home()] }, shared, new Set(['pve-home']), stored), [
      '"secret:pve-home" would be shared by proxmox[home].tokenSecret and proxmox[office].tokenSecret; give each place its own secret',
    ]);
    assert.deepEqual(credentialProblems(shared, shared, none, stored), []);
    const three: LabConfig = { proxmox: [home(), home({ name: 'office' }), home({ name: 'lab' })] };
    assert.deepEqual(credentialProblems(shared, three, new Set(['pve-home']), stored), [
      '"secret:pve-home" would be shared by proxmox[home].tokenSecret and proxmox[office].tokenSecret and proxmox[lab].tokenSecret; give each place its own secret',
    ]);
  });
});
