import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CRASH_CRIT_RESTARTS, kubeChecks, podStatus } from '../../../electron/core/kube/checks';
import type { KubeCluster, KubeNode, KubePodProblem } from '../../../shared/kube';
import { coreMessages, part, textIn, type CoreKey } from '../../../shared/message';
import type { Check } from '../../../shared/status';

// The checks of one cluster, word for word: what the API problem says (in either language), the one ok line, a node
// not Ready or under pressure, and each unhealthy pod with its restarts, owner and detail.

const AT = '2026-12-04T16:00:00.000Z';
const SINCE = '2026-12-04T15:42:00.000Z';

const node = (name: string, over: Partial<KubeNode> = {}): KubeNode => ({
  name, ready: true, roles: ['worker'], arch: 'arm64', kubeletVersion: 'v1.31.4+k3s1', problems: [], taints: [], unschedulable: false, cpuUsage: null, memUsage: null, ...over,
}) as KubeNode;
const pod = (name: string, over: Partial<KubePodProblem> = {}): KubePodProblem => ({ namespace: 'media', name, node: null, phase: 'Running', reason: 'CrashLoopBackOff', message: null, restarts: 0, owner: null, ...over });
const cluster = (over: Partial<KubeCluster> = {}): KubeCluster => ({
  context: 'k3s-main', server: 'https://127.0.0.1:6443', reachable: true, version: 'v1.31.4+k3s1', nodes: [node('rockpi5a'), node('orangepi5')], podCount: 41, unhealthyPods: [], warnings: [], mode: 'watch', ...over,
});
const view = (c: Check) => ({ id: c.id, target: c.target, status: c.status, summary: c.summary, ...(c.detail !== undefined ? { detail: c.detail } : {}) });
const run = (k: KubeCluster, api: Parameters<typeof kubeChecks>[3] = null) => kubeChecks('kube:k3s-main', k, AT, api);

describe('a cluster\'s checks, word for word', () => {
  it('all Ready: one ok line with the version, or without it when the server did not say', () => {
    assert.deepEqual(run(cluster()).map(view), [{ id: 'kube:k3s-main:nodes', target: 'kube:k3s-main', status: 'ok', summary: 'k3s-main: 2/2 nodes Ready (v1.31.4+k3s1)' }]);
    assert.equal(run(cluster({ version: null }))[0].summary, 'k3s-main: 2/2 nodes Ready');
    assert.equal(run(cluster())[0].observedAt, AT);
    assert.equal(run(cluster())[0].source, 'kube:k3s-main');
  });

  it('a node not Ready: its own critical check quoting why, and no ok line; pressure is a warning naming each condition', () => {
    const k = cluster({ nodes: [node('rockpi5a', { ready: false, notReadyReason: 'Kubelet stopped posting node status.' }), node('orangepi5', { problems: ['MemoryPressure', 'DiskPressure'] }), node('um560', { ready: false })] });
    assert.deepEqual(run(k).map(view), [
      { id: 'kube:k3s-main:node:rockpi5a:ready', target: 'kube-node:k3s-main/rockpi5a', status: 'crit', summary: 'k3s-main: node rockpi5a is NotReady', detail: '“Kubelet stopped posting node status.”' },
      { id: 'kube:k3s-main:node:orangepi5:pressure', target: 'kube-node:k3s-main/orangepi5', status: 'warn', summary: 'k3s-main: node orangepi5 reports MemoryPressure, DiskPressure' },
      { id: 'kube:k3s-main:node:um560:ready', target: 'kube-node:k3s-main/um560', status: 'crit', summary: 'k3s-main: node um560 is NotReady' },
    ]);
  });

  it('an unreachable cluster has its API check only, critical, since when, with the error; the nodes are not judged', () => {
    const checks = run(cluster({ reachable: false, nodes: [node('rockpi5a', { ready: false })] }), { summary: coreMessages['kube.api.unreachable'], error: 'connect ECONNREFUSED 127.0.0.1:6443', since: SINCE });
    assert.deepEqual(checks.map(view), [{ id: 'kube:k3s-main:api', target: 'kube:k3s-main', status: 'crit', summary: 'k3s-main: API unreachable', detail: `since ${SINCE}` }]);
    assert.equal(checks[0].error, 'connect ECONNREFUSED 127.0.0.1:6443');
    assert.equal(checks[0].observedAt, SINCE, 'the problem is dated from when it began');
  });

  it('an API problem worded as a catalogue sentence is told in Chinese too; any other wording is kept as it is', () => {
    const keys: CoreKey[] = ['kube.api.unreachable', 'kube.api.unauthorized', 'kube.api.tls', 'kube.api.forbidden', 'kube.api.badAnswer'];
    for (const key of keys) {
      const [c] = run(cluster({ reachable: false }), { summary: coreMessages[key], error: 'e', since: SINCE });
      const zh = textIn('zh-CN', c.msg, 'no Chinese');
      const problem = textIn('zh-CN', part(key), 'no Chinese');
      assert.notEqual(problem, coreMessages[key], `${key} has a Chinese sentence`);
      assert.ok(zh.startsWith('k3s-main') && zh.endsWith(problem), `${key}: ${zh}`);
    }
    const [other] = run(cluster({ reachable: false }), { summary: 'the API server is restarting', error: 'e', since: SINCE });
    assert.ok(textIn('zh-CN', other.msg, '').includes('the API server is restarting'));
    const [given] = run(cluster({ reachable: false }), { summary: 'ignored', msg: part('kube.api.tls'), error: 'e', since: SINCE });
    assert.equal(given.summary, 'k3s-main: the API server certificate does not verify');
  });

  it('a reachable cluster with an API problem keeps both the API check and the node checks', () => {
    const ids = run(cluster(), { summary: coreMessages['kube.api.forbidden'], error: '403', since: SINCE }).map((c) => c.id);
    assert.deepEqual(ids, ['kube:k3s-main:api', 'kube:k3s-main:nodes']);
  });
});

