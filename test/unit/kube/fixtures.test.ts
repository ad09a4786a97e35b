import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { kubeChecks } from '../../../electron/core/kube/checks';
import { parseQuantity, podProblem, summarizeNode, warningEvents } from '../../../electron/core/kube/summarize';
import { eventSchema, nodeMetricsSchema, nodeSchema, parseList, podSchema, statusSchema, versionSchema, watchEventSchema } from '../../../electron/core/kube/wire';
import type { KubeCluster } from '../../../shared/kube';

const dir = join(import.meta.dirname, '../../fixtures/kube');
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));

describe('real kubectl lists (kind: List)', () => {
  it('reads the k3s node with DiskPressure, its taints, roles and kubelet version', () => {
    const list = parseList(fixture('nodelist-k3s-diskpressure-taints.kdash.json'), nodeSchema, 'Node');
    assert.equal(list.items.length, 1);
    const node = summarizeNode(list.items[0], undefined);
    assert.equal(node.kubeletVersion, 'v1.20.6+k3s1');
    assert.equal(node.arch, 'amd64');
    assert.ok(node.roles.includes('control-plane') && node.roles.includes('master'), `roles: ${node.roles.join(',')}`);
    assert.deepEqual(node.problems, ['DiskPressure']);
    assert.ok(node.taints.some((t) => t.key === 'node.kubernetes.io/disk-pressure' && t.effect === 'NoSchedule'), JSON.stringify(node.taints));
    assert.equal(node.cpuUsage, null, 'no metrics given: usage is unknown, not zero');
    assert.ok(node.cpuCapacity && node.cpuCapacity > 0);
  });

  it('finds the crash-looping, unschedulable and failed pods of the k3d list and leaves healthy and finished ones out', () => {
    const list = parseList(fixture('podlist-k3d-unhealthy.kdash.json'), podSchema, 'Pod');
    const now = Date.parse('2021-06-18T12:00:00Z');
    const problems = list.items.map((p) => podProblem(p, now)).filter((p) => p !== null);
    const byName = new Map(problems.map((p) => [p.name, p]));
    const cart = byName.get('cartservice-67b89ffc69-s5qp8');
    assert.equal(cart?.reason, 'CrashLoopBackOff');
    assert.equal(cart?.restarts, 896);
    assert.deepEqual(cart?.owner, { kind: 'ReplicaSet', name: 'cartservice-67b89ffc69' });
    assert.equal(byName.get('adservice-f787c8dcd-tb6x2')?.reason, 'Pending');
    assert.match(byName.get('adservice-f787c8dcd-tb6x2')?.message ?? '', /nodes are available/);
    assert.equal(byName.get('frontend-5c4745dfdb-qz7fg')?.reason, 'Preempting');
    // Its first init container finished, the second still runs three hours on: kubectl shows Init:1/2.
    assert.equal(byName.get('pod-init-container')?.reason, 'Init:1/2');
    assert.match(byName.get('pod-init-container')?.message ?? '', /^init container \S+ \(1 of 2 done\)$/);
    for (const healthy of ['paymentservice-6658569876-d6r72', 'shippingservice-6998959488-tvhph', 'pod-init-container-2', 'emailservice-5f8fc7dbb4-5lqdb']) {
      assert.equal(byName.has(healthy), false, `${healthy} is not a problem`);
    }
  });

  it('gives a pod that is Pending only briefly time before calling it a problem', () => {
    const list = parseList(fixture('podlist-k3d-unhealthy.kdash.json'), podSchema, 'Pod');
    const init = list.items.find((p) => p.metadata.name === 'pod-init-container');
    assert.ok(init);
    assert.equal(podProblem(init, Date.parse('2021-06-18T08:59:00Z')), null);
  });

  it('reads Warning events of both shapes: series (events.k8s.io) and count/lastTimestamp', () => {
    const list = parseList(fixture('eventlist-warning-failedscheduling.kdash.json'), eventSchema, 'Event');
    const warnings = warningEvents(list.items, Date.parse('2026-02-23T05:00:00Z'));
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].reason, 'FailedScheduling');
    assert.equal(warnings[0].count, 3432);
    assert.equal(warnings[0].object, 'pod/ga-edge-0');
    assert.equal(warnings[0].lastSeen, '2026-02-23T04:41:50.537584Z');
    assert.equal(warningEvents(list.items, Date.parse('2026-03-23T05:00:00Z')).length, 0, 'a month later the warning is no longer recent');
  });

  it('turns metrics-server quantities into cores and bytes', () => {
    const list = parseList(fixture('nodemetricslist-k3d.kdash.json'), nodeMetricsSchema, 'NodeMetrics');
    assert.equal(list.items.length, 2);
    assert.ok(Math.abs((parseQuantity(list.items[0].usage.cpu) ?? 0) - 0.162953844) < 1e-9);
    assert.equal(parseQuantity(list.items[0].usage.memory), 582980 * 1024);
    assert.equal(parseQuantity('250m'), 0.25);
    assert.equal(parseQuantity('4Gi'), 4 * 2 ** 30);
    assert.equal(parseQuantity('129e6'), 129e6);
    assert.equal(parseQuantity('lots'), null);
  });

  it('reads the k3s arm64 version answer', () => {
    const v = versionSchema.parse(fixture('version-k3s-arm64.json'));
    assert.equal(v.gitVersion, 'v1.29.6+k3s1');
    assert.equal(v.platform, 'linux/arm64');
  });

  it('recognises the real 410 Expired watch line as a Status with code 410', () => {
    const line = readFileSync(join(dir, 'watch-error-410-expired.ndjson'), 'utf8').trim();
    const ev = watchEventSchema.parse(JSON.parse(line));
    assert.equal(ev.type, 'ERROR');
    const status = statusSchema.parse(ev.object);
    assert.equal(status.code, 410);
    assert.equal(status.reason, 'Expired');
  });

  it('refuses a list of another kind instead of reading pods as nodes', () => {
    assert.throws(() => parseList({ kind: 'PodList', items: [] }, nodeSchema, 'Node'), /expected a NodeList, got PodList/);
    const mixed = parseList({ kind: 'List', items: [{ kind: 'Pod', metadata: { name: 'x' } }, { kind: 'Node', metadata: { name: 'n1' } }] }, nodeSchema, 'Node');
    assert.deepEqual(mixed.items.map((n) => n.metadata.name), ['n1']);
    assert.equal(mixed.skipped, 1);
  });
});

