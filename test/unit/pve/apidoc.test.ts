import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { simRoutes } from '../../sim/pve/sim';

interface ApiNode {
  path: string;
  info?: Record<string, { parameters?: { properties?: Record<string, unknown> } }>;
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
});