describe('an unhealthy pod', () => {
  it('says its restarts (none, one, several) and its owner, and details its message and node', () => {
    const k = cluster({
      unhealthyPods: [
        pod('jellyfin-0', { restarts: 0 }),
        pod('sonarr-1', { restarts: 1, owner: { kind: 'StatefulSet', name: 'sonarr' }, node: 'rockpi5a' }),
        pod('radarr-2', { restarts: 4, message: 'back-off 40s restarting failed container', node: 'orangepi5' }),
        pod('prowlarr-3', { reason: 'ImagePullBackOff', message: 'pull access denied', messageMsg: part('kube.detail.oomKilled', { container: 'app' }) }),
      ],
    });
    assert.deepEqual(run(k).slice(1).map(view), [
      { id: 'kube:k3s-main:pod:media/jellyfin-0', target: 'kube-pod:k3s-main/media/jellyfin-0', status: 'warn', summary: 'k3s-main: pod media/jellyfin-0 CrashLoopBackOff' },
      { id: 'kube:k3s-main:pod:media/sonarr-1', target: 'kube-pod:k3s-main/media/sonarr-1', status: 'warn', summary: 'k3s-main: pod media/sonarr-1 CrashLoopBackOff, 1 restart (StatefulSet sonarr)', detail: 'on node rockpi5a' },
      { id: 'kube:k3s-main:pod:media/radarr-2', target: 'kube-pod:k3s-main/media/radarr-2', status: 'warn', summary: 'k3s-main: pod media/radarr-2 CrashLoopBackOff, 4 restarts', detail: '“back-off 40s restarting failed container”\non node orangepi5' },
      { id: 'kube:k3s-main:pod:media/prowlarr-3', target: 'kube-pod:k3s-main/media/prowlarr-3', status: 'warn', summary: 'k3s-main: pod media/prowlarr-3 ImagePullBackOff', detail: 'container app was killed for using too much memory' },
    ]);
  });

  it(`is critical once crash-looping or OOMKilled ${CRASH_CRIT_RESTARTS} times, a warning one fewer; other reasons stay warnings`, () => {
    assert.equal(CRASH_CRIT_RESTARTS, 10);
    for (const reason of ['CrashLoopBackOff', 'OOMKilled']) {
      assert.equal(podStatus(pod('p', { reason, restarts: 9 })), 'warn', reason);
      assert.equal(podStatus(pod('p', { reason, restarts: 10 })), 'crit', reason);
    }
    for (const reason of ['ImagePullBackOff', 'Restarts', 'Pending', '']) assert.equal(podStatus(pod('p', { reason, restarts: 50 })), 'warn', reason);
  });
});
