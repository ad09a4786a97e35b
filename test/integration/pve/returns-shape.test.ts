import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemClock } from '../../../electron/core/clock';
import type { PveClient } from '../../../electron/core/proxmox/client';
import { followTask } from '../../../electron/core/proxmox/follow';
import { PveSim } from '../../../demo/pve/sim';
import type { SchemaValue } from '../../../demo/pve/schema';
import { apiIndex, PARAMS_FILE, PERMS_FILE, simulatorParams, simulatorPerms } from '../../helpers/pve-params';

const index = apiIndex();
const apiMethod = (method: string, path: string) => index.get(path)?.info?.[method];
import { simClient } from '../../helpers/pve';

/**
 * Where a value breaks the `returns` schema PVE documents for it: a required
 * field missing, a wrong JSON type, a value outside its enumeration or below
 * its minimum. Fields the schema does not list are left to apidoc.test.ts.
 */
function shapeProblems(value: unknown, s: SchemaValue | undefined, at: string): string[] {
  if (!s) return [];
  const type = s.type ?? 'string';
  switch (type) {
    case 'array':
      if (!Array.isArray(value)) return [`${at}: an array expected, got ${JSON.stringify(value)}`];
      return value.flatMap((v, i) => shapeProblems(v, s.items, `${at}[${i}]`));
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: an object expected, got ${JSON.stringify(value)}`];
      const o = value as Record<string, unknown>;
      return Object.entries(s.properties ?? {}).flatMap(([k, p]) =>
        o[k] === undefined ? (p.optional ? [] : [`${at}.${k}: missing, and PVE always sends it`]) : shapeProblems(o[k], p, `${at}.${k}`),
      );
    }
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || (type === 'integer' && !Number.isInteger(value))) return [`${at}: ${type} expected, got ${JSON.stringify(value)}`];
      return s.minimum !== undefined && value < s.minimum ? [`${at}: ${value} is below the minimum ${s.minimum}`] : [];
    case 'boolean':
      // PVE's JSON carries booleans as 0 and 1.
      return value === 0 || value === 1 || typeof value === 'boolean' ? [] : [`${at}: boolean expected, got ${JSON.stringify(value)}`];
    case 'string':
      if (typeof value !== 'string') return [`${at}: string expected, got ${JSON.stringify(value)}`];
      return s.enum && !s.enum.includes(value) ? [`${at}: '${value}' is not one of ${s.enum.join(', ')}`] : [];
    default:
      return [];
  }
}

/**
 * Where real servers differ from the schema, as the captures in test/fixtures/pve/ show:
 * disks-list_*.json carry `osdid-list: null` and no `mounted`.
 */
const realDeviations = [/^\/nodes\/\{node\}\/disks\/list\[\d+\]\.(osdid-list: an array expected, got null|mounted: missing, and PVE always sends it)$/];

// Every read LabTray makes of a PVE server, answered by the simulator in the shape PVE's schema promises.
describe('the PVE simulator answers in the shape the API schema documents', () => {
  let sim: PveSim;
  let client: PveClient;
  let close: () => Promise<void>;
  let upid = '';
  before(async () => {
    sim = await PveSim.start({ speed: 0.02 });
    ({ client, close } = simClient(sim));
    upid = (await client.request('POST', '/nodes/um560/vzdump', { vmid: '100', storage: 'usb-backup', mode: 'snapshot', compress: 'zstd' })) as string;
    await followTask(client, upid, { clock: systemClock, signal: new AbortController().signal, pollMs: 10 });
  });
  after(async () => {
    await close();
    await sim.stop();
  });

  const reads: [schemaPath: string, path: () => string, params?: Record<string, string>][] = [
    ['/cluster/resources', () => '/cluster/resources'],
    ['/cluster/resources', () => '/cluster/resources', { type: 'vm' }],
    ['/cluster/status', () => '/cluster/status'],
    ['/cluster/tasks', () => '/cluster/tasks'],
    ['/cluster/backup', () => '/cluster/backup'],
    ['/version', () => '/version'],
    ['/nodes/{node}/status', () => '/nodes/um560/status'],
    ['/nodes/{node}/disks/list', () => '/nodes/um560/disks/list'],
    ['/nodes/{node}/storage/{storage}/content', () => '/nodes/um560/storage/usb-backup/content', { content: 'backup' }],
    ['/nodes/{node}/tasks/{upid}/status', () => `/nodes/um560/tasks/${encodeURIComponent(upid)}/status`],
    ['/nodes/{node}/tasks/{upid}/log', () => `/nodes/um560/tasks/${encodeURIComponent(upid)}/log`],
  ];

  for (const [schemaPath, path, params] of reads) {
    it(`GET ${schemaPath}${params ? ` ${new URLSearchParams(params).toString()}` : ''} matches its documented returns`, async () => {
      const returns = apiMethod('GET', schemaPath)?.returns;
      assert.ok(returns, `PVE documents what GET ${schemaPath} returns`);
      const data = await client.request('GET', path(), params);
      if (Array.isArray(data)) assert.ok(data.length > 0, 'the demo lab has something to list');
      assert.deepEqual(shapeProblems(data, returns, schemaPath).filter((p) => !realDeviations.some((d) => d.test(p))), []);
    });
  }

  it('the shape check bites: a resource row without its id, or with an unknown type, is caught', () => {
    const returns = apiMethod('GET', '/cluster/resources')?.returns;
    assert.deepEqual(shapeProblems([{ type: 'node', node: 'um560' }], returns, 'r').length, 1);
    assert.deepEqual(shapeProblems([{ id: 'x/1', type: 'container' }], returns, 'r').length, 1);
    assert.deepEqual(shapeProblems([{ id: 'qemu/100', type: 'qemu', maxmem: '4G' }], returns, 'r').length, 1);
  });
});

describe('the parameter schemas the demo lab carries', () => {
  it('are exactly the simulator routes’ part of PVE’s API schema (regenerate: npx tsx test/helpers/pve-params.ts)', () => {
    assert.deepEqual(JSON.parse(readFileSync(PARAMS_FILE, 'utf8')), simulatorParams());
    assert.ok(Object.keys(simulatorParams()).includes('POST /nodes/{node}/vzdump'), 'vzdump, whose compress enum the simulator checks, is in it');
  });

  it('and the permission checks it carries are exactly the schema’s for those routes', () => {
    const perms = JSON.parse(readFileSync(PERMS_FILE, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(perms, simulatorPerms());
    assert.deepEqual(perms['POST /nodes/{node}/qemu/{vmid}/status/start'], ['perm', '/vms/{vmid}', ['VM.PowerMgmt']]);
    assert.deepEqual(perms['GET /cluster/status'], ['perm', '/', ['Sys.Audit']], 'a route the simulator used to leave unchecked');
  });
});
