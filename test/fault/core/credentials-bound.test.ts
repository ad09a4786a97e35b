import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabError } from '../../../shared/api';
import type { LabConfig } from '../../../shared/config';
import { parseConfig } from '../../../electron/core/config/load';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { FakeClock } from '../../helpers/fake-clock';

/**
 * A window that has been taken over tries to send stored secrets somewhere
 * else through saveSettings. Each secret is bound to the place it was entered
 * for and to where that place sends it.
 */
const PIN = 'AB:'.repeat(31) + 'AB';
const EVIL_PIN = 'CD:'.repeat(31) + 'CD';
const start: LabConfig = {
  proxmox: [{ name: 'home', endpoints: ['https://192.168.50.60:8006'], tokenId: 'root@pam!labtray', tokenSecret: 'secret:pve-home', fingerprint: PIN }],
  metrics: { url: 'https://vm.lan:8428', bearerToken: 'secret:vm-token' },
  hosts: [{ name: 'orangepi5', mac: '02:ab:3c:4d:5e:6f', broadcast: '192.168.50.255', secureOn: 'secret:opi-secureon' }],
};

async function labWithConfig() {
  const saved: LabConfig[] = [];
  const secrets = new MemorySecretStore({ 'pve-home': 'token-value-1', 'vm-token': 'vm-value', 'opi-secureon': '12:34:56:78:9a:bc' });
  const lab = new Lab({ config: structuredClone(start), factories: [], secrets, clock: new FakeClock(), configPath: '/home/ryan/.config/labtray/config.yaml', saveConfig: async (c) => void saved.push(c) });
  await lab.start();
  return { lab, saved, secrets };
}

const refused = async (lab: Lab, config: LabConfig, pattern: RegExp, secrets?: Record<string, string>): Promise<void> => {
  const err = await lab.invoke('saveSettings', { config, secrets }).then(() => null, (e: unknown) => e);
  assert.ok(err instanceof LabError && err.code === 'invalid-input', `refused: ${String(err)}`);
  assert.match(err.message, pattern);
};

