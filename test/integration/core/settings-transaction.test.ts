import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { LabError } from '../../../shared/api';
import type { ProxmoxClusterConfig } from '../../../shared/config';
import type { Snapshot } from '../../../shared/snapshot';
import { loadConfig } from '../../../electron/core/config/load';
import { saveConfig, type ConfigFs } from '../../../electron/core/config/save';
import type { Lab } from '../../../electron/core/lab/lab';
import { createLab } from '../../../electron/core/open-lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { startDemoLab, type DemoLab } from '../../../demo/demo-lab';

/**
 * Settings saves as transactions, through the same Lab handlers the window
 * calls, against the demo lab's simulators (Proxmox VE, kube, tailscaled, sshd
 * hosts) and a config file on disk.
 */

/** A writer whose temp file cannot be created: the disk is full. */
const fullDisk: ConfigFs = {
  ...fs,
  open: (async () => {
    throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  }) as unknown as ConfigFs['open'],
};

/** What the views show of each area: the part a broken config made vanish. */
function areas(s: Snapshot): unknown {
  return {
    sources: s.sources.map((x) => x.id).sort(),
    proxmox: s.proxmox.map((c) => [c.name, c.nodes.length]),
    tailscale: s.tailscale ? [s.tailscale.backendState, s.tailscale.peers.length] : null,
    kubernetes: s.kubernetes.map((k) => k.context).sort(),
    hosts: s.hosts.map((h) => h.name).sort(),
  };
}

