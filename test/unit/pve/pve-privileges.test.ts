import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FEATURE_PRIVILEGES, heldPrivileges, missingFeatures, missingFeaturesOn, privilegesOn, pveumCommands } from '../../../shared/pve-privileges';

/** The privileges the role of the `pveum role add` command grants. */
function rolePrivileges(): Set<string> {
  const add = pveumCommands().find((c) => c.startsWith('pveum role add '));
  const m = /-privs "([^"]+)"/.exec(add ?? '');
  assert.ok(m, 'the role is created with its privileges');
  return new Set(m[1].split(','));
}

describe('what a Proxmox VE token lacks, and the commands that grant exactly enough', () => {
  it('names each feature the held privileges do not cover', () => {
    const readOnly = heldPrivileges({ '/': { 'VM.Audit': 1, 'Sys.Audit': 1, 'Datastore.Audit': 1 } });
    assert.deepEqual(missingFeatures(readOnly), [
      { feature: 'power', privileges: ['VM.PowerMgmt'] },
      { feature: 'backup', privileges: ['VM.Backup', 'Datastore.AllocateSpace'] },
      { feature: 'snapshot', privileges: ['VM.Snapshot'] },
      { feature: 'nodes', privileges: ['Sys.PowerMgmt'] },
    ]);
    assert.deepEqual(missingFeatures(heldPrivileges(null)).map((m) => m.feature), ['power', 'backup', 'snapshot', 'health', 'nodes']);
  });

  it('reads the privileges on a path as PVE resolves them: the deepest listed path decides, an ancestor only where it propagates', () => {
    const perms = { '/': { 'Sys.Audit': 1, 'VM.Audit': 0 }, '/vms': { 'VM.Audit': 1, 'VM.PowerMgmt': 0 }, '/vms/101': { 'VM.Audit': 0, 'VM.Snapshot': 0 } };
    assert.deepEqual([...privilegesOn(perms, '/')], ['Sys.Audit', 'VM.Audit'], 'on its own path a non-propagating privilege counts');
    assert.deepEqual([...privilegesOn(perms, '/nodes/um560')], ['Sys.Audit']);
    assert.deepEqual([...privilegesOn(perms, '/vms')], ['VM.Audit', 'VM.PowerMgmt']);
    assert.deepEqual([...privilegesOn(perms, '/vms/102')], ['VM.Audit'], '/vms decides for 102, and its PowerMgmt does not propagate');
    assert.deepEqual([...privilegesOn(perms, '/vms/101')], ['VM.Audit', 'VM.Snapshot'], 'an entry of its own replaces what /vms gave');
    assert.deepEqual([...privilegesOn({ '/': { 'Sys.Audit': true } }, '/nodes/gtr5')], ['Sys.Audit']);
    assert.deepEqual([...privilegesOn({ '/storage': { 'Datastore.Audit': 1 } }, '/vms/100')], []);
    assert.deepEqual([...privilegesOn(null, '/')], []);
  });

  it('judges guest features per guest and node features per node, and falls back to any path when there is nothing to judge by', () => {
    const perms = {
      '/': { 'Sys.Audit': 1, 'VM.Audit': 1, 'Datastore.Audit': 1, 'Datastore.AllocateSpace': 1 },
      '/vms/101': { 'VM.Audit': 1, 'VM.PowerMgmt': 1, 'VM.Backup': 1 },
      '/vms/102': { 'VM.Audit': 1, 'VM.Backup': 1 },
      '/nodes/um560': { 'Sys.Audit': 1, 'Sys.PowerMgmt': 1 },
    };
    assert.deepEqual(missingFeaturesOn(perms, { vmids: [100, 101, 102], nodes: ['um560', 's500plus', 'gtr5'] }), [
      { feature: 'power', privileges: ['VM.PowerMgmt'], partly: { held: 1, of: 3, on: 'guests' } },
      { feature: 'backup', privileges: ['VM.Backup'], partly: { held: 2, of: 3, on: 'guests' } },
      { feature: 'snapshot', privileges: ['VM.Snapshot'] },
      { feature: 'nodes', privileges: ['Sys.PowerMgmt'], partly: { held: 1, of: 3, on: 'nodes' } },
    ]);
    // Backups also write to a storage: without Datastore.AllocateSpace anywhere no guest can be backed up.
    const noSpace = { ...perms, '/': { 'Sys.Audit': 1, 'VM.Audit': 1 } };
    assert.deepEqual(missingFeaturesOn(noSpace, { vmids: [101, 102], nodes: ['um560'] }).find((m) => m.feature === 'backup'), { feature: 'backup', privileges: ['Datastore.AllocateSpace'] });
    assert.deepEqual(missingFeaturesOn(perms, { vmids: [101], nodes: ['um560'] }), [{ feature: 'snapshot', privileges: ['VM.Snapshot'] }]);
    assert.deepEqual(missingFeaturesOn(perms, { vmids: [], nodes: [] }), missingFeatures(heldPrivileges(perms)));
  });

  it('the role of the commands covers every feature, and nothing beyond what LabTray uses', () => {
    const role = rolePrivileges();
    assert.deepEqual(missingFeatures(role), []);
    for (const p of role) assert.ok(['VM.Audit', 'Datastore.Audit', ...Object.values(FEATURE_PRIVILEGES).flat()].includes(p), `${p} is not used`);
  });

  it('gives the token privilege separation and its own ACL on /', () => {
    const cmds = pveumCommands();
    assert.ok(cmds.some((c) => /^pveum user token add labtray@pve tray -privsep 1$/.test(c)));
    assert.ok(cmds.some((c) => c === "pveum acl modify / -token 'labtray@pve!tray' -role LabTray"));
  });

  it('the README shows the same commands', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const c of pveumCommands()) assert.ok(readme.includes(`\n${c}\n`), c);
  });
});