describe('cluster checks', () => {
  const cluster = (patch: Partial<KubeCluster>): KubeCluster => ({ context: 'k3s-data-1', server: 'https://127.0.0.1:6443', reachable: true, version: 'v1.30.6+k3s1', nodes: [], podCount: 0, unhealthyPods: [], warnings: [], mode: 'watch', ...patch });
  const node = { roles: [], arch: 'amd64', kubeletVersion: 'v1.30.6+k3s1', problems: [], taints: [], unschedulable: false, cpuUsage: null, memUsage: null, cpuCapacity: 4, memCapacity: 1, notReadyReason: null };
  const at = '2026-11-27T08:00:00.000Z';

  it('marks a NotReady node critical with the kubelet reason, and a pressure condition as a warning', () => {
    const checks = kubeChecks('kubernetes:k3s-data-1', cluster({ nodes: [{ ...node, name: 'k3s-data-1-worker-3', ready: false, notReadyReason: 'NodeStatusUnknown: Kubelet stopped posting node status.' }, { ...node, name: 'orangepi5', ready: true, problems: ['DiskPressure'] }] }), at, null);
    const notReady = checks.find((c) => c.id === 'kubernetes:k3s-data-1:node:k3s-data-1-worker-3:ready');
    assert.equal(notReady?.status, 'crit');
    assert.match(notReady?.detail ?? '', /stopped posting/);
    assert.equal(checks.find((c) => c.id === 'kubernetes:k3s-data-1:node:orangepi5:pressure')?.status, 'warn');
  });

  it('warns about a crash-looping pod and turns critical when it has restarted many times', () => {
    const pod = { namespace: 'monitoring', name: 'vmalert-x', node: 'k3s-data-1-worker-1', phase: 'Running', reason: 'CrashLoopBackOff', message: null, owner: { kind: 'ReplicaSet', name: 'vmalert-abc' } };
    const few = kubeChecks('kubernetes:k3s-data-1', cluster({ unhealthyPods: [{ ...pod, restarts: 3 }] }), at, null);
    const many = kubeChecks('kubernetes:k3s-data-1', cluster({ unhealthyPods: [{ ...pod, restarts: 40 }] }), at, null);
    assert.equal(few.find((c) => c.id.endsWith(':pod:monitoring/vmalert-x'))?.status, 'warn');
    assert.equal(many.find((c) => c.id.endsWith(':pod:monitoring/vmalert-x'))?.status, 'crit');
    assert.match(many.find((c) => c.id.endsWith(':pod:monitoring/vmalert-x'))?.summary ?? '', /CrashLoopBackOff, 40 restarts/);
  });

  it('reports an unreachable API as critical', () => {
    const checks = kubeChecks('kubernetes:k3s-main', cluster({ context: 'k3s-main' }), at, { summary: 'API unreachable', error: 'refused', since: at });
    assert.equal(checks.find((c) => c.id === 'kubernetes:k3s-main:api')?.status, 'crit');
  });
});
