import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LabError, labMethods, parseInput, type LabMethod } from '../../../shared/api';
import type { ActionHandlers, IntegrationFactory } from '../../../electron/core/lab/integration';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { FakeClock } from '../../helpers/fake-clock';

// What a renderer that has been taken over might send. Property-based: fast-check
// mixes these with random values into payloads that are almost right.
const shellish = [
  'openwrt; rm -rf ~', '$(reboot)', '`id`', 'a|nc 10.0.0.1 9', 'x && curl evil', 'k3s-main\nwhoami', 'nas\u0000', '-oProxyCommand=sh',
  '--all', '-A', '../../etc/passwd', '..\\..\\windows', 'peer name', '"quoted"', "o'brien", '*', '~root', '${HOME}', '<script>', 'a>b',
  'ＵＭ５６０', 'um560\u202e', '',
];
const urls = ['http://192.0.2.1/', 'file:///etc/passwd', 'javascript:alert(1)', 'gopher://x', 'https://', 'https:/x', 'HTTP://x', 'ssh://root@nas', 'https://user:pw@pve.lan:8006/', 'https://127.0.0.1:8006'];
const hostileString = fc.oneof(
  fc.constantFrom(...shellish, ...urls),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.tuple(fc.stringMatching(/^[A-Za-z0-9]{1,8}$/), fc.constantFrom(';', '|', '&', '$', '`', '\n', ' ', '/', '\\', '"', "'", '(', ')', '<', '>', '*', '?', '#', '!', '{', '=', ','), fc.stringMatching(/^[A-Za-z0-9]{0,8}$/)).map(([a, m, b]) => a + m + b),
  fc.constant('x'.repeat(5000)),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 99, 1e12, 2 ** 53, -0, '101', '0x65', true, false, null, undefined),
  fc.array(fc.oneof(fc.integer(), hostileString), { maxLength: 4 }),
  fc.constant(JSON.parse('{"__proto__":{"polluted":"yes"}}') as unknown),
  fc.constant(Array.from({ length: 600 }, (_, i) => 100 + i)),
  fc.object({ maxDepth: 2 }),
);

const fp64 = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';
/** A valid payload for each method, the starting point for mutations. */
const valid: Record<LabMethod, unknown> = {
  getSnapshot: undefined,
  ping: undefined,
  refresh: undefined,
  guestAction: { cluster: 'home', vmids: [101, 102], action: 'shutdown', timeout: 120, forceStop: true },
  startBackup: { cluster: 'home', vmids: [101], storage: 'usb-hdd', mode: 'snapshot' },
  wake: { host: 'gtr5' },
  openWindow: { target: 'guest:home/101' },
  nodePower: { cluster: 'home', node: 'gtr5', action: 'shutdown' },
  pingPeer: { peer: 'tailscale-gateway' },
  history: { cluster: 'home', node: 'um560', vmid: 102, timeframe: 'day' },
  guestDetail: { cluster: 'home', vmid: 111 },
  snapshotGuest: { cluster: 'home', vmid: 111, name: 'labtray_20261204_0905', description: 'before the update', vmstate: false },
  kubeAction: { context: 'k3s-main', action: 'rollout-restart', namespace: 'media', name: 'jellyfin' },
  getSettings: undefined,
  saveSettings: {
    config: {
      proxmox: [{ name: 'home', endpoints: ['https://127.0.0.1:8006'], tokenId: 'root@pam!labtray', tokenSecret: 'secret:pve-home', fingerprint: fp64 }],
      hosts: [{ name: 'orangepi5', ssh: { host: '127.0.0.1', port: 22, user: 'ryan' }, mac: 'aa:bb:cc:dd:ee:ff' }],
      metrics: { url: 'http://127.0.0.1:8428' },
    },
    secrets: { 'pve-home': 'root@pam!labtray=0b0e7a36-0000-4000-8000-000000000000' },
  },
  testConnection: { kind: 'proxmox', name: 'home' },
  saveCluster: { cluster: { name: 'office', endpoints: ['https://127.0.0.1:8006'], tokenId: 'root@pam!labtray', tokenSecret: 'secret:pve-office', fingerprint: fp64 }, secrets: { 'pve-office': 'root@pam!labtray=0b0e7a36-0000-4000-8000-000000000000' } },
  removeCluster: { name: 'home' },
  saveHost: { host: { name: 'nas', ssh: { host: '127.0.0.1', port: 22, user: 'ryan' } }, previous: 'orangepi5' },
  removeHost: { name: 'orangepi5' },
  saveTailscale: { subnetRouter: 'tailscale-gateway', pinned: ['gtr5', 'rockpi5a'] },
  saveKubernetes: { contexts: ['k3s-main'] },
  firstRun: { choice: 'setup' },
  tailnetEndpoints: undefined,
  fetchCertificate: { url: 'https://127.0.0.1:8006' },
  trustCertificate: { cluster: 'home', fingerprint: fp64 },
  trustHostKey: { host: 'orangepi5', fingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s' },
  sshConfigHosts: undefined,
  savePrefs: { favourites: ['home/101', 'home/100'], language: 'zh-CN', theme: 'dark' },
  setPaused: { paused: true },
  setWindowVisible: { visible: false },
  openLogFolder: undefined,
};

/** Mutates a valid payload: each field kept, dropped or replaced, sometimes an extra key. */
function nearValid(base: unknown): fc.Arbitrary<unknown> {
  if (base === undefined || base === null || typeof base !== 'object' || Array.isArray(base)) return fc.oneof(fc.constant(base), hostileValue);
  const entries = Object.entries(base as Record<string, unknown>);
  const fields = entries.map(([k, v]) => fc.oneof({ weight: 3, arbitrary: fc.constant(v) }, { weight: 1, arbitrary: nearValid(v) }, { weight: 1, arbitrary: hostileValue }, { weight: 1, arbitrary: fc.constant(undefined) }).map((x) => [k, x] as const));
  return fc.tuple(fc.tuple(...fields), fc.option(fc.tuple(fc.constantFrom('__proto__', 'constructor', 'command', 'url', 'exec', 'shell', 'node'), hostileValue))).map(([kv, extra]) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of kv) if (v !== undefined) o[k] = v;
    if (extra) Object.defineProperty(o, extra[0], { value: extra[1], enumerable: true, writable: true, configurable: true });
    return o;
  });
}

