import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultPodRules, nodeRoles, notReadyReason, parseQuantity, podProblem, summarizeNode, warningEvents } from '../../../electron/core/kube/summarize';
import type { WireEvent, WireNode, WirePod } from '../../../electron/core/kube/wire';

/**
 * What LabTray tells the owner about a node, a pod and the cluster's warning
 * events: which reason, which sentence, and where a rule's limit lies.
 */

const NOW = Date.parse('2026-12-04T08:00:00Z');
const ago = (minutes: number): string => new Date(NOW - minutes * 60_000).toISOString();
type Container = NonNullable<NonNullable<WirePod['status']>['containerStatuses']>[number];

function pod(status: NonNullable<WirePod['status']>, meta: Partial<WirePod['metadata']> = {}): WirePod {
  return { metadata: { name: 'web-1', namespace: 'apps', creationTimestamp: ago(60), ...meta }, spec: { nodeName: 'k3s-w1' }, status } as WirePod;
}
const running = (c: Partial<Container> = {}): Container => ({ name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: ago(30) } }, ...c }) as Container;
const problem = (p: WirePod, rules = defaultPodRules) => podProblem(p, NOW, rules);
const said = (p: WirePod) => {
  const r = problem(p);
  return r && { reason: r.reason, message: r.message };
};

describe('resource quantities', () => {
  it('reads every suffix Kubernetes writes, plain numbers and exponents; anything else is not a quantity', () => {
    const cases: [string | number, number][] = [
      ['250m', 0.25], ['100n', 100 * 1e-9], ['5u', 5 * 1e-6], ['2', 2], ['1k', 1000], ['1K', 1000], ['3M', 3e6], ['2G', 2e9], ['1T', 1e12], ['1P', 1e15], ['1E', 1e18],
      ['1Ki', 1024], ['3977728Ki', 3977728 * 1024], ['1.5Gi', 1.5 * 2 ** 30], ['2Mi', 2 * 2 ** 20], ['1Ti', 2 ** 40], ['1Pi', 2 ** 50], ['1Ei', 2 ** 60],
      ['129e6', 129e6], ['1E3', 1000], ['1e12', 1e12], ['1e+3', 1000], ['25e-3', 0.025], ['12.5Mi', 12.5 * 2 ** 20], ['.25', 0.25], ['.5', 0.5], ['+2', 2], ['-1', -1], ['1.', 1], [' 2Gi ', 2 * 2 ** 30], [7, 7],
    ];
    for (const [q, n] of cases) assert.equal(parseQuantity(q), n, String(q));
    for (const q of ['', 'abc', '1Gb', '1 Gi', 'Gi', 'x1', '1x', '1e', '1.2.3', 'm']) assert.equal(parseQuantity(q), null, q);
    assert.equal(parseQuantity(null), null);
    assert.equal(parseQuantity(undefined), null);
    assert.equal(parseQuantity(Number.NaN), null);
    assert.equal(parseQuantity(Number.POSITIVE_INFINITY), null);
  });
});

