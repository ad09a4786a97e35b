import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { LabError, type LabMethod } from '../../../shared/api';
import type { LabConfig } from '../../../shared/config';
import type { HostState } from '../../../shared/hosts';
import type { Snapshot } from '../../../shared/snapshot';
import type { IntegrationFactory } from '../../../electron/core/lab/integration';
import type { Logger } from '../../../electron/core/logger';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore, requireSecret } from '../../../electron/core/secrets';
import { startDemoLab } from '../../../demo/demo-lab';
import { PveSim } from '../../../demo/pve/sim';
import { generateKey, startSshd } from '../../helpers/sshd';

/** Everything that leaves the core, as text: snapshots, log lines, errors, task and notice events, API results. */
class Outbox {
  readonly items: { what: string; text: string }[] = [];
  add(what: string, value: unknown): void {
    this.items.push({ what, text: typeof value === 'string' ? value : JSON.stringify(value) ?? String(value) });
  }
  logger(): Logger {
    return { info: (m) => this.add('log.info', m), warn: (m) => this.add('log.warn', m), error: (m) => this.add('log.error', m) };
  }
  watch(lab: Lab): void {
    lab.on('snapshot', (s) => this.add('snapshot', s));
    lab.on('task', (t) => this.add('task', t));
    lab.on('notice', (n) => this.add('notice', n));
  }
  /** Calls that never answered: a fault of their own (nothing may hang), reported by the test. */
  readonly hung: string[] = [];
  async call(lab: Lab, method: LabMethod, input: unknown): Promise<void> {
    let guard: NodeJS.Timeout | undefined;
    const hang = new Promise<'hung'>((r) => (guard = setTimeout(() => r('hung'), 20_000)));
    try {
      const result = await Promise.race([lab.invoke(method, input), hang]);
      if (result === 'hung') this.hung.push(`${method} ${JSON.stringify(input)}`);
      else this.add(`${method} result`, result);
    } catch (err) {
      this.add(`${method} error`, err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}\n${String((err as { cause?: unknown }).cause ?? '')}` : String(err));
    } finally {
      clearTimeout(guard);
    }
  }
}

/** The forms a secret could leak in: as is, the secret half of a PVE token, base64 (an Authorization header). */
function needles(secret: string): string[] {
  const forms = [secret, Buffer.from(secret).toString('base64')];
  const afterEq = secret.split('=').slice(1).join('=');
  if (afterEq.length >= 8) forms.push(afterEq);
  return forms.filter((f) => f.length >= 6);
}

function leaks(box: Outbox, secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(secrets)) {
    for (const needle of needles(value)) {
      for (const item of box.items) if (item.text.includes(needle)) found.push(`secret "${name}" in ${item.what}`);
    }
  }
  return [...new Set(found)];
}

/** Waits until every source has been tried once; a source that never answers is caught by its own timeout. */
function allAttempted(lab: Lab, limitMs: number): Promise<Snapshot> {
  const done = (s: Snapshot): boolean => s.sources.every((m) => m.lastAttemptAt !== null);
  if (done(lab.snapshot)) return Promise.resolve(lab.snapshot);
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      off();
      reject(new Error(`sources never tried within ${limitMs} ms: ${lab.snapshot.sources.filter((m) => !m.lastAttemptAt).map((m) => m.id).join(', ')}`));
    }, limitMs);
    const off = lab.on('snapshot', (s) => {
      if (done(s)) {
        clearTimeout(guard);
        off();
        resolve(s);
      }
    });
  });
}

/** A plausible wrong value of the same shape (same length, other characters): a wrong token, not garbage. */
function wrong(value: string): string {
  return value.replace(/[0-9a-f]/g, (c) => ((parseInt(c, 16) + 7) % 16).toString(16)).replace(/[g-zG-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) ^ 1));
}

/** Drives a Lab the way a user does, including what fails. */
async function exercise(lab: Lab, config: LabConfig, box: Outbox, newSecrets: Record<string, string>): Promise<void> {
  await lab.start();
  await allAttempted(lab, 60_000);
  box.add('getSnapshot', await lab.invoke('getSnapshot', undefined));
  await box.call(lab, 'getSettings', undefined);
  for (const c of config.proxmox ?? []) {
    await box.call(lab, 'testConnection', { kind: 'proxmox', name: c.name });
    await box.call(lab, 'guestAction', { cluster: c.name, vmids: [999_999], action: 'start' });
    await box.call(lab, 'startBackup', { cluster: c.name, vmids: [999_999] });
  }
  for (const h of config.hosts ?? []) await box.call(lab, 'testConnection', { kind: 'ssh', name: h.name });
  if (config.metrics) await box.call(lab, 'testConnection', { kind: 'metrics', name: 'metrics' });
  for (const ctx of config.kubernetes?.contexts ?? []) await box.call(lab, 'kubeAction', { context: ctx, action: 'delete-pod', namespace: 'default', name: 'no-such-pod' });
  // New secrets typed into Settings are stored, never echoed.
  await box.call(lab, 'saveSettings', { config, secrets: newSecrets });
  lab.refreshAll();
  await allAttempted(lab, 60_000);
  box.add('getSnapshot', await lab.invoke('getSnapshot', undefined));
  for (const t of lab.tasks.list()) box.add('task list', t);
  let guard: NodeJS.Timeout | undefined;
  const stopped = await Promise.race([lab.stop().then(() => 'stopped'), new Promise<string>((r) => (guard = setTimeout(() => r('hung'), 20_000)))]);
  clearTimeout(guard);
  if (stopped === 'hung') box.hung.push('Lab.stop() after these calls');
}

describe('secrets never leave the core', () => {
  it('finds a leak when there is one (the scan below can fail)', async () => {
    const secret = '8e3c2d1a-4b5f-4e6d-9a7b-0c1d2e3f4a5b';
    const careless: IntegrationFactory = (ctx) => ({
      kind: 'ssh',
      sources: [{
        id: 'host:nas', kind: 'host', name: 'nas', intervalMs: 60_000, timeoutMs: 5_000,
        placeholder: () => ({ name: 'nas', reachable: false }) as HostState,
        poll: async () => {
          const token = await requireSecret(ctx.secrets, 'secret:nas-token', 'host nas');
          throw new Error(`401 Unauthorized for token ${token}`);
        },
        checks: () => [],
      }],
    });
    const box = new Outbox();
    const lab = new Lab({ config: {}, factories: [careless], secrets: new MemorySecretStore({ 'nas-token': secret }), log: box.logger() });
    box.watch(lab);
    await lab.start();
    await allAttempted(lab, 10_000);
    await lab.stop();
    assert.ok(leaks(box, { 'nas-token': secret }).some((l) => /in snapshot/.test(l)));
    assert.ok(leaks(box, { 'nas-token': secret }).some((l) => /in log.warn/.test(l)));
  });

  it('the demo lab: no secret in any snapshot, log line, error, task or notice, with right and with wrong secrets', async (t: TestContext) => {
    const { registry } = await import('../../../electron/core/lab/registry');
    const demo = await startDemoLab();
    try {
      const secrets = demo.secrets;
      const typed = { 'typed-in-settings': 'Sup3r-Secret-Typed-In-Settings' };
      const all = { ...secrets, ...typed };

      const box = new Outbox();
      const lab = new Lab({ config: demo.config, factories: registry, secrets: new MemorySecretStore(secrets), log: box.logger(), demo: true });
      box.watch(lab);
      await exercise(lab, demo.config, box, typed);

      const wrongSecrets = Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, wrong(v)]));
      const wrongBox = new Outbox();
      const wrongLab = new Lab({ config: demo.config, factories: registry, secrets: new MemorySecretStore(wrongSecrets), log: wrongBox.logger(), demo: true });
      wrongBox.watch(wrongLab);
      await exercise(wrongLab, demo.config, wrongBox, typed);

      const sources = (JSON.parse(box.items.filter((i) => i.what === 'getSnapshot').at(-1)?.text ?? '{"sources":[]}') as Snapshot).sources;
      t.diagnostic(`${sources.length} sources, ${Object.keys(secrets).length} demo secrets, ${box.items.length + wrongBox.items.length} items scanned`);
      assert.deepEqual([...box.hung, ...wrongBox.hung], [], 'every call answers, even with the wrong secrets');
      assert.deepEqual(leaks(box, all), []);
      assert.deepEqual(leaks(wrongBox, { ...all, ...Object.fromEntries(Object.entries(wrongSecrets).map(([k, v]) => [`wrong ${k}`, v])) }), []);
      // The wrong secrets must have been noticed, or the second run proved nothing about error paths.
      const failed = (JSON.parse(wrongBox.items.filter((i) => i.what === 'getSnapshot').at(-1)?.text ?? '{"sources":[]}') as Snapshot).sources.filter((m) => m.error);
      if (Object.keys(secrets).length) assert.ok(failed.length > 0, 'some source failed with the wrong secrets');
    } finally {
      await demo.stop();
    }
  });

  it('a PVE password login and a passphrase-protected SSH key: neither value leaves the core, right or wrong', async () => {
    const { registry } = await import('../../../electron/core/lab/registry');
    const sim = await PveSim.start({ speed: 0.02 });
    const sshd = await startSshd();
    const dir = mkdtempSync(join(tmpdir(), 'labtray-secrets-'));
    try {
      const passphrase = 'Correct-Horse-Battery-7731';
      const key = await generateKey(dir, 'id_locked', 'ed25519', passphrase);
      sshd.addAuthorizedKey(key.publicKey);
      const config: LabConfig = {
        proxmox: [{ name: 'home', endpoints: [sim.url], username: 'root@pam', password: 'secret:pve-root', fingerprint: sim.fingerprint, timeout: 3000 }],
        hosts: [{ name: 'nas', ssh: { host: '127.0.0.1', port: sshd.port, user: sshd.user, identityFile: key.path, passphrase: 'secret:nas-key', hostKey: sshd.hostKeyFingerprint } }],
      };
      const secrets = { 'pve-root': sim.users[0].password, 'nas-key': passphrase };
      const run = async (values: Record<string, string>): Promise<{ box: Outbox; snap: Snapshot }> => {
        const box = new Outbox();
        const lab = new Lab({ config, factories: registry, secrets: new MemorySecretStore(values), log: box.logger() });
        box.watch(lab);
        await exercise(lab, config, box, {});
        return { box, snap: JSON.parse(box.items.filter((i) => i.what === 'getSnapshot').at(-1)!.text) as Snapshot };
      };
      const right = await run(secrets);
      assert.deepEqual(right.snap.sources.map((m) => [m.id, m.error]), [['proxmox:home', null], ['host:nas', null]], 'both read with the right secrets');
      const wrongValues = Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, wrong(v)]));
      const bad = await run(wrongValues);
      // The wrong values were noticed, or this run proved nothing about the error paths.
      assert.match(bad.snap.sources.find((m) => m.id === 'proxmox:home')?.error ?? '', /authentication failed/);
      assert.equal(bad.snap.hosts.find((h) => h.name === 'nas')?.reachable, false);
      assert.match(bad.snap.checks.find((c) => c.id === 'host:nas:ssh')?.summary ?? '', /the passphrase for key .* is wrong/);
      assert.deepEqual([...right.box.hung, ...bad.box.hung], []);
      assert.deepEqual(leaks(right.box, secrets), []);
      assert.deepEqual(leaks(bad.box, { ...secrets, ...Object.fromEntries(Object.entries(wrongValues).map(([k, v]) => [`wrong ${k}`, v])) }), []);
    } finally {
      await sshd.stop();
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never returns a stored secret through getSettings', async () => {
    const lab = new Lab({ config: {}, factories: [], secrets: new MemorySecretStore() });
    const value = 'c0ffee00-1111-4222-8333-944455556666';
    const config: LabConfig = { proxmox: [{ name: 'home', endpoints: ['https://127.0.0.1:8006'], tokenId: 'root@pam!labtray', tokenSecret: 'secret:pve-home' }] };
    const view = await lab.invoke('saveSettings', { config, secrets: { 'pve-home': value } });
    assert.deepEqual(view.secrets, [{ name: 'pve-home', stored: true }]);
    assert.ok(!JSON.stringify(view).includes(value));
    assert.ok(!JSON.stringify(await lab.invoke('getSettings', undefined)).includes(value));
    await assert.rejects(lab.invoke('saveSettings', { config: { ...config, proxmox: [{ ...config.proxmox![0], tokenSecret: value }] } }), (e: unknown) => e instanceof LabError && !e.message.includes(value));
    await lab.stop();
  });
});
