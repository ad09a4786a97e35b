import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IpcMainInvokeEvent } from 'electron';
import { channels, labEventNames, LabError, labMethods, type LabMethod, type LabResults } from '../../../shared/api';
import { preloadChannels, preloadEventNames, preloadMethodNames } from '../../../shared/ipc-channels';
import { forwardLabEvents, labHandler, registerLabHandlers, trustedSender, type LabInvoker } from '../../../electron/main/ipc';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { FakeClock } from '../../helpers/fake-clock';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

function fakeIpc() {
  const handlers = new Map<string, Handler>();
  return { handlers, handle: (c: string, h: Handler) => void handlers.set(c, h), removeHandler: (c: string) => void handlers.delete(c) };
}

/** A Lab stand-in that records what reaches it. */
function recordingLab(answer: (m: LabMethod, input: unknown) => unknown = () => null): LabInvoker & { calls: [LabMethod, unknown][] } {
  const calls: [LabMethod, unknown][] = [];
  return {
    calls,
    invoke: async <M extends LabMethod>(m: M, input: unknown) => {
      calls.push([m, input]);
      return answer(m, input) as LabResults[M];
    },
  };
}

const event = (id: number, url: string, parent: unknown = null) => ({ sender: { id }, senderFrame: { url, parent } }) as unknown as IpcMainInvokeEvent;
const ours = event(7, 'labtray://app/index.html');
const isOurs = trustedSender({ webContentsIds: () => [7], origins: ['labtray://app'] });

describe('IPC handlers generated from the contract', () => {
  it('registers one handler per LabApi method on its named channel and removes them all', () => {
    const ipc = fakeIpc();
    const off = registerLabHandlers(ipc, recordingLab(), isOurs);
    assert.deepEqual([...ipc.handlers.keys()], labMethods.map((m) => channels.invoke(m)));
    off();
    assert.equal(ipc.handlers.size, 0);
  });

  it('passes a valid guest start to the Lab and wraps the answer', async () => {
    const lab = recordingLab(() => [{ taskId: 't1' }]);
    const r = await labHandler('guestAction', lab, isOurs)(ours, { cluster: 'home', vmids: [100], action: 'start' });
    assert.deepEqual(r, { ok: true, value: [{ taskId: 't1' }] });
    assert.deepEqual(lab.calls, [['guestAction', { cluster: 'home', vmids: [100], action: 'start' }]]);
  });

  it('never lets an invalid action reach an integration: the Lab behind the handler validates it, once', async () => {
    const reached: unknown[] = [];
    const lab = new Lab({
      config: {},
      factories: [() => ({ kind: 'proxmox', sources: [], actions: { guestAction: async (input) => (reached.push(input), [{ taskId: 't1' }]) } })],
      secrets: new MemorySecretStore(),
      clock: new FakeClock(),
    });
    await lab.start();
    try {
      const r = await labHandler('guestAction', lab, isOurs)(ours, { cluster: 'home', vmids: [100], action: 'destroy' });
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.error.code, 'invalid-input');
      assert.match(!r.ok ? r.error.message : '', /^guestAction: action:/);
      assert.deepEqual(reached, []);
      const ok = await labHandler('guestAction', lab, isOurs)(ours, { cluster: 'home', vmids: [100], action: 'start' });
      assert.deepEqual(ok, { ok: true, value: [{ taskId: 't1' }] });
      assert.deepEqual(reached, [{ cluster: 'home', vmids: [100], action: 'start' }], 'the parsed input arrives');
    } finally {
      await lab.stop();
    }
  });

  it('turns a LabError into its code and message, and anything else into internal', async () => {
    const busy = recordingLab(() => {
      throw new LabError('busy', '100 (openwrt): start is already running');
    });
    assert.deepEqual(await labHandler('wake', busy, isOurs)(ours, { host: 'orangepi5' }), { ok: false, error: { code: 'busy', message: '100 (openwrt): start is already running' } });
    const broken = recordingLab(() => {
      throw new TypeError('cannot read properties of undefined');
    });
    assert.deepEqual(await labHandler('refresh', broken, isOurs)(ours, undefined), { ok: false, error: { code: 'internal', message: 'cannot read properties of undefined' } });
  });

  it('hands pause to the core, which owns the poll mode', async () => {
    const lab = recordingLab();
    const r = await labHandler('setPaused', lab, isOurs)(ours, { paused: true });
    assert.deepEqual(r, { ok: true, value: null });
    assert.equal(lab.calls.length, 1);
    assert.equal(lab.calls[0][0], 'setPaused');
  });

  it('refuses other webContents, other origins, sub-frames and a missing frame', async () => {
    const lab = recordingLab();
    const h = labHandler('getSnapshot', lab, isOurs);
    for (const e of [event(8, 'labtray://app/index.html'), event(7, 'https://example.invalid/'), event(7, 'file:///tmp/x.html'), event(7, 'labtray://app/index.html', {}), event(7, 'not a url')]) {
      const r = await h(e, undefined);
      assert.equal(!r.ok && r.error.code, 'forbidden');
    }
    const noFrame = { sender: { id: 7 }, senderFrame: null } as unknown as IpcMainInvokeEvent;
    assert.equal(((await h(noFrame, undefined)) as { ok: boolean }).ok, false);
    assert.deepEqual(lab.calls, []);
  });

  it('accepts the dev server origin only when it is listed', () => {
    const dev = trustedSender({ webContentsIds: () => [7], origins: ['labtray://app', 'http://localhost:5173'] });
    assert.equal(dev(event(7, 'http://localhost:5173/#/guests')), true);
    assert.equal(isOurs(event(7, 'http://localhost:5173/')), false);
  });

  it('forwards every Lab event to the open windows on its channel', () => {
    const listeners = new Map<string, (p: unknown) => void>();
    const lab = { on: (e: string, l: (p: unknown) => void) => (listeners.set(e, l), () => void listeners.delete(e)) };
    const sent: [string, unknown][] = [];
    const off = forwardLabEvents(lab as unknown as Parameters<typeof forwardLabEvents>[0], () => [{ send: (c, p) => void sent.push([c, p]) }]);
    listeners.get('task')?.({ id: 't1' });
    assert.deepEqual(sent, [[channels.event('task'), { id: 't1' }]]);
    assert.deepEqual([...listeners.keys()], [...labEventNames]);
    off();
    assert.equal(listeners.size, 0);
  });
});

describe('preload channel names', () => {
  it('match the contract exactly', () => {
    assert.deepEqual([...preloadMethodNames].sort(), [...labMethods].sort());
    assert.deepEqual([...preloadEventNames], [...labEventNames]);
    for (const m of labMethods) assert.equal(preloadChannels.invoke(m), channels.invoke(m));
    for (const e of labEventNames) assert.equal(preloadChannels.event(e), channels.event(e));
  });
});
