import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabError, parseInput } from '../../../shared/api';
import type { LabConfig } from '../../../shared/config';
import { commitConfig, putCluster } from '../../../electron/core/config/transaction';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { fieldErrors, itemField } from '../../../renderer/src/views/settings/field-errors';

const home = { name: 'home', endpoints: ['https://192.168.50.60:8006'], tokenId: 'labtray@pve!tray', tokenSecret: 'secret:pve-home' };
const clusterFields = ['name', 'endpoints[0]', 'endpoints[1]', 'endpoints', 'tokenId', 'tokenSecret', 'username', 'password'];

/** The refusal the core gives for `change` to `config`, as the window receives it. */
async function refusal(config: LabConfig, change: (c: LabConfig) => LabConfig, typed: Record<string, string> = {}): Promise<string> {
  const deps = { config: () => config, secrets: new MemorySecretStore({ 'pve-home': 's' }), configPath: null, editConfig: async () => assert.fail('a refused change must not be written') };
  const err = await commitConfig(deps, 'saveCluster', change, typed).then(
    () => assert.fail('the change should be refused'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof LabError);
  return err.message;
}

describe('the core refusal beside the fields of the cluster form', () => {
  it('puts a second cluster with an existing name beside the name field of that cluster', async () => {
    const text = await refusal({ proxmox: [home] }, putCluster({ ...home, tokenSecret: 'secret:pve-home2' }), { 'pve-home2': 'x' });
    const got = fieldErrors(text, itemField(['proxmox[1]', 'cluster'], clusterFields));
    assert.deepEqual(Object.keys(got.fields), ['name']);
    assert.match(got.fields.name[0], /home/);
    assert.deepEqual(got.other, []);
    // The first cluster's form is not told about it.
    assert.deepEqual(fieldErrors(text, itemField(['proxmox[0]'], clusterFields)).fields, {});
  });

  it('puts a bad endpoint from the input check beside that endpoint, with indexes read as brackets', () => {
    let text = '';
    try {
      parseInput('saveCluster', { cluster: { ...home, endpoints: ['https://a.lan:8006', 'http://b.lan:8006'] } });
      assert.fail('an http endpoint must be refused');
    } catch (e) {
      text = (e as Error).message;
    }
    const got = fieldErrors(text, itemField(['cluster'], clusterFields));
    assert.deepEqual(Object.keys(got.fields), ['endpoints[1]']);
    assert.match(got.fields['endpoints[1]'][0], /https/);
  });

  it('puts a changed endpoint that needs its secret again beside the secret field (paths by cluster name)', async () => {
    const text = await refusal({ proxmox: [home] }, putCluster({ ...home, endpoints: [...home.endpoints, 'https://pve1.tail0c3a1.ts.net:8006'] }, 'home'));
    const got = fieldErrors(text, itemField(['proxmox[0]', 'proxmox[home]', 'cluster'], clusterFields));
    assert.deepEqual(Object.keys(got.fields), ['tokenSecret'], text);
    assert.deepEqual(got.other, []);
  });

  it('keeps lines about fields the form does not show, and lines without a path, for the top of the form', () => {
    const got = fieldErrors('proxmox[0].interval: must be a duration\nsaveCluster: the kubeconfig can be changed only by editing the config file', itemField(['proxmox[0]'], clusterFields));
    assert.deepEqual(got.fields, {});
    assert.equal(got.other.length, 2);
  });

  it('maps a secret reference to the field it was typed in', () => {
    const got = fieldErrors('secrets.pve-lab: nothing in the config refers to it', itemField(['cluster'], clusterFields, { 'secrets.pve-lab': 'tokenSecret' }));
    assert.deepEqual(got.fields, { tokenSecret: ['nothing in the config refers to it'] });
  });
});
