import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PveSim } from '../../../demo/pve/sim';
import type { SimAcl, SimToken } from '../../../demo/pve/model';
import { missingFeaturesOn, type PermissionMap } from '../../../shared/pve-privileges';
import { simClient, startPveLab } from '../../helpers/pve';

// PVE's ACLs are per path: what a token holds on /vms/101 is not what it holds on /vms/100. The simulator resolves
// them as PVE does (the entries that apply on a level replace what was inherited; `propagate 0` stops at its own
// path), checks each route with the check PVE's API schema gives it, and filters its lists by them.

const ROOT: SimToken = { id: 'root@pam!labtray', secret: 'root-secret', privileges: 'all' };
const token = (id: string, privileges: SimToken['privileges'], acl: SimAcl[]): SimToken => ({ id, secret: `${id}-secret`, privileges, acl });

const TOKENS = {
  // A token that may see and start the Windows VM and nothing else.
  games: token('kids@pve!games', [], [{ path: '/vms/101', privileges: ['VM.Audit', 'VM.PowerMgmt'] }]),
  // Everything, but no access at all to the tailscale gateway (an empty role replaces what `/` gave).
  noGateway: token('ops@pve!tray', 'all', [{ path: '/vms/110', privileges: [] }]),
  // VM.Audit on /vms without propagation, and with it.
  vmsOnly: token('audit@pve!flat', [], [{ path: '/vms', privileges: ['VM.Audit'], propagate: false }]),
  vmsAll: token('audit@pve!deep', [], [{ path: '/vms', privileges: ['VM.Audit'] }]),
  // Node figures for um560 only; backups allowed on one storage only.
  oneNode: token('watch@pve!um560', [], [{ path: '/nodes/um560', privileges: ['Sys.Audit'] }, { path: '/storage/usb-backup', privileges: ['Datastore.AllocateSpace'] }]),
};

const rows = (v: unknown): Record<string, unknown>[] => v as Record<string, unknown>[];

