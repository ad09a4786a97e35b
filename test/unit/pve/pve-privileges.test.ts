import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FEATURE_PRIVILEGES, heldPrivileges, missingFeatures, pveumCommands } from '../../../shared/pve-privileges';

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