function payloads(method: LabMethod): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: nearValid(valid[method]) }, { weight: 1, arbitrary: fc.anything() }, { weight: 1, arbitrary: hostileValue });
}

const SAFE_NAME = /^[A-Za-z0-9_.@:][A-Za-z0-9_.@:-]*$/;

/** Every string the core will use from an accepted payload, with where it sits. */
function strings(v: unknown, at = ''): [string, string][] {
  if (typeof v === 'string') return [[at, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => strings(x, `${at}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [['key ' + at, k] as [string, string], ...strings(x, at ? `${at}.${k}` : k)]);
  return [];
}

/** What must hold for anything the schemas let through. */
function assertHarmless(method: LabMethod, out: unknown): void {
  if (method === 'fetchCertificate') {
    const u = new URL((out as { url: string }).url);
    assert.equal(u.protocol, 'https:', `fetchCertificate let ${u.href} through`);
    return;
  }
  if (method === 'saveSettings') {
    const { config, secrets } = out as { config: { proxmox?: { endpoints: string[] }[]; metrics?: { url: string } }; secrets?: Record<string, string> };
    for (const c of config.proxmox ?? []) for (const e of c.endpoints) assert.equal(new URL(e).protocol, 'https:', `a Proxmox endpoint ${e}`);
    if (config.metrics) assert.match(new URL(config.metrics.url).protocol, /^https?:$/);
    for (const k of Object.keys(secrets ?? {})) assert.match(k, SAFE_NAME, `secret name ${JSON.stringify(k)}`);
    return;
  }
  if (method === 'saveCluster' || method === 'saveHost') {
    const { cluster, previous, secrets } = out as { cluster?: { name: string; endpoints: string[] }; host?: { name: string }; previous?: string; secrets?: Record<string, string> };
    for (const e of cluster?.endpoints ?? []) assert.equal(new URL(e).protocol, 'https:', `a Proxmox endpoint ${e}`);
    for (const n of [cluster?.name, (out as { host?: { name: string } }).host?.name, previous, ...Object.keys(secrets ?? {})]) if (n !== undefined) assert.match(n, SAFE_NAME, `${method}: name ${JSON.stringify(n)}`);
    return;
  }
  if (method === 'openWindow') {
    const { target } = out as { target?: string };
    // A view, or an item the window can show: never a URL, a path or a script.
    if (target !== undefined) assert.match(target, /^[a-z]+(:[A-Za-z0-9_.:/-]+)?$/, `openWindow: target ${JSON.stringify(target)}`);
    return;
  }
  if (method === 'snapshotGuest') {
    const { cluster, vmid, name, description } = out as { cluster: string; vmid: number; name: string; description?: string };
    assert.match(cluster, SAFE_NAME, `snapshotGuest: cluster ${JSON.stringify(cluster)}`);
    assert.ok(Number.isSafeInteger(vmid) && vmid >= 100, `vmid ${vmid}`);
    // PVE's pve-configid: never an option, a path, a space or a reserved name. The description is free text PVE stores as it is, sent form-encoded.
    assert.match(name, /^[A-Za-z][A-Za-z0-9_]{1,39}$/, `snapshotGuest: name ${JSON.stringify(name)}`);
    assert.ok(name !== 'current' && name.toLowerCase() !== 'pending', `snapshotGuest: reserved name ${name}`);
    assert.ok((description ?? '').length <= 1024, 'the description is bounded');
    return;
  }
  if (method === 'savePrefs') {
    const { favourites, language, theme } = out as { favourites?: string[]; language?: string; theme?: string };
    // A favourite names a guest as cluster/vmid: a plain cluster name, a slash, digits.
    for (const f of favourites ?? []) assert.match(f, /^[A-Za-z0-9_.-]+\/\d+$/, `favourite ${JSON.stringify(f)}`);
    if (language !== undefined) assert.ok(['system', 'en', 'zh-CN'].includes(language), `language ${JSON.stringify(language)}`);
    if (theme !== undefined) assert.ok(['system', 'light', 'dark'].includes(theme), `theme ${JSON.stringify(theme)}`);
    return;
  }
  for (const [where, s] of strings(out)) {
    if (method === 'trustHostKey' && where === 'fingerprint') assert.match(s, /^SHA256:[A-Za-z0-9+/]{43}=?$/);
    else assert.match(s, SAFE_NAME, `${method}: ${where} = ${JSON.stringify(s)}`);
  }
  if (out && typeof out === 'object' && 'vmids' in out) {
    for (const id of (out as { vmids: number[] }).vmids) assert.ok(Number.isSafeInteger(id) && id >= 100, `vmid ${id}`);
  }
}

function recordingLab(calls: { method: string; input: unknown }[]): Lab {
  const record = <K extends keyof ActionHandlers>(method: K) =>
    (async (input: unknown) => {
      calls.push({ method, input });
      return null;
    }) as unknown as ActionHandlers[K];
  const actions: ActionHandlers = {
    guestAction: record('guestAction'),
    startBackup: record('startBackup'),
    nodePower: record('nodePower'),
    wake: record('wake'),
    pingPeer: record('pingPeer'),
    kubeAction: record('kubeAction'),
    testConnection: record('testConnection'),
    fetchCertificate: record('fetchCertificate'),
    trustCertificate: record('trustCertificate'),
    trustHostKey: record('trustHostKey'),
  };
  const factory: IntegrationFactory = () => ({ kind: 'proxmox', sources: [], actions });
  return new Lab({ config: {}, factories: [factory], secrets: new MemorySecretStore(), clock: new FakeClock(), saveConfig: async (c) => void calls.push({ method: 'saveConfig', input: c }) });
}

describe('renderer input', () => {
  it('starts from payloads the schemas accept (so the properties below are not vacuous)', () => {
    for (const m of labMethods) assert.doesNotThrow(() => parseInput(m, valid[m]), m);
  });

  for (const method of labMethods) {
    it(`${method}: random and hostile payloads are rejected by name, or accepted only when harmless`, () => {
      let accepted = 0;
      let rejected = 0;
      fc.assert(
        fc.property(payloads(method), (p) => {
          let out: unknown;
          try {
            out = parseInput(method, p);
          } catch (err) {
            assert.ok(err instanceof LabError, `not a LabError: ${String(err)}`);
            assert.equal(err.code, 'invalid-input');
            assert.ok(err.message.startsWith(`${method}: `), err.message);
            assert.ok(err.message.length < 400, 'the error does not echo a huge payload');
            rejected++;
            return;
          }
          accepted++;
          assertHarmless(method, out);
        }),
        { numRuns: method === 'saveSettings' ? 300 : 600, seed: 20261127 },
      );
      assert.ok(rejected > 0, 'some payloads were hostile enough to be refused');
      if (valid[method] !== undefined) assert.ok(accepted > 0, 'some payloads were still valid');
    });
  }

  it('refuses the classic shell and option injections in every name field', () => {
    const nameFields: [LabMethod, string][] = [['guestAction', 'cluster'], ['startBackup', 'storage'], ['wake', 'host'], ['nodePower', 'node'], ['pingPeer', 'peer'], ['kubeAction', 'namespace'], ['kubeAction', 'name'], ['kubeAction', 'context'], ['testConnection', 'name'], ['trustCertificate', 'cluster'], ['trustHostKey', 'host']];
    for (const [m, field] of nameFields) {
      for (const bad of shellish) {
        assert.throws(() => parseInput(m, { ...(valid[m] as object), [field]: bad }), LabError, `${m}.${field} = ${JSON.stringify(bad)}`);
      }
    }
  });

  it('saveSettings cannot change what the core runs: the Tailscale CLI and socket and the kubeconfig files stay as the config file has them', async () => {
    const calls: { method: string; input: unknown }[] = [];
    const start = { tailscale: { cli: '/usr/bin/tailscale' }, kubernetes: { kubeconfig: '/home/ryan/.kube/config' } };
    const lab = new Lab({ config: start, factories: [], secrets: new MemorySecretStore(), clock: new FakeClock(), configPath: '/home/ryan/.config/labtray/config.yaml', saveConfig: async (c) => void calls.push({ method: 'saveConfig', input: c }) });
    await lab.start();
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.record({ cli: fc.option(hostileString, { nil: undefined }), socket: fc.option(hostileString, { nil: undefined }), kubeconfig: fc.option(fc.oneof(hostileString, fc.array(hostileString, { maxLength: 3 })), { nil: undefined }) }),
          async ({ cli, socket, kubeconfig }) => {
            const config = { tailscale: { cli, socket }, kubernetes: { kubeconfig } };
            const err = await lab.invoke('saveSettings', { config }).then(() => null, (e: unknown) => e);
            if (err === null) {
              // Accepted only when nothing locked changed.
              assert.deepEqual([cli, socket, kubeconfig], [start.tailscale.cli, undefined, start.kubernetes.kubeconfig]);
              return;
            }
            assert.ok(err instanceof LabError && err.code === 'invalid-input', String(err));
            if (/can be changed only by editing the config file/.test(err.message)) {
              assert.match(err.message, /\/home\/ryan\/\.config\/labtray\/config\.yaml/);
              assert.match(err.message, /tailscale\.cli|tailscale\.socket|kubernetes\.kubeconfig/);
            }
          },
        ),
        { numRuns: 200, seed: 20261128 },
      );
      assert.equal(calls.length, 0, 'nothing was saved');
      assert.deepEqual((await lab.invoke('getSettings', undefined)).config, start, 'the config is as it was');
      // The same fields unchanged, something else changed: saved.
      await lab.invoke('saveSettings', { config: { ...start, tailscale: { ...start.tailscale, pinned: ['nas'] } } });
      assert.equal(calls.length, 1);
      await assert.rejects(lab.invoke('saveSettings', { config: { ...start, tailscale: { cli: '/tmp/x/tailscale' } } }), /saveSettings: tailscale\.cli can be changed only by editing the config file \(\/home\/ryan\/\.config\/labtray\/config\.yaml\): it names what LabTray runs/);
    } finally {
      await lab.stop();
    }
  });

  it('lets fetchCertificate reach https URLs only', () => {
    for (const u of urls.filter((x) => !/^https:\/\/./.test(x))) assert.throws(() => parseInput('fetchCertificate', { url: u }), LabError, u);
  });

  it('never lets a payload pollute Object.prototype', () => {
    assert.throws(() => parseInput('wake', JSON.parse('{"host":"gtr5","__proto__":{"polluted":"yes"}}') as unknown), /Unrecognized key: "__proto__"/);
    assert.throws(() => parseInput('kubeAction', JSON.parse('{"context":"k3s-main","action":"cordon","name":"n1","constructor":{"prototype":{"polluted":"yes"}}}') as unknown), LabError);
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
  });

  it('through Lab.invoke: a refused payload never reaches an integration, an accepted one arrives parsed', async () => {
    const actionMethods = ['guestAction', 'startBackup', 'nodePower', 'wake', 'pingPeer', 'kubeAction', 'testConnection', 'fetchCertificate', 'trustCertificate', 'trustHostKey'] as const;
    const calls: { method: string; input: unknown }[] = [];
    const lab = recordingLab(calls);
    await lab.start();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...actionMethods).chain((m) => fc.tuple(fc.constant(m), payloads(m))), async ([method, p]) => {
        calls.length = 0;
        let ok = true;
        try {
          await lab.invoke(method, p);
        } catch (err) {
          assert.ok(err instanceof LabError && err.code === 'invalid-input', String(err));
          ok = false;
        }
        if (!ok) {
          assert.deepEqual(calls, [], `${method} reached the integration with a refused payload`);
          return;
        }
        assert.equal(calls.length, 1);
        assertHarmless(method, calls[0].input);
      }),
      { numRuns: 800, seed: 42 },
    );
    await lab.stop();
  });
});