describe('ACL paths in the PVE simulator', () => {
  let sim: PveSim;
  const clients: { close(): Promise<void> }[] = [];
  const as = (t: SimToken) => {
    const c = simClient(sim, { auth: { kind: 'token', tokenId: t.id, secret: t.secret } });
    clients.push(c);
    return c.client;
  };
  before(async () => {
    sim = await PveSim.start({ speed: 0.02, tokens: [ROOT, ...Object.values(TOKENS)] });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sim.stop();
  });

  it('an entry on /vms/101 grants there only: the list shows 101, starting it works, its neighbour is refused', async () => {
    const c = as(TOKENS.games);
    const vms = rows(await c.request('GET', '/cluster/resources', { type: 'vm' }));
    assert.deepEqual(vms.map((v) => v.vmid), [101]);
    assert.deepEqual(rows(await c.request('GET', '/nodes/um560/qemu')).map((v) => v.vmid), [101], 'the per-node list is filtered the same way');
    const upid = (await c.request('POST', '/nodes/um560/qemu/101/status/start')) as string;
    assert.match(upid, /^UPID:um560:.*:qmstart:101:kids@pve!games:$/);
    await assert.rejects(c.request('POST', '/nodes/um560/qemu/100/status/stop'), /lacks VM\.PowerMgmt on \/vms\/100 /);
    await assert.rejects(c.request('GET', '/nodes/um560/qemu/100/status/current'), /lacks VM\.Audit on \/vms\/100 /);
    assert.equal(sim.guest(100).status, 'running', 'openwrt kept running');
  });

  it('an empty role deeper down replaces what `/` gave: the gateway is hidden and refused, its neighbour is not', async () => {
    const c = as(TOKENS.noGateway);
    const ids = rows(await c.request('GET', '/cluster/resources', { type: 'vm' })).map((v) => v.vmid);
    assert.ok(!ids.includes(110), 'tailscale-gateway not listed');
    assert.ok(ids.includes(111), 'home-assistant listed');
    assert.equal(ids.length, sim.guests.size - 1);
    await assert.rejects(c.request('POST', '/nodes/s500plus/qemu/110/status/shutdown'), /lacks VM\.PowerMgmt on \/vms\/110 /);
    assert.deepEqual(await c.request('GET', '/access/permissions', { path: '/vms/110' }), { '/vms/110': {} });
    const on111 = (await c.request('GET', '/access/permissions', { path: '/vms/111' })) as Record<string, Record<string, number>>;
    assert.equal(on111['/vms/111']['VM.PowerMgmt'], 1, 'inherited from / with its propagate flag');
  });

  it('`propagate 0` applies on its own path only; propagated, it reaches every guest', async () => {
    assert.deepEqual(rows(await as(TOKENS.vmsOnly).request('GET', '/cluster/resources', { type: 'vm' })), []);
    assert.deepEqual(await as(TOKENS.vmsOnly).request('GET', '/access/permissions', { path: '/vms' }), { '/vms': { 'VM.Audit': 0 } });
    assert.deepEqual(await as(TOKENS.vmsOnly).request('GET', '/access/permissions', { path: '/vms/101' }), { '/vms/101': {} });
    assert.equal(rows(await as(TOKENS.vmsAll).request('GET', '/cluster/resources', { type: 'vm' })).length, sim.guests.size);
  });

  it('nodes are all listed, with figures only where Sys.Audit holds; a route whose check is an `or` takes either', async () => {
    const c = as(TOKENS.oneNode);
    const nodes = rows(await c.request('GET', '/cluster/resources', { type: 'node' }));
    assert.deepEqual(nodes.map((n) => n.node).sort(), ['gtr5', 's500plus', 'um560']);
    assert.deepEqual(nodes.filter((n) => typeof n.cpu === 'number').map((n) => n.node), ['um560']);
    await c.request('GET', '/nodes/um560/status');
    await assert.rejects(c.request('GET', '/nodes/gtr5/status'), /lacks Sys\.Audit on \/nodes\/gtr5 /);
    await c.request('GET', '/nodes/um560/disks/list');
    // disks/list: Sys.Audit on `/` or on the node; neither holds for gtr5, and PVE names no path for an `or`.
    await assert.rejects(c.request('GET', '/nodes/gtr5/disks/list'), /permission denied \(HTTP 403\): Permission check failed$/);
    await assert.rejects(c.request('GET', '/cluster/status'), /lacks Sys\.Audit on \/ /);
  });

  it('storage is listed where Datastore.Audit or AllocateSpace holds, and its content asks for either', async () => {
    const c = as(TOKENS.oneNode);
    assert.deepEqual([...new Set(rows(await c.request('GET', '/cluster/resources', { type: 'storage' })).map((s) => s.storage))], ['usb-backup']);
    await c.request('GET', '/nodes/um560/storage/usb-backup/content');
    await assert.rejects(c.request('GET', '/nodes/um560/storage/local/content'), /lacks Datastore\.Audit \(or Datastore\.AllocateSpace\) on \/storage\/local /);
  });

  it('tasks: a caller without Sys.Audit sees and reads its own only', async () => {
    const games = as(TOKENS.games);
    const own = (await games.request('POST', '/nodes/um560/qemu/101/status/stop')) as string;
    const listed = rows(await games.request('GET', '/cluster/tasks'));
    assert.ok(listed.length > 0 && listed.every((t) => t.user === 'kids@pve!games'), 'only its own tasks');
    assert.ok(listed.some((t) => t.upid === own));
    await games.request('GET', `/nodes/um560/tasks/${encodeURIComponent(own)}/status`);
    const rootTasks = rows(await as(ROOT).request('GET', '/cluster/tasks'));
    const other = rootTasks.find((t) => t.user !== 'kids@pve!games' && t.node === 'um560');
    assert.ok(other, 'root sees the others’ tasks');
    await assert.rejects(games.request('GET', `/nodes/um560/tasks/${encodeURIComponent(String(other.upid))}/status`), /lacks Sys\.Audit on \/nodes\/um560 /);
    await assert.rejects(games.request('GET', `/nodes/um560/tasks/${encodeURIComponent(String(other.upid))}/log`), /lacks Sys\.Audit on \/nodes\/um560 /);
  });

  it('what the permissions listing means per guest and per node: a feature held on some is told as "on 1 of N"', async () => {
    const targets = { vmids: [...sim.guests.keys()], nodes: [...sim.nodes.keys()] };
    const oneNode = (await as(TOKENS.oneNode).request('GET', '/access/permissions')) as PermissionMap;
    assert.deepEqual(missingFeaturesOn(oneNode, targets), [
      { feature: 'power', privileges: ['VM.PowerMgmt'] },
      { feature: 'backup', privileges: ['VM.Backup'] },
      { feature: 'snapshot', privileges: ['VM.Snapshot'] },
      { feature: 'health', privileges: ['Sys.Audit'], partly: { held: 1, of: targets.nodes.length, on: 'nodes' } },
      { feature: 'nodes', privileges: ['Sys.PowerMgmt'] },
    ]);
    // Everything but the gateway: every feature is lacking on one guest, and held on all the others.
    const noGateway = (await as(TOKENS.noGateway).request('GET', '/access/permissions')) as PermissionMap;
    const others = { held: targets.vmids.length - 1, of: targets.vmids.length, on: 'guests' };
    assert.deepEqual(missingFeaturesOn(noGateway, targets), [
      { feature: 'power', privileges: ['VM.PowerMgmt'], partly: others },
      { feature: 'backup', privileges: ['VM.Backup'], partly: others },
      { feature: 'snapshot', privileges: ['VM.Snapshot'], partly: others },
    ]);
  });

  it('GET /access/permissions without a path lists `/` and every path an entry names', async () => {
    const all = (await as(TOKENS.oneNode).request('GET', '/access/permissions')) as Record<string, Record<string, number>>;
    assert.deepEqual(all, { '/': {}, '/nodes/um560': { 'Sys.Audit': 1 }, '/storage/usb-backup': { 'Datastore.AllocateSpace': 1 } });
  });
});

