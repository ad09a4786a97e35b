import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { startFake, type FakeSetup } from './harness';

interface Reply {
  status: number;
  body: { kind?: string; reason?: string; code?: number; message?: string; metadata?: { continue?: string }; items?: { metadata: { name: string } }[] };
}

// The fake API server refuses what kube-apiserver refuses: expired continue tokens and verbs RBAC does not grant.
describe('the Kubernetes fake refuses like kube-apiserver', () => {
  let setup: FakeSetup;
  let viewer = '';
  const call = (method: string, path: string, token: string): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const u = new URL(path, setup.fake.url);
      const req = request(u, { method, ca: setup.fake.ca.certPem, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Reply['body'] }));
      });
      req.on('error', reject);
      req.end();
    });

  before(async () => {
    setup = await startFake();
    viewer = setup.fake.addToken('viewer', ['viewers']);
  });
  after(async () => setup?.stop());

  it('pages a list with continue, and answers 410 Expired once the list version is compacted away', async () => {
    const admin = setup.token ?? '';
    const first = await call('GET', '/api/v1/pods?limit=2', admin);
    assert.equal(first.status, 200);
    const token = first.body.metadata?.continue;
    assert.ok(token, 'a first page of 2 has a continue token');
    const second = await call('GET', `/api/v1/pods?limit=2&continue=${token}`, admin);
    assert.equal(second.status, 200);
    const names = (r: Reply) => (r.body.items ?? []).map((i) => i.metadata.name);
    assert.equal(names(second).length, 2);
    assert.deepEqual(names(first).filter((n) => names(second).includes(n)), [], 'the second page goes on where the first stopped');
    // A change moves the store past the list's version; compaction then drops that version.
    const victim = names(second)[0];
    const ns = (second.body.items ?? [])[0] as unknown as { metadata: { namespace: string } };
    assert.equal((await call('DELETE', `/api/v1/namespaces/${ns.metadata.namespace}/pods/${victim}`, admin)).status, 200);
    const stillValid = await call('GET', `/api/v1/pods?limit=2&continue=${token}`, admin);
    assert.equal(stillValid.status, 200, 'before compaction the token still continues the list');
    setup.cluster.store.compact();
    const expired = await call('GET', `/api/v1/pods?limit=2&continue=${token}`, admin);
    assert.equal(expired.status, 410);
    assert.deepEqual([expired.body.kind, expired.body.reason, expired.body.code], ['Status', 'Expired', 410]);
    assert.match(expired.body.message ?? '', /continue parameter is too old/);
    const fresh = await call('GET', '/api/v1/pods?limit=2', admin);
    assert.equal(fresh.status, 200, 'a new list without the token works');
    const garbage = await call('GET', '/api/v1/pods?limit=2&continue=bm90LWEtdG9rZW4', admin);
    assert.equal(garbage.status, 400);
    assert.equal(garbage.body.reason, 'BadRequest');
  });

  it('answers 403 for the user and verb RBAC refuses, and only for those', async () => {
    setup.fake.denied.push({ user: 'viewer', verb: 'list', resource: 'pods' }, { user: 'viewer', verb: 'delete', resource: 'pods' });
    try {
      const refused = await call('GET', '/api/v1/namespaces/monitoring/pods', viewer);
      assert.equal(refused.status, 403);
      assert.equal(refused.body.reason, 'Forbidden');
      assert.equal(refused.body.message, 'pods is forbidden: User "viewer" cannot list resource "pods" in API group "" in the namespace "monitoring"');
      const admin = await call('GET', '/api/v1/namespaces/monitoring/pods', setup.token ?? '');
      assert.equal(admin.status, 200, 'another user may list');
      const pod = admin.body.items?.[0]?.metadata.name;
      assert.ok(pod);
      const one = await call('GET', `/api/v1/namespaces/monitoring/pods/${pod}`, viewer);
      assert.equal(one.status, 200, 'the viewer may still get one pod');
      const del = await call('DELETE', `/api/v1/namespaces/monitoring/pods/${pod}`, viewer);
      assert.equal(del.status, 403);
      assert.equal(del.body.message, `pods "${pod}" is forbidden: User "viewer" cannot delete resource "pods" in API group "" in the namespace "monitoring"`);
      assert.equal((await call('GET', `/api/v1/namespaces/monitoring/pods/${pod}`, viewer)).status, 200, 'the pod is still there');
      assert.equal((await call('GET', '/api/v1/nodes', viewer)).status, 200, 'other resources are not refused');
    } finally {
      setup.fake.denied.length = 0;
    }
  });
});
