import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TaskInfo } from '../../../shared/tasks';
import { systemClock } from '../../../electron/core/clock';
import type { Lab } from '../../../electron/core/lab/lab';
import { TaskRunner, type TaskHandle } from '../../../electron/core/tasks';
import { follow, type Out } from '../../../electron/cli/follow';
import { createStyle } from '../../../electron/cli/style';

/** What follow() uses of a Lab: its task runner and task events. */
function fakeLab(): { lab: Lab; tasks: TaskRunner } {
  const listeners = new Set<(t: TaskInfo) => void>();
  const tasks = new TaskRunner(systemClock, (t) => listeners.forEach((l) => l(t)));
  const lab = {
    tasks,
    on: (_e: 'task', l: (t: TaskInfo) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  } as unknown as Lab;
  return { lab, tasks };
}

/** A wake-up that reports five rounds of waiting, then ends. */
function wakeTask(tasks: TaskRunner, rounds: number, end: 'ok' | 'error'): string {
  let go: () => void = () => undefined;
  const started = new Promise<void>((r) => (go = r));
  const { taskId } = tasks.start({ kind: 'wake', action: 'wake', target: 'rockpi5a', targetRef: 'host:rockpi5a' }, async (t: TaskHandle) => {
    await started;
    for (let i = 0; i < rounds; i++) t.update({ message: `waiting for rockpi5a: ${i * 2} s of up to 3 min, trying 127.0.0.1:22` });
    if (end === 'error') throw new Error('rockpi5a did not wake within 3 min: no answer from 127.0.0.1 (TCP 22)');
    return 'rockpi5a is up after 12 s (answers on 127.0.0.1:22)';
  });
  setImmediate(go);
  return taskId;
}

const sink = (isTTY: boolean): Out & { text: string } => {
  const o = { text: '', isTTY, columns: 60, write: (s: string) => void (o.text += s) };
  return o;
};

describe('following a task in the CLI', () => {
  it('on a terminal redraws one live line with what the wait is doing, cut to the width, and clears it at the end', async () => {
    const { lab, tasks } = fakeLab();
    const out = sink(true);
    const code = await follow(lab, [wakeTask(tasks, 5, 'ok')], { json: false, style: createStyle(false), out });
    assert.equal(code, 0);
    const redraws = out.text.split('\r\x1b[2K').filter((s) => s.startsWith('… waiting'));
    assert.equal(redraws.length, 5, out.text);
    for (const r of redraws) assert.ok(r.length <= 60, `a live line fits the terminal: ${r}`);
    assert.ok(out.text.endsWith('\r\x1b[2KOK   wake rockpi5a: rockpi5a is up after 12 s (answers on 127.0.0.1:22)\n'), out.text);
    assert.doesNotMatch(out.text, /\(\d+\.\d s\)/, 'a wake-up has no second duration tacked on');
  });

  it('into a pipe prints progress as whole lines, at most one per interval', async () => {
    const { lab, tasks } = fakeLab();
    const out = sink(false);
    const code = await follow(lab, [wakeTask(tasks, 5, 'error')], { json: false, style: createStyle(false), out, progressEveryMs: 60_000 });
    assert.equal(code, 1);
    assert.ok(!/[\r]/.test(out.text) && !out.text.includes('\x1b'), 'no redraws or colour in a pipe');
    assert.deepEqual(out.text.split('\n').filter(Boolean), [
      '… waiting for rockpi5a: 0 s of up to 3 min, trying 127.0.0.1:22',
      'FAIL rockpi5a did not wake within 3 min: no answer from 127.0.0.1 (TCP 22)',
    ]);
  });

  it('prints a failed guest action as a sentence with the raw text dimmed and indented', async () => {
    const { lab, tasks } = fakeLab();
    const out = sink(false);
    const { taskId } = tasks.start({ kind: 'guest', action: 'resume', target: '101 (win2022) on um560', targetRef: 'guest:home/101' }, async () => {
      throw new Error('POST /nodes/um560/qemu/101/status/resume: HTTP 500: VM 101 not paused');
    });
    assert.equal(await follow(lab, [taskId], { json: false, style: createStyle(true), out }), 1);
    assert.equal(out.text, '\x1b[31mFAIL\x1b[39m Could not resume 101 (win2022) on um560: it is not paused (only a suspended guest can be resumed)\n\x1b[2m       POST /nodes/um560/qemu/101/status/resume: HTTP 500: VM 101 not paused\x1b[22m\n');
  });
});