describe('LabTray with a token whose rights differ per guest', () => {
  // VM.Audit on all guests, power control on the Windows VM only. The entry on /vms/101 repeats VM.Audit: it replaces
  // what /vms gave, as in PVE.
  const family = token('family@pve!tray', ['Sys.Audit', 'Datastore.Audit'], [
    { path: '/vms', privileges: ['VM.Audit'] },
    { path: '/vms/101', privileges: ['VM.Audit', 'VM.PowerMgmt'] },
  ]);
  let env: Awaited<ReturnType<typeof startPveLab>>;
  before(async () => {
    env = await startPveLab({
      sim: { tokens: [family, ROOT] },
      cluster: (c) => ({ ...c, tokenId: family.id }),
      secrets: { 'pve-home': family.secret },
    });
  });
  after(async () => env.stop());

  it('shows every guest, starts the one it may, and says which privilege on which path the other lacks', async () => {
    const s = await env.lab.pollOnce();
    assert.equal(s.proxmox[0].guests.length, env.sim.guests.size);
    const [ok] = await env.lab.invoke('guestAction', { cluster: 'home', vmids: [101], action: 'start' });
    assert.equal((await env.lab.tasks.wait(ok.taskId)).state, 'ok');
    assert.equal(env.sim.guest(101).status, 'running');
    const [refused] = await env.lab.invoke('guestAction', { cluster: 'home', vmids: [102], action: 'stop' });
    const t = await env.lab.tasks.wait(refused.taskId);
    assert.equal(t.state, 'error');
    assert.match(t.message ?? '', /lacks VM\.PowerMgmt on \/vms\/102/);
    assert.equal(env.sim.guest(102).status, 'running');
  });

  it('Test in Settings says power control holds on one guest of all (templates are no guests to run), not that it is missing or complete', async () => {
    const result = await env.lab.invoke('testConnection', { kind: 'proxmox', name: 'home' });
    assert.equal(result.ok, true);
    assert.deepEqual(result.missing, [
      { feature: 'power', privileges: ['VM.PowerMgmt'], partly: { held: 1, of: [...env.sim.guests.values()].filter((g) => !g.template).length, on: 'guests' } },
      { feature: 'backup', privileges: ['VM.Backup', 'Datastore.AllocateSpace'] },
      { feature: 'snapshot', privileges: ['VM.Snapshot'] },
      { feature: 'nodes', privileges: ['Sys.PowerMgmt'] },
    ]);
  });
});
