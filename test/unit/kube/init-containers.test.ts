import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { textIn } from '../../../shared/message';
import { defaultPodRules, initStatus, podProblem } from '../../../electron/core/kube/summarize';

type WirePod = Parameters<typeof podProblem>[0];
const NOW = Date.parse('2026-12-04T08:00:00Z');
const ago = (min: number): string => new Date(NOW - min * 60_000).toISOString();
type Inits = NonNullable<NonNullable<WirePod['status']>['initContainerStatuses']>;

function pod(inits: Inits, startedMinutesAgo = 1): WirePod {
  return {
    metadata: { name: 'immich-server-5c9d', namespace: 'photos', creationTimestamp: ago(startedMinutesAgo) },
    spec: { nodeName: 'rock5b' },
    status: { phase: 'Pending', startTime: ago(startedMinutesAgo), initContainerStatuses: inits, containerStatuses: [{ name: 'server', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] },
  } as WirePod;
}
const done = (name: string) => ({ name, restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } });
const running = (name: string) => ({ name, restartCount: 0, state: { running: { startedAt: ago(1) } } });
const waiting = (name: string) => ({ name, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } });

describe('pods waiting on init containers, shown as kubectl shows them', () => {
  it('Init:0/2 and Init:1/2 while they run; nothing once all are done', () => {
    assert.equal(initStatus([running('wait-for-db'), waiting('migrate')])?.reason, 'Init:0/2');
    assert.equal(initStatus([done('wait-for-db'), running('migrate')])?.reason, 'Init:1/2');
    assert.equal(initStatus([done('wait-for-db'), done('migrate')]), null);
    assert.equal(initStatus([]), null);
  });

  it('a crash-looping init container is Init:CrashLoopBackOff at once, naming it and its last exit', () => {
    const p = podProblem(pod([done('wait-for-db'), { name: 'migrate', restartCount: 6, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } }, lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: ago(2) } } }]), NOW);
    assert.equal(p?.reason, 'Init:CrashLoopBackOff');
    assert.equal(p?.message, 'init container migrate (1 of 2 done): container migrate last exited 1 (Error)');
    assert.equal(p?.restarts, 6);
    assert.equal(textIn('zh-CN', p?.messageMsg, ''), '初始化容器 migrate（已完成 1/2）：容器 migrate 上次退出码 1（Error）');
  });

  it('an init container that exited with an error is Init:Error; killed by a signal, Init:Signal:9', () => {
    assert.equal(podProblem(pod([{ name: 'chown', restartCount: 0, state: { terminated: { reason: 'Error', exitCode: 2 } } }]), NOW)?.reason, 'Init:Error');
    assert.equal(podProblem(pod([{ name: 'chown', restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } }]), NOW)?.reason, 'Init:Signal:9');
    assert.equal(podProblem(pod([{ name: 'chown', restartCount: 0, state: { terminated: { exitCode: 3 } } }]), NOW)?.reason, 'Init:ExitCode:3');
  });

  it('an init image that cannot be pulled is Init:ImagePullBackOff with the server’s words', () => {
    const p = podProblem(pod([{ name: 'fetch-models', restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "ghcr.io/immich-app/immich-machine-learning:v1.120"' } } }]), NOW);
    assert.equal(p?.reason, 'Init:ImagePullBackOff');
    assert.equal(p?.message, 'init container fetch-models (0 of 1 done): “Back-off pulling image "ghcr.io/immich-app/immich-machine-learning:v1.120"”');
  });

  it('init containers that are only slow are no problem until the pod has waited past the pending limit, then Init:x/y', () => {
    const slow = [done('wait-for-db'), running('migrate')];
    const limit = defaultPodRules.pendingAfterMs / 60_000;
    assert.equal(podProblem(pod(slow, limit - 1), NOW), null);
    const stuck = podProblem(pod(slow, limit + 1), NOW);
    assert.equal(stuck?.reason, 'Init:1/2');
    assert.equal(stuck?.message, 'init container migrate (1 of 2 done)');
  });
});
