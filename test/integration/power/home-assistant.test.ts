import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startDemo as startPveDemo } from '../../../demo/pve/demo';
import { startDemo as startHaDemo } from '../../../demo/homeassistant/demo';
import { generateCertificate } from '../../../demo/pve/cert';
import { HaSim } from '../../../demo/homeassistant/sim';
import type { DemoPart } from '../../../demo/demo-lab';
import { LabError } from '../../../shared/api';
import { Lab } from '../../../electron/core/lab/lab';
import { createPowerIntegration } from '../../../electron/core/power/integration';
import { createHaClient } from '../../../electron/core/power/client';
import { PowerSource } from '../../../electron/core/power/source';
import { createProxmoxIntegration } from '../../../electron/core/proxmox/integration';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { createTlsAgent, fetchVia } from '../../../electron/core/tls/agent';
import type { PowerConfig } from '../../../shared/config';

const fixedClock = (ms: number) => ({ now: () => ms, setTimeout, clearTimeout }) as unknown as import('../../../electron/core/clock').Clock;

describe('the Home Assistant simulator speaks its REST API', () => {
  let sim: HaSim;
  before(async () => {
    sim = await HaSim.start();
  });
  after(() => sim.stop());
  const get = (path: string, token?: string) => {
    const agent = createTlsAgent({ fingerprints: [sim.fingerprint] });
    return fetchVia(agent)(`${sim.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }).finally(() => void agent.close());
  };

  it('refuses a request without the long-lived token with 401', async () => {
    assert.equal((await get('/api/')).status, 401);
    assert.equal((await get('/api/states', 'not-the-token')).status, 401);
    assert.deepEqual(await (await get('/api/', sim.token)).json(), { message: 'API running.' });
  });

  it('gives state objects of the real shape: the state a string, watts with their unit and device class', async () => {
    const one = (await (await get('/api/states/sensor.gtr5_power', sim.token)).json()) as Record<string, unknown>;
    assert.equal(one.entity_id, 'sensor.gtr5_power');
    assert.equal(one.state, '35');
    assert.deepEqual(one.attributes, { state_class: 'measurement', unit_of_measurement: 'W', device_class: 'power', friendly_name: 'gtr5 plug Power' });
    assert.ok(!Number.isNaN(Date.parse(String(one.last_changed))) && !Number.isNaN(Date.parse(String(one.last_updated))));
    const all = (await (await get('/api/states', sim.token)).json()) as { entity_id: string; state: string }[];
    assert.deepEqual(Object.fromEntries(all.map((s) => [s.entity_id, s.state])), { 'sensor.um560_power': '15', 'sensor.s500plus_power': '16', 'sensor.gtr5_power': '35', 'sensor.router_power': '10', 'sensor.disk_enclosure_power': '12' });
    assert.equal((await get('/api/states/sensor.nope_power', sim.token)).status, 404);
  });

  it('lets a plug follow its node: about a watt when the node is off, more when it is busy', async () => {
    sim.load = (node) => (node === 'gtr5' ? { online: false, cpu: 0 } : { online: true, cpu: 1 });
    const all = (await (await get('/api/states', sim.token)).json()) as { entity_id: string; state: string }[];
    const by = Object.fromEntries(all.map((s) => [s.entity_id, s.state]));
    sim.load = undefined;
    assert.equal(by['sensor.gtr5_power'], '1');
    assert.equal(by['sensor.um560_power'], '45');
    assert.equal(by['sensor.router_power'], '10');
  });
});

describe('the power source reads Home Assistant over pinned TLS', () => {
  let sim: HaSim;
  const cfg = (sensors: PowerConfig['sensors']): PowerConfig => ({ url: sim.url, token: 'secret:ha', sensors });
  before(async () => {
    sim = await HaSim.start();
  });
  after(() => sim.stop());
  const source = (token: string, sensors: PowerConfig['sensors'], pin = sim.fingerprint) => {
    const agent = createTlsAgent({ fingerprints: [pin] });
    const client = createHaClient({ url: sim.url, fetch: fetchVia(agent), token: async () => token });
    return { src: new PowerSource(client, cfg(sensors), fixedClock(Date.parse('2026-12-04T10:00:00Z'))), agent };
  };

  it('reads each sensor’s watts with one /api/states request, and the recorder’s past once', async () => {
    const { src, agent } = source(sim.token, [{ entity: 'sensor.gtr5_power', node: 'gtr5' }, { entity: 'sensor.router_power', name: 'router' }]);
    sim.requests.length = 0;
    const first = await src.poll({ signal: new AbortController().signal });
    const second = await src.poll({ signal: new AbortController().signal });
    await agent.close();
    assert.deepEqual(first.sensors.map((s) => [s.name, s.kind, s.watts]), [['gtr5', 'node', 35], ['router', 'other', 10]]);
    assert.equal(first.past?.length, 30);
    assert.ok(first.past!.every((d) => d.kwh > 0.2 && d.kwh < 1.5), JSON.stringify(first.past));
    assert.equal(second.past, undefined);
    assert.deepEqual(sim.requests, ['/api/states', `/api/history/period/${encodeURIComponent(new Date(2026, 10, 4).toISOString())}`, '/api/states']);
  });

  it('names the refused token (401)', async () => {
    const { src, agent } = source('wrong', [{ entity: 'sensor.gtr5_power', node: 'gtr5' }]);
    await assert.rejects(src.poll({ signal: new AbortController().signal }), (e: unknown) => e instanceof LabError && e.code === 'auth' && /refused the token \(HTTP 401\)/.test(e.message));
    await agent.close();
  });

  it('names an entity Home Assistant does not have', async () => {
    const { src, agent } = source(sim.token, [{ entity: 'sensor.nas_power', host: 'nas' }, { entity: 'sensor.um560_power', node: 'um560' }]);
    const r = await src.poll({ signal: new AbortController().signal });
    await agent.close();
    assert.deepEqual(r.sensors.map((s) => s.watts), [null, 15]);
    const checks = src.checks(r, 'now');
    assert.equal(checks.length, 1);
    assert.equal(checks[0].msg?.key, 'power.unknownEntity');
    assert.match(checks[0].summary, /no entity sensor\.nas_power \(the power sensor of nas\)/);
  });

  it('sends nothing to a server whose certificate is not the pinned one', async () => {
    const other = generateCertificate('elsewhere.lab.home.arpa').fingerprint;
    const { src, agent } = source(sim.token, [{ entity: 'sensor.gtr5_power', node: 'gtr5' }], other);
    sim.requests.length = 0;
    await assert.rejects(src.poll({ signal: new AbortController().signal }), (e: unknown) => e instanceof LabError && e.code === 'certificate-changed');
    await agent.close();
    assert.deepEqual(sim.requests, []);
  });
});

describe('the demo lab: what the lab costs', () => {
  let pve: DemoPart;
  let ha: DemoPart;
  let lab: Lab;
  before(async () => {
    [pve, ha] = await Promise.all([startPveDemo({ speed: 0.02 }), startHaDemo()]);
    ha.followLoad?.((n) => pve.nodeLoad?.(n) ?? null);
    lab = new Lab({
      config: { ...pve.config, ...ha.config },
      secrets: new MemorySecretStore({ ...pve.secrets, ...ha.secrets }),
      factories: [createProxmoxIntegration({ taskPollMs: 10 }), createPowerIntegration()],
    });
  });
  after(async () => {
    await lab?.stop();
    await Promise.allSettled([pve?.stop(), ha?.stop()]);
  });

  it('shows every plug, the total, 30 days and the advice for gtr5 with its arithmetic at 1.5 CNY/kWh', async () => {
    const snap = await lab.pollOnce();
    const p = snap.power!;
    assert.ok(p, 'a power part');
    assert.equal(p.totalWatts, p.machines.reduce((s, m) => s + (m.watts ?? 0), 0));
    assert.ok(p.totalWatts >= 88 && p.totalWatts < 100, `low-load total near 88 W, got ${p.totalWatts}`);
    assert.ok(p.guests.length > 10 && p.guests.every((g, i) => i === 0 || p.guests[i - 1].watts >= g.watts));
    assert.deepEqual(p.machines.map((m) => m.name), ['um560', 's500plus', 'gtr5', 'router', 'disk enclosure']);
    assert.equal(p.currency, 'CNY');
    assert.equal(p.price, 1.5);
    assert.equal(p.daily.length, 30);
    assert.ok(p.daily.slice(0, 29).every((d) => d.kwh > 1), 'the demo’s past fills the chart');
    assert.equal(p.advice.length, 1);
    assert.equal(p.advice[0].node, 'gtr5');
    assert.equal(p.advice[0].guests.length, 4);
    assert.deepEqual([...p.advice[0].targets].sort(), ['s500plus', 'um560']);
    const gtr5 = p.machines.find((m) => m.name === 'gtr5')!.watts!;
    assert.equal(p.advice[0].kwh, (gtr5 * 720) / 1000);
    assert.equal(p.advice[0].cost, ((gtr5 * 720) / 1000) * 1.5);
  });
});
