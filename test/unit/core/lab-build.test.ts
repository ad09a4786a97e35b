import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostState } from '../../../shared/hosts';
import type { LabConfig } from '../../../shared/config';
import { labMethods } from '../../../shared/api';
import { buildOrder } from '../../../electron/core/lab/build';
import { labHandlers } from '../../../electron/core/lab/handlers';
import { defineIntegration, type IntegrationContext, type Integration, type RegisteredIntegration } from '../../../electron/core/lab/integration';
import { Lab } from '../../../electron/core/lab/lab';
import { registry } from '../../../electron/core/lab/registry';
import type { Source } from '../../../electron/core/lab/source';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { FakeClock, settle } from '../../helpers/fake-clock';

function host(name: string): HostState {
  return { name, address: null, reachable: true, via: 'ssh', hostKey: null, uptimeSeconds: 1, load: [0, 0, 0], cores: 4, memUsed: 1, memTotal: 2, checks: [], wakeable: false };
}

function hostSource(name: string, onPoll: () => void = () => undefined): Source<'host'> {
  return {
    id: `host:${name}`,
    kind: 'host',
    name,
    intervalMs: 1000,
    timeoutMs: 500,
    placeholder: () => ({ ...host(name), reachable: false }),
    poll: async () => (onPoll(), host(name)),
    checks: () => [],
  };
}

