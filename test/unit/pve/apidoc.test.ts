import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PveSim, simRoutes } from '../../../demo/pve/sim';

interface ApiReturns {
  properties?: Record<string, unknown>;
  items?: ApiReturns;
}

interface ApiNode {
  path: string;
  info?: Record<string, { parameters?: { properties?: Record<string, unknown> }; returns?: ApiReturns }>;
  children?: ApiNode[];
}

// The official schema of PVE 9.1 (pve-docs api-viewer), copied from ../shared/pve-apidoc.json.
const schema = JSON.parse(readFileSync(new URL('../../fixtures/pve/pve-apidoc.json', import.meta.url), 'utf8')) as ApiNode[];

function index(): Map<string, ApiNode> {
  const m = new Map<string, ApiNode>();
  const walk = (n: ApiNode): void => {
    m.set(n.path, n);
    for (const c of n.children ?? []) walk(c);
  };
  schema.forEach(walk);
  return m;
}

describe('the simulator agrees with the PVE API schema', () => {
  const paths = index();

  it('knows a good share of the API (the schema loaded)', () => {
    assert.ok(paths.size > 400);
  });

  for (const r of simRoutes) {
    it(`${r.method} ${r.path}: path, method and every parameter exist in PVE`, () => {
      const node = paths.get(r.path);
      assert.ok(node, `PVE has no path ${r.path}`);
      const info = node.info?.[r.method];
      assert.ok(info, `PVE has no ${r.method} on ${r.path}`);
      const known = Object.keys(info.parameters?.properties ?? {});
      for (const p of r.params) assert.ok(known.includes(p), `${r.method} ${r.path}: PVE has no parameter "${p}" (it has ${known.join(', ')})`);
      for (const seg of r.path.match(/\{(\w+)\}/g) ?? []) assert.ok(r.params.includes(seg.slice(1, -1)), `path parameter ${seg} is not declared`);
    });
  }

  it('serves every call the LabTray client makes', () => {
    const used = ['GET /cluster/resources', 'GET /cluster/status', 'GET /cluster/tasks', 'GET /cluster/backup', 'GET /nodes/{node}/status', 'GET /nodes/{node}/disks/list', 'GET /nodes/{node}/storage/{storage}/content', 'GET /nodes/{node}/tasks/{upid}/status', 'GET /nodes/{node}/tasks/{upid}/log', 'POST /nodes/{node}/vzdump', 'POST /nodes/{node}/wakeonlan', 'POST /access/ticket', 'GET /version'];
    for (const u of used) assert.ok(simRoutes.some((r) => `${r.method} ${r.path}` === u), u);
  });

  // What a per-node/per-guest poller (the benchmark's baseline) reads.
  const fixture = (name: string): unknown => (JSON.parse(readFileSync(new URL(`../../fixtures/pve/${name}`, import.meta.url), 'utf8')) as { data: unknown }).data;
  const captures: Record<string, string[]> = {
    '/nodes/{node}/qemu': [...new Set((fixture('nodes-qemu-list.json') as Record<string, unknown>[]).flatMap((r) => Object.keys(r)))],
    '/nodes/{node}/qemu/{vmid}/status/current': Object.keys(fixture('qemu-status-current_running.json') as Record<string, unknown>),
  };
  const perGuest = ['/nodes/{node}/qemu', '/nodes/{node}/lxc', '/nodes/{node}/qemu/{vmid}/status/current', '/nodes/{node}/lxc/{vmid}/status/current'];

  it('serves the per-node guest lists and per-guest status a naive poller reads', () => {
    for (const p of perGuest) assert.ok(simRoutes.some((r) => r.method === 'GET' && r.path === p), `GET ${p}`);
  });

  for (const p of perGuest) {
    it(`GET ${p}: every field the simulator answers is one PVE documents`, () => {
      const route = simRoutes.find((r) => r.method === 'GET' && r.path === p);
      assert.ok(route, `GET ${p}`);
      const returns = paths.get(p)?.info?.GET?.returns;
      const props = (returns?.items ?? returns)?.properties;
      assert.ok(props, `PVE documents no fields for ${p}`);
      // The schema is not exhaustive: fields real servers send in the captures count too.
      const captured = captures[p] ?? [];
      // The homelab model has running and stopped guests of each type.
      const sim = new PveSim();
      const type = p.includes('/lxc') ? 'lxc' : 'qemu';
      const guests = [...sim.guests.values()].filter((g) => g.type === type && !g.template);
      const running = guests.find((g) => g.status === 'running');
      const stopped = guests.find((g) => g.status === 'stopped');
      assert.ok(running && stopped, `the homelab has a running and a stopped ${type} guest`);
      const rows: unknown[] = p.endsWith('/current')
        ? [running, stopped].map((g) => route.handler({ params: { node: g.node, vmid: String(g.vmid) }, user: 'root@pam', sim }))
        : [...new Set([running.node, stopped.node])].flatMap((node) => route.handler({ params: { node, ...(type === 'qemu' ? { full: '1' } : {}) }, user: 'root@pam', sim }) as unknown[]);
      assert.ok(rows.length >= 2);
      const statuses = new Set<unknown>();
      for (const row of rows) {
        const r = row as Record<string, unknown>;
        for (const k of Object.keys(r)) assert.ok(k in props || captured.includes(k), `${p}: PVE neither documents nor sends a field "${k}"`);
        for (const k of ['vmid', 'status']) assert.ok(k in r, `${p}: "${k}" is missing`);
        statuses.add(r.status);
      }
      assert.ok(statuses.has('running') && statuses.has('stopped'));
    });
  }
});