describe('credentials stay where they were entered (saveSettings from the window)', () => {
  it('moving a cluster to another endpoint and pin together, keeping its stored token, is refused; with the token typed in again it is saved', async () => {
    const { lab, saved } = await labWithConfig();
    const moved: LabConfig = { ...start, proxmox: [{ ...start.proxmox![0], endpoints: ['https://203.0.113.9:8006'], fingerprint: EVIL_PIN }] };
    await refused(lab, moved, /proxmox\[home\]\.tokenSecret: endpoints, fingerprint changed, so the stored secret would be sent somewhere new; type it in again/);
    assert.equal(saved.length, 0, 'nothing was saved');
    assert.deepEqual((await lab.invoke('getSettings', undefined)).config.proxmox, start.proxmox);
    // Changing only the pin is a destination change too.
    await refused(lab, { ...start, proxmox: [{ ...start.proxmox![0], fingerprint: EVIL_PIN }] }, /fingerprint changed/);
    await lab.invoke('saveSettings', { config: moved, secrets: { 'pve-home': 'token-value-2' } });
    assert.equal(saved.length, 1);
    await lab.stop();
  });

  it('a section cannot borrow another section’s secret, even when it is already stored', async () => {
    const { lab, saved } = await labWithConfig();
    await refused(lab, { ...start, metrics: { url: 'https://vm.lan:8428', bearerToken: 'secret:pve-home' } }, /metrics\.bearerToken: "secret:pve-home" belongs to proxmox\[home\]\.tokenSecret/);
    await refused(lab, { ...start, proxmox: [...start.proxmox!, { name: 'evil', endpoints: ['https://203.0.113.9:8006'], tokenId: 'root@pam!x', tokenSecret: 'secret:pve-home', fingerprint: EVIL_PIN }] }, /proxmox\[evil\]\.tokenSecret: "secret:pve-home" belongs to proxmox\[home\]\.tokenSecret/);
    assert.equal(saved.length, 0);
    await lab.stop();
  });

  it('a new place may name a secret that is not stored yet (its row then asks for it), but not one the store holds for nobody', async () => {
    const { lab, saved, secrets } = await labWithConfig();
    await secrets.set('left-over', 'a token once entered for a removed cluster');
    const office = { name: 'office', endpoints: ['https://203.0.113.9:8006'], tokenId: 'root@pam!x', fingerprint: EVIL_PIN };
    await refused(lab, { ...start, proxmox: [...start.proxmox!, { ...office, tokenSecret: 'secret:left-over' }] }, /proxmox\[office\]\.tokenSecret: "secret:left-over" was not entered for it/);
    assert.equal(saved.length, 0);
    await lab.invoke('saveSettings', { config: { ...start, proxmox: [...start.proxmox!, { ...office, tokenSecret: 'secret:pve-office' }] } });
    assert.equal(saved.length, 1, 'a reference to a secret nobody holds sends nothing, so it is saved');
    await lab.stop();
  });

  it('a SecureOn password is not sent to a new broadcast address without being typed in again', async () => {
    const { lab } = await labWithConfig();
    await refused(lab, { ...start, hosts: [{ ...start.hosts![0], broadcast: '203.0.113.255' }] }, /hosts\[orangepi5\]\.secureOn: broadcast changed/);
    await lab.stop();
  });

  it('keeps what is unchanged: renaming a cluster, editing other fields, or removing a secret are saved', async () => {
    const { lab, saved } = await labWithConfig();
    await lab.invoke('saveSettings', { config: { ...start, proxmox: [{ ...start.proxmox![0], name: 'homelab', interval: 20_000 }] } });
    await lab.invoke('saveSettings', { config: { ...start, proxmox: [{ ...start.proxmox![0], name: 'homelab', interval: 20_000 }], hosts: [{ name: 'orangepi5', mac: '02:ab:3c:4d:5e:6f', broadcast: '192.168.50.255' }] } });
    assert.equal(saved.length, 2);
    await lab.stop();
  });

  it('one secret is not shared by two places unless the config file shares it', async () => {
    const { lab } = await labWithConfig();
    await refused(
      lab,
      { ...start, metrics: { url: 'https://vm.lan:8428', bearerToken: 'secret:pve-home' }, proxmox: start.proxmox },
      /"secret:pve-home" would be shared by proxmox\[home\]\.tokenSecret and metrics\.bearerToken/,
      { 'pve-home': 'typed-again' },
    );
    await lab.stop();
  });
});

describe('credentials over plain http', () => {
  it('refuses a metrics token or password to an http:// URL unless the file says plainHttp: true for that section', () => {
    assert.throws(() => parseConfig('metrics:\n  url: http://192.168.50.8:8428\n  bearerToken: secret:vm-token\n'), /metrics\.bearerToken.*would be sent unencrypted to http:\/\/192\.168\.50\.8:8428.*plainHttp: true/s);
    assert.throws(() => parseConfig('metrics:\n  url: http://vm.lan:8428\n  username: me\n  password: secret:vm-pw\n'), /metrics\.password.*unencrypted/s);
    assert.equal(parseConfig('metrics:\n  url: http://vm.lan:8428\n  bearerToken: secret:vm-token\n  plainHttp: true\n').metrics?.plainHttp, true);
    assert.equal(parseConfig('metrics:\n  url: http://vm.lan:8428\n').metrics?.url, 'http://vm.lan:8428', 'no credential, nothing to protect');
  });

  it('plainHttp can be set only by editing the file', async () => {
    const { lab } = await labWithConfig();
    await refused(lab, { ...start, metrics: { url: 'http://vm.lan:8428', bearerToken: 'secret:vm-token', plainHttp: true } }, /metrics\.plainHttp can be changed only by editing the config file/);
    await lab.stop();
  });
});