/** A gate a test opens when it chooses. */
function gate(): { wait: Promise<void>; open(): void } {
  let open: () => void = () => undefined;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

/** Integrations whose build waits for the test, counting what was built, running and disposed. */
function slowHosts() {
  const log = { built: [] as string[], disposed: [] as string[], polls: 0, running: 0, maxRunning: 0 };
  let hold: Promise<void> = Promise.resolve();
  const factory = async (ctx: IntegrationContext): Promise<Integration> => {
    log.running++;
    log.maxRunning = Math.max(log.maxRunning, log.running);
    await hold;
    log.running--;
    const names = (ctx.config.hosts ?? []).map((h) => h.name);
    const tag = names.join(',');
    log.built.push(tag);
    return { kind: 'ssh', sources: names.map((n) => hostSource(n, () => log.polls++)), dispose: () => void log.disposed.push(tag) };
  };
  return { log, factory, holdUntil: (p: Promise<void>) => (hold = p) };
}

const hostsConfig = (...names: string[]): LabConfig => ({ hosts: names.map((name) => ({ name })) });

describe('Lab: building integrations', () => {
  it('stopped while an integration is still being built: the late integration is closed, nothing polls, no timer is left', async () => {
    const clock = new FakeClock();
    const s = slowHosts();
    const g = gate();
    s.holdUntil(g.wait);
    const lab = new Lab({ config: hostsConfig('nas'), factories: [s.factory], secrets: new MemorySecretStore(), clock });
    const started = lab.start();
    await settle();
    assert.equal(s.log.running, 1, 'the build is under way');
    const stopped = lab.stop();
    g.open();
    await Promise.all([started, stopped]);
    assert.deepEqual(s.log.built, ['nas']);
    assert.deepEqual(s.log.disposed, ['nas'], 'what the build made after stop() is closed');
    await clock.advance(10_000);
    assert.equal(s.log.polls, 0);
    assert.equal(clock.pending, 0, 'no timer is left behind');
  });

  it('runs two config changes one after the other, never two builds at once, and ends on the newer config', async () => {
    const clock = new FakeClock();
    const s = slowHosts();
    const lab = new Lab({ config: hostsConfig('nas'), factories: [s.factory], secrets: new MemorySecretStore(), clock });
    await lab.start();
    const g = gate();
    s.holdUntil(g.wait);
    const first = lab.applyConfig(hostsConfig('nas', 'gtr5'));
    const second = lab.applyConfig(hostsConfig('um560'));
    await settle();
    g.open();
    await Promise.all([first, second]);
    assert.equal(s.log.maxRunning, 1, 'builds never overlap');
    assert.equal(s.log.built.at(-1), 'um560');
    assert.deepEqual(lab.currentConfig, hostsConfig('um560'));
    await clock.advance(0);
    assert.deepEqual(lab.snapshot.hosts.map((h) => h.name), ['um560']);
    assert.deepEqual([...s.log.disposed].sort(), s.log.built.slice(0, -1).sort(), 'every integration but the last is closed, once');
    await lab.stop();
    assert.deepEqual([...s.log.disposed].sort(), [...s.log.built].sort());
  });

  it('builds a provider before the integration that needs its service, whatever the list order', async () => {
    const seen: (boolean | null)[] = [];
    const consumer = defineIntegration({
      needs: ['location'],
      build: (_ctx, { location }) => {
        seen.push(location?.atHome() ?? null);
        return null;
      },
    });
    const provider = defineIntegration({ provides: ['location'], build: () => ({ kind: 'location', sources: [], services: { location: { atHome: () => false } } }) });
    const lab = new Lab({ config: {}, factories: [consumer, provider], secrets: new MemorySecretStore(), clock: new FakeClock() });
    await lab.start();
    assert.deepEqual(seen, [false]);
    await lab.stop();
  });

  it('hands an integration only the services it declared, and only those its provider declared', async () => {
    let given: object = {};
    const greedy = defineIntegration({ needs: ['ssh'], build: (_ctx, services) => ((given = services), null) });
    const pve = { nodes: () => [], wakeNode: async () => 'woken' };
    const ssh = { exec: async () => ({ code: 0, stdout: '', stderr: '' }) };
    // The provider declares pve only: the ssh executor it returns besides is not passed on.
    const provider = defineIntegration({ provides: ['pve'], build: () => ({ kind: 'proxmox', sources: [], services: { pve, ...{ ssh } } }) });
    const lab = new Lab({ config: {}, factories: [provider, greedy], secrets: new MemorySecretStore(), clock: new FakeClock() });
    await lab.start();
    assert.deepEqual(given, {});
    await lab.stop();
  });

  it('refuses integrations that need each other, naming them', () => {
    const a = defineIntegration({ kind: 'ssh', needs: ['location'], provides: ['ssh'], build: () => null });
    const b = defineIntegration({ kind: 'location', needs: ['ssh'], provides: ['location'], build: () => null });
    assert.throws(() => buildOrder([a, b]), /integrations need each other: ssh → location → ssh/);
  });

  it('shows an integration that cannot start as a problem and starts the others', async () => {
    const broken = defineIntegration({
      kind: 'kubernetes',
      build: () => {
        throw new Error('kubeconfig unreadable');
      },
    });
    const lab = new Lab({ config: {}, factories: [broken, () => ({ kind: 'ssh', sources: [hostSource('nas')] })], secrets: new MemorySecretStore(), clock: new FakeClock() });
    const s = await lab.pollOnce();
    assert.deepEqual(s.hosts.map((h) => [h.name, h.reachable]), [['nas', true]]);
    const problem = s.checks.find((c) => c.id === 'lab:kubernetes');
    assert.equal(problem?.status, 'crit');
    assert.match(problem?.summary ?? '', /kubernetes: cannot read: could not start: kubeconfig unreadable/);
    await lab.stop();
  });

  it('loads a registered integration only when its config section is present', async () => {
    let loads = 0;
    const entry: RegisteredIntegration = {
      kind: 'metrics',
      section: 'metrics',
      load: async () => (loads++, defineIntegration({ build: () => ({ kind: 'metrics', sources: [] }) })),
    };
    const without = new Lab({ config: hostsConfig('nas'), factories: [entry], secrets: new MemorySecretStore(), clock: new FakeClock() });
    await without.start();
    assert.equal(loads, 0);
    await without.applyConfig({ metrics: { url: 'http://127.0.0.1:8428' } });
    assert.equal(loads, 1, 'the section appeared: now it loads');
    await without.stop();
  });

  it('registers every integration by a config section, each kind once', () => {
    assert.deepEqual(registry.map((r) => r.kind).sort(), ['kubernetes', 'location', 'metrics', 'power', 'proxmox', 'ssh', 'tailscale', 'wol']);
    const none: LabConfig = {};
    assert.deepEqual(registry.filter((r) => (r.configured ? r.configured(none) : none[r.section] !== undefined)), [], 'an empty config loads nothing');
    const pveOnly: LabConfig = { proxmox: [] };
    assert.deepEqual(registry.filter((r) => (r.configured ? r.configured(pveOnly) : pveOnly[r.section] !== undefined)).map((r) => r.kind), ['proxmox', 'wol'], 'PVE nodes can be woken through the cluster');
  });
});

describe('Lab: the handler map', () => {
  it('has one handler for every LabApi method', () => {
    const deps = { snapshot: () => { throw new Error('unused'); }, config: () => ({}), integrations: () => [], secrets: new MemorySecretStore(), configPath: null, sshConfigPath: undefined, refreshAll: () => undefined, setPollFlags: () => undefined, editConfig: async () => undefined, openWindow: () => false, firstRun: async () => undefined };
    assert.deepEqual(Object.keys(labHandlers(deps)).sort(), [...labMethods].sort());
  });
});