describe('nodes', () => {
  it('roles come from both label styles, sorted, without duplicates or empty names', () => {
    assert.deepEqual(nodeRoles({ 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/master': 'true', 'kubernetes.io/role': 'etcd', other: 'x' }), ['control-plane', 'etcd', 'master']);
    assert.deepEqual(nodeRoles({ 'node-role.kubernetes.io/': 'worker' }), ['worker'], 'a role in the value when the key names none');
    assert.deepEqual(nodeRoles({ 'node-role.kubernetes.io/': '', 'kubernetes.io/role': '' }), []);
    assert.deepEqual(nodeRoles({ 'kubernetes.io/role': 'edge', 'node-role.kubernetes.io/edge': '' }), ['edge']);
    assert.deepEqual(nodeRoles({ 'x/node-role.kubernetes.io/gpu': 'true' }), []);
    assert.deepEqual(nodeRoles(null), []);
  });

  it('a node is ready only with Ready=True; pressure conditions that are True are its problems; allocatable before capacity', () => {
    const n: WireNode = {
      metadata: { name: 'k3s-w1', labels: { 'kubernetes.io/arch': 'arm64' } },
      spec: { unschedulable: true, taints: [{ key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' }, { key: 'gpu', value: 'yes', effect: 'NoExecute' }] },
      status: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'MemoryPressure', status: 'False' },
          { type: 'DiskPressure', status: 'True' },
          { type: 'PIDPressure', status: 'True' },
          { type: 'NetworkUnavailable', status: 'True' },
          { type: 'SomethingElse', status: 'True' },
        ],
        capacity: { cpu: '4', memory: '8Gi' },
        allocatable: { cpu: '3500m', memory: '7Gi' },
      },
    };
    const s = summarizeNode(n, { metadata: { name: 'k3s-w1' }, usage: { cpu: '500m', memory: '1Gi' } });
    assert.deepEqual(s, {
      name: 'k3s-w1',
      ready: true,
      roles: [],
      arch: 'arm64',
      kubeletVersion: null,
      problems: ['DiskPressure', 'PIDPressure', 'NetworkUnavailable'],
      taints: [{ key: 'node.kubernetes.io/disk-pressure', value: null, effect: 'NoSchedule' }, { key: 'gpu', value: 'yes', effect: 'NoExecute' }],
      unschedulable: true,
      cpuUsage: 0.5,
      memUsage: 2 ** 30,
      cpuCapacity: 3.5,
      memCapacity: 7 * 2 ** 30,
      notReadyReason: null,
    });
    const bare = summarizeNode({ metadata: { name: 'n' }, status: { capacity: { cpu: 2 }, nodeInfo: { architecture: 'amd64', kubeletVersion: 'v1.31.4+k3s1' }, conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady' }] } }, undefined);
    assert.deepEqual([bare.ready, bare.arch, bare.kubeletVersion, bare.cpuCapacity, bare.cpuUsage, bare.memUsage, bare.unschedulable, bare.notReadyReason], [false, 'amd64', 'v1.31.4+k3s1', 2, null, null, false, 'KubeletNotReady']);
    assert.equal(summarizeNode({ metadata: { name: 'n' }, status: { conditions: [{ type: 'MemoryPressure', status: 'True' }] } }, undefined).ready, false, 'a True condition that is not Ready does not make a node ready');
    assert.equal(summarizeNode({ metadata: { name: 'n', labels: { 'kubernetes.io/arch': 'arm64' } }, status: { nodeInfo: { architecture: 'amd64' } } }, undefined).arch, 'amd64', 'what the kubelet reports wins over the label');
  });

  it('a node the API lists before it reported anything is not ready, with no problems, taints or figures', () => {
    const s = summarizeNode({ metadata: { name: 'new' } }, undefined);
    assert.deepEqual([s.ready, s.problems, s.taints, s.arch, s.kubeletVersion, s.cpuCapacity, s.notReadyReason], [false, [], [], null, null, null, 'no Ready condition reported']);
    assert.deepEqual(summarizeNode({ metadata: { name: 'n' }, status: { conditions: [{ type: 'MemoryPressure', status: 'True' }] } }, undefined).problems, ['MemoryPressure']);
  });

  it('why a node is not ready: the kubelet’s reason and message, its status alone, or that it reported none', () => {
    const n = (c: { status: string; reason?: string; message?: string }[] | undefined): WireNode => ({ metadata: { name: 'n' }, status: { conditions: c?.map((x) => ({ type: 'Ready', ...x })) } });
    assert.equal(notReadyReason(n([{ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }])), 'NodeStatusUnknown: Kubelet stopped posting node status.');
    assert.equal(notReadyReason(n([{ status: 'False', message: 'PLEG is not healthy' }])), 'PLEG is not healthy');
    assert.equal(notReadyReason(n([{ status: 'Unknown' }])), 'Ready=Unknown');
    assert.equal(notReadyReason(n([{ status: 'True' }])), null);
    assert.equal(notReadyReason(n(undefined)), 'no Ready condition reported');
    assert.equal(notReadyReason({ metadata: { name: 'n' }, status: { conditions: [{ type: 'DiskPressure', status: 'False' }] } }), 'no Ready condition reported');
  });
});

describe('pods', () => {
  it('a healthy or finished pod is no problem; the problem names the pod, its node, phase, restarts and controller', () => {
    assert.equal(problem(pod({ phase: 'Running', containerStatuses: [running()] })), null);
    assert.equal(problem(pod({ phase: 'Succeeded', containerStatuses: [running({ state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } } as Partial<Container>)] })), null);
    const crash = pod(
      { phase: 'Running', containerStatuses: [running({ restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s' } }, lastState: { terminated: { reason: 'Error', exitCode: 2, finishedAt: ago(2) } } } as Partial<Container>), running({ name: 'side', restartCount: 1 })] },
      { ownerReferences: [{ kind: 'Node', name: 'x' }, { kind: 'ReplicaSet', name: 'web-6d4f', controller: true }] },
    );
    assert.deepEqual(problem(crash), {
      namespace: 'apps',
      name: 'web-1',
      node: 'k3s-w1',
      phase: 'Running',
      restarts: 4,
      owner: { kind: 'ReplicaSet', name: 'web-6d4f' },
      reason: 'CrashLoopBackOff',
      message: 'container app last exited 2 (Error)',
      messageMsg: { key: 'kube.detail.lastExited', params: { container: 'app', code: 2, reason: 'Error' } },
    });
    const bare = problem({ metadata: { name: 'p', ownerReferences: [{ kind: 'Job', name: 'j' }] }, status: { phase: 'Failed' } } as WirePod);
    assert.deepEqual(bare, { namespace: 'default', name: 'p', node: null, phase: 'Failed', restarts: 0, owner: { kind: 'Job', name: 'j' }, reason: 'Failed', message: null });
    assert.deepEqual(problem({ metadata: { name: 'p' } } as WirePod), null, 'a pod with no status yet is not judged');
  });

  it('a container waiting for a bad reason is the problem, in the server’s words when it never ran', () => {
    const waiting = (reason: string, message?: string, last?: object) => pod({ phase: 'Pending', startTime: ago(1), containerStatuses: [running({ state: { waiting: { reason, message } }, lastState: last ? { terminated: last } : undefined } as Partial<Container>)] });
    for (const reason of ['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull', 'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError', 'CrashLoopBackOff']) {
      assert.equal(said(waiting(reason, 'why'))?.reason, reason, reason);
    }
    assert.deepEqual(said(waiting('ImagePullBackOff', 'Back-off pulling image "ghcr.io/x:1"')), { reason: 'ImagePullBackOff', message: 'container app: “Back-off pulling image "ghcr.io/x:1"”' });
    assert.deepEqual(said(waiting('CreateContainerConfigError')), { reason: 'CreateContainerConfigError', message: 'container app: “CreateContainerConfigError”' });
    // An image that cannot be pulled is about the pull, not the last exit of the old image.
    assert.deepEqual(said(waiting('ErrImagePull', 'not found', { reason: 'Completed', exitCode: 0 })), { reason: 'ErrImagePull', message: 'container app: “not found”' });
    assert.deepEqual(said(waiting('CrashLoopBackOff', 'x', { exitCode: 1 })), { reason: 'CrashLoopBackOff', message: 'container app last exited 1 (unknown)' });
    assert.deepEqual(said(waiting('CrashLoopBackOff', 'x', { reason: 'Error' })), { reason: 'CrashLoopBackOff', message: 'container app last exited ? (Error)' });
    // A crash loop after an OOM kill is called what it is.
    assert.deepEqual(said(waiting('CrashLoopBackOff', 'x', { reason: 'OOMKilled', exitCode: 137, finishedAt: ago(300) })), { reason: 'OOMKilled', message: 'container app last exited 137 (OOMKilled)' });
    // Waiting for a harmless reason (being created) is no problem while the pod is young.
    assert.equal(problem(waiting('ContainerCreating')), null);
  });

  it('an OOM kill: now dead from it, or killed within the restart window (inclusive), and the sentence names the container', () => {
    const killed = (minutes: number) => pod({ phase: 'Running', containerStatuses: [running({ name: 'db', restartCount: 1, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: ago(minutes) } } } as Partial<Container>)] });
    assert.deepEqual(said(killed(60)), { reason: 'OOMKilled', message: 'container db was killed for using too much memory' });
    assert.equal(problem(killed(60.01)), null);
    assert.equal(problem(pod({ phase: 'Running', containerStatuses: [running({ lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } } } as Partial<Container>)] })), null, 'an OOM kill with no time cannot be said to be recent');
    assert.equal(problem(pod({ phase: 'Running', containerStatuses: [running({ lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: ago(1) } } } as Partial<Container>)] })), null);
    const dead = pod({ phase: 'Running', containerStatuses: [running(), running({ name: 'db', state: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: ago(600) } } } as Partial<Container>)] });
    assert.deepEqual(said(dead), { reason: 'OOMKilled', message: 'container db was killed for using too much memory' });
    // A shorter window of the owner's.
    assert.equal(problem(killed(20), { ...defaultPodRules, restartWindowMs: 10 * 60_000 }), null);
  });

  it('containers reported without a state or a last state are judged by what is there, without failing', () => {
    const bare = { name: 'app', ready: false, restartCount: 6 } as Container;
    assert.equal(problem(pod({ phase: 'Running', containerStatuses: [bare, running({ name: 'b', lastState: {} } as Partial<Container>)] })), null);
    assert.deepEqual(said(pod({ phase: 'Running', containerStatuses: [running({ state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off' } }, lastState: {} } as Partial<Container>)] })), { reason: 'CrashLoopBackOff', message: 'container app: “back-off”' });
    assert.deepEqual(said(pod({ phase: 'Pending', startTime: ago(10), containerStatuses: [bare, running({ state: {} } as Partial<Container>)] })), { reason: 'Pending', message: null });
    const noPhase = problem(pod({ containerStatuses: [running({ state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } } as Partial<Container>)] }));
    assert.deepEqual([noPhase?.phase, noPhase?.reason], ['Unknown', 'OOMKilled'], 'a pod with no phase is shown as Unknown');
  });

  it('a failed pod says the server’s reason and message', () => {
    assert.deepEqual(said(pod({ phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' })), { reason: 'Evicted', message: 'The node was low on resource: memory.' });
  });

  it('a pending pod is a problem only from the pending limit on (inclusive), with the scheduler’s words or the container’s', () => {
    const pending = (minutes: number, extra: Partial<NonNullable<WirePod['status']>> = {}) => pod({ phase: 'Pending', startTime: ago(minutes), ...extra });
    const limit = defaultPodRules.pendingAfterMs / 60_000;
    assert.equal(problem(pending(limit - 0.01)), null);
    assert.deepEqual(said(pending(limit)), { reason: 'Pending', message: null });
    const unsched = { conditions: [{ type: 'Ready', status: 'False', message: 'not ready' }, { type: 'PodScheduled', status: 'False', message: '0/3 nodes are available: 3 Insufficient memory.' }] };
    assert.deepEqual(said(pending(10, unsched)), { reason: 'Pending', message: '0/3 nodes are available: 3 Insufficient memory.' });
    assert.deepEqual(said(pending(10, { conditions: [{ type: 'PodScheduled', status: 'True', message: 'scheduled' }] })), { reason: 'Pending', message: null });
    const creating = (message?: string) => pending(10, { containerStatuses: [running({ state: { waiting: { reason: 'ContainerCreating', message } } } as Partial<Container>), running({ name: 'b', state: { waiting: { reason: 'PodInitializing' } } } as Partial<Container>)] });
    assert.deepEqual(said(creating('mounting volume')), { reason: 'Pending', message: 'ContainerCreating: mounting volume' });
    assert.deepEqual(said(creating()), { reason: 'Pending', message: 'ContainerCreating' });
    // Without a start time the creation time counts; with neither, the pod is not judged.
    assert.deepEqual(said(pod({ phase: 'Pending' }, { creationTimestamp: ago(6) })), { reason: 'Pending', message: null });
    assert.equal(problem(pod({ phase: 'Pending' }, { creationTimestamp: undefined })), null);
    assert.equal(problem(pod({ phase: 'Pending', startTime: ago(1) }, { creationTimestamp: ago(600) })), null, 'the start time wins over the creation time');
  });

  it('restarts: summed over all containers (init ones too), counted only while the last exit is within the window (inclusive)', () => {
    const restarting = (counts: number[], lastMinutes: number[]) =>
      pod({ phase: 'Running', containerStatuses: counts.map((n, i) => running({ name: `c${i}`, restartCount: n, lastState: lastMinutes[i] === undefined ? undefined : { terminated: { reason: 'Error', exitCode: 1, finishedAt: ago(lastMinutes[i]) } } } as Partial<Container>)) });
    assert.deepEqual(said(restarting([3, 2], [40, 12])), { reason: 'Restarts', message: '5 restarts, the last 12 min ago' });
    assert.equal(problem(restarting([3, 1], [40, 12])), null, 'one fewer than the limit');
    assert.deepEqual(said(restarting([5], [60])), { reason: 'Restarts', message: '5 restarts, the last 60 min ago' });
    assert.equal(problem(restarting([5], [60.01])), null);
    assert.equal(problem(restarting([5], [])), null, 'restarts with no known last exit are history');
    const withInit = pod({ phase: 'Running', initContainerStatuses: [{ name: 'init', ready: true, restartCount: 4, state: { terminated: { exitCode: 0, reason: 'Completed' } } } as Container], containerStatuses: [running({ restartCount: 1, lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: ago(3) } } } as Partial<Container>)] });
    assert.equal(problem(withInit)?.restarts, 5);
    assert.equal(problem(withInit)?.reason, 'Restarts');
    assert.equal(problem(restarting([2], [1]), { ...defaultPodRules, manyRestarts: 2 })?.reason, 'Restarts', 'the owner’s own limit');
  });

  it('init containers: a failing one is the problem at once; slow ones only after the pending limit; none once the pod runs', () => {
    const init = (state: object, lastState?: object) => ({ name: 'migrate', ready: false, restartCount: 0, state, lastState }) as Container;
    const p = (inits: Container[], phase = 'Pending', minutes = 1) => pod({ phase, startTime: ago(minutes), initContainerStatuses: inits, containerStatuses: [running({ state: { waiting: { reason: 'PodInitializing' } } } as Partial<Container>)] });
    assert.deepEqual(said(p([init({ waiting: { reason: 'CrashLoopBackOff' } }, { terminated: { exitCode: 3, reason: 'Error' } })])), { reason: 'Init:CrashLoopBackOff', message: 'init container migrate (0 of 1 done): container migrate last exited 3 (Error)' });
    assert.deepEqual(said(p([init({ waiting: { reason: 'ErrImagePull', message: 'no such image' } }, { terminated: { exitCode: 1 } })])), { reason: 'Init:ErrImagePull', message: 'init container migrate (0 of 1 done): “no such image”' });
    assert.equal(problem(p([init({ waiting: { reason: 'ContainerCreating' } })])), null, 'a slow init, young pod');
    assert.deepEqual(said(p([init({ running: {} })], 'Pending', 5)), { reason: 'Init:0/1', message: 'init container migrate (0 of 1 done)' });
    assert.equal(problem(p([init({ terminated: { exitCode: 1, reason: 'Error' } })], 'Running')), null, 'a running pod is past its init containers');
    assert.deepEqual(said(p([init({ terminated: { exitCode: 1 } })])), { reason: 'Init:ExitCode:1', message: 'init container migrate (0 of 1 done): container migrate last exited 1 (unknown)' });
    assert.deepEqual(said(p([init({ terminated: {} })])), { reason: 'Init:ExitCode:?', message: 'init container migrate (0 of 1 done): container migrate last exited ? (unknown)' }, 'an exit with no code is not a success');
    // Still initialising (PodInitializing) or reported with no state yet: counted as not done, a problem only past the pending limit.
    assert.equal(problem(p([init({ waiting: { reason: 'PodInitializing' } })])), null);
    assert.equal(said(p([init({ waiting: { reason: 'PodInitializing' } })], 'Pending', 5))?.reason, 'Init:0/1');
    assert.equal(said(p([{ name: 'migrate', ready: false, restartCount: 0 } as Container], 'Pending', 5))?.reason, 'Init:0/1');
  });
});

describe('warning events', () => {
  const ev = (name: string, minutes: number | null, extra: Partial<WireEvent> = {}): WireEvent => ({ metadata: { name, namespace: 'apps' }, type: 'Warning', reason: 'BackOff', message: ' Back-off restarting ', count: 3, lastTimestamp: minutes === null ? undefined : ago(minutes), ...extra }) as WireEvent;

  it('keeps Warning events seen within the window (inclusive), newest first, at most the limit, in the owner’s words', () => {
    const out = warningEvents([ev('a', 30, { involvedObject: { kind: 'Pod', name: 'web-1' } }), ev('b', 5), ev('c', 60), ev('d', 61), ev('e', 1, { type: 'Normal' })], NOW);
    assert.deepEqual(out, [
      { namespace: 'apps', object: 'b', reason: 'BackOff', message: 'Back-off restarting', count: 3, lastSeen: ago(5) },
      { namespace: 'apps', object: 'pod/web-1', reason: 'BackOff', message: 'Back-off restarting', count: 3, lastSeen: ago(30) },
      { namespace: 'apps', object: 'c', reason: 'BackOff', message: 'Back-off restarting', count: 3, lastSeen: ago(60) },
    ]);
    assert.deepEqual(warningEvents([ev('a', 1), ev('b', 2), ev('c', 3)], NOW, 60 * 60_000, 2).map((e) => e.object), ['a', 'b']);
    assert.deepEqual(warningEvents([ev('a', 20)], NOW, 10 * 60_000), [], 'the owner’s shorter window');
    for (const order of [['timeless', 'old', 'new'], ['new', 'timeless', 'old'], ['old', 'new', 'timeless']]) {
      const events = order.map((n) => ev(n, n === 'timeless' ? null : n === 'old' ? 50 : 2));
      assert.deepEqual(warningEvents(events, NOW).map((e) => e.object), ['new', 'old', 'timeless'], `an event with no time sorts last (${order.join(', ')})`);
    }
  });

  it('takes the time, count and names from whichever fields the API filled in', () => {
    const [e] = warningEvents([ev('x', null, { series: { count: 9, lastObservedTime: ago(2) }, eventTime: ago(50), metadata: { name: 'x' }, reason: undefined, message: undefined, involvedObject: { namespace: 'kube-system', name: 'coredns' } })], NOW);
    assert.deepEqual(e, { namespace: 'kube-system', object: 'object/coredns', reason: 'Warning', message: '', count: 9, lastSeen: ago(2) });
    const only = (extra: Partial<WireEvent>) => warningEvents([ev('x', null, { count: undefined, ...extra })], NOW)[0];
    assert.equal(only({ eventTime: ago(4) }).lastSeen, ago(4));
    assert.equal(only({ firstTimestamp: ago(7) }).lastSeen, ago(7));
    assert.equal(only({ metadata: { name: 'x', creationTimestamp: ago(8) } }).lastSeen, ago(8));
    assert.equal(only({ lastTimestamp: ago(3), eventTime: ago(9) }).lastSeen, ago(3));
    assert.equal(only({}).count, 1);
    const timeless = only({ metadata: { name: 'x' } });
    assert.deepEqual([timeless.lastSeen, timeless.namespace], [null, 'default'], 'an event with no time is kept: it cannot be shown to be old');
  });
});