describe('Settings saves are transactions (core, through the window’s handlers)', () => {
  let demo: DemoLab;
  let dir = '';
  before(async () => {
    demo = await startDemoLab();
    dir = mkdtempSync(join(tmpdir(), 'labtray-settings-tx-'));
  });
  after(async () => {
    await demo.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A Lab on a config file of its own; `write` decides how saves reach the disk. */
  async function openOnFile(name: string, write: ConfigFs = fs): Promise<{ lab: Lab; file: string; secrets: MemorySecretStore }> {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, '# my lab\n' + stringify(demo.config));
    const config = (await loadConfig(file)).config;
    const secrets = new MemorySecretStore(demo.secrets);
    const lab = createLab({ config, secrets, configPath: file, saveConfig: (c) => saveConfig(file, c, write) });
    await lab.pollOnce();
    return { lab, file, secrets };
  }

  const existing = (): ProxmoxClusterConfig => demo.config.proxmox![0];

  it('refuses a cluster whose name exists, naming the field; the file, the stored secrets and every area stay as they were', async () => {
    const { lab, file, secrets } = await openOnFile('duplicate');
    try {
      const bytes = readFileSync(file);
      const before = areas(lab.snapshot);
      assert.ok((before as { kubernetes: string[] }).kubernetes.length === 3 && (before as { hosts: string[] }).hosts.length > 0, 'the demo lab shows kube and hosts');
      const storedBefore = await secrets.get('pve-home');
      const configBefore = structuredClone(lab.currentConfig);
      // The form names a cluster's secret after the cluster: the same name as the existing one's.
      const copy = { ...existing(), endpoints: ['https://127.0.0.1:9'], fingerprint: 'CD:'.repeat(31) + 'CD' };
      const attempts = [
        lab.invoke('saveCluster', { cluster: copy, secrets: { 'pve-home': 'typed-for-the-second-home' } }),
        lab.invoke('saveSettings', { config: { ...lab.currentConfig, proxmox: [...(lab.currentConfig.proxmox ?? []), copy] }, secrets: { 'pve-home': 'typed-for-the-second-home' } }),
      ];
      for (const attempt of attempts) {
        const err = await attempt.then(() => null, (e: unknown) => e);
        assert.ok(err instanceof LabError && err.code === 'invalid-input', String(err));
        assert.match(err.message, /^proxmox\[1\]\.name: another Proxmox VE cluster is already named "home" \(proxmox\[0\]\.name\); names must be unique$/m);
      }
      assert.ok(readFileSync(file).equals(bytes), 'the config file is unchanged byte for byte');
      assert.equal(await secrets.get('pve-home'), storedBefore, 'the stored secret is unchanged');
      assert.equal(storedBefore, demo.secrets['pve-home']);
      assert.deepEqual(lab.currentConfig, configBefore, 'the running config is unchanged');
      await lab.pollOnce();
      assert.deepEqual(areas(lab.snapshot), before, 'Tailscale, hosts and Kubernetes are still shown');
    } finally {
      await lab.stop();
    }
  });

  it('a save that fails at the write puts the secrets back: a new one is forgotten, a replaced one restored', async () => {
    const { lab, file, secrets } = await openOnFile('full-disk', fullDisk);
    try {
      const bytes = readFileSync(file);
      const office = { ...existing(), name: 'office', tokenSecret: 'secret:pve-office' };
      await assert.rejects(lab.invoke('saveCluster', { cluster: office, secrets: { 'pve-office': 'office-token' } }), /not saved \(the previous file is unchanged\): ENOSPC/);
      assert.equal(await secrets.has('pve-office'), false, 'the secret typed for the unsaved cluster is not kept');
      await assert.rejects(lab.invoke('saveCluster', { cluster: existing(), previous: 'home', secrets: { 'pve-home': 'a-new-token' } }), /ENOSPC/);
      assert.equal(await secrets.get('pve-home'), demo.secrets['pve-home'], 'the previous token is back');
      assert.ok(readFileSync(file).equals(bytes));
      assert.deepEqual(lab.currentConfig.proxmox?.map((p) => p.name), ['home']);
    } finally {
      await lab.stop();
    }
  });

  it('edits and removes clusters and hosts, keeping what refers to them in step', async () => {
    const { lab, file, secrets } = await openOnFile('edits');
    try {
      // A rename keeps the cluster's favourites.
      await lab.invoke('savePrefs', { favourites: ['home/101'] });
      const renamed = await lab.invoke('saveCluster', { cluster: { ...existing(), name: 'homelab', interval: 7000 }, previous: 'home' });
      assert.deepEqual(renamed.config.proxmox?.map((p) => [p.name, p.interval]), [['homelab', 7000]]);
      assert.deepEqual(renamed.config.ui?.favourites, ['homelab/101']);
      assert.deepEqual((await loadConfig(file)).config.proxmox?.map((p) => p.name), ['homelab'], 'written to the file');
      assert.equal(await secrets.get('pve-home'), demo.secrets['pve-home'], 'its stored token stays with it');

      // A host another one jumps through cannot be removed; the refusal names the jumping host's field.
      const hosts = lab.currentConfig.hosts ?? [];
      const [first, second] = hosts;
      await lab.invoke('saveHost', { host: { ...second, ssh: { ...second.ssh!, proxyJump: first.name } }, previous: second.name });
      const err = await lab.invoke('removeHost', { name: first.name }).then(() => null, (e: unknown) => e);
      assert.ok(err instanceof LabError, String(err));
      assert.match(err.message, new RegExp(`^hosts\\[0\\]\\.ssh\\.proxyJump: no host of hosts: is named "${first.name}"$`, 'm'));
      // A renamed jump host takes the reference along.
      await lab.invoke('saveHost', { host: { ...first, name: 'gateway' }, previous: first.name });
      assert.equal(lab.currentConfig.hosts?.find((h) => h.name === second.name)?.ssh?.proxyJump, 'gateway');
      const dup = await lab.invoke('saveHost', { host: { ...first, name: second.name } }).then(() => null, (e: unknown) => e);
      assert.match(String(dup), new RegExp(`hosts\\[2\\]\\.name: another host is already named "${second.name}" \\(hosts\\[1\\]\\.name\\)`));
      const left = await lab.invoke('removeHost', { name: second.name });
      assert.deepEqual(left.config.hosts?.map((h) => h.name), ['gateway']);

      const removed = await lab.invoke('removeCluster', { name: 'homelab' });
      assert.deepEqual(removed.config.proxmox, []);
      assert.deepEqual(removed.config.ui?.favourites, [], 'its favourites go with it');
      const nodeSensors = (demo.config.power?.sensors ?? []).filter((x) => x.node !== undefined);
      assert.ok(nodeSensors.length >= 3, 'the demo lab measures its nodes');
      assert.deepEqual(
        removed.config.power?.sensors.filter((x) => nodeSensors.some((n) => n.entity === x.entity)),
        nodeSensors.map((n) => ({ entity: n.entity, name: n.node })),
        'the plugs of its nodes keep being read, by the nodes’ names',
      );
      await assert.rejects(lab.invoke('removeCluster', { name: 'homelab' }), /no Proxmox VE cluster named "homelab" is configured/);
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /homelab/);
    } finally {
      await lab.stop();
    }
  });

  it('refuses a typed-in secret nothing refers to, storing nothing', async () => {
    const { lab, secrets } = await openOnFile('unused');
    try {
      const err = await lab.invoke('saveSettings', { config: lab.currentConfig, secrets: { stray: 'value' } }).then(() => null, (e: unknown) => e);
      assert.match(String(err), /secrets\.stray: a secret was typed in for "secret:stray", but nothing in the config refers to it/);
      assert.equal(await secrets.has('stray'), false);
    } finally {
      await lab.stop();
    }
  });
});

