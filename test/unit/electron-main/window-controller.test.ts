import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WindowController } from '../../../electron/main/window-controller';
import { settle } from '../../helpers/fake-clock';
import { FakeWindow, FlagRecorder } from './shell-fakes';

function controller() {
  const lab = new FlagRecorder();
  const made: FakeWindow[] = [];
  const log: string[] = [];
  const next: { window: FakeWindow | null } = { window: null };
  const c = new WindowController<FakeWindow>({
    create: () => {
      const w = next.window ?? new FakeWindow();
      next.window = null;
      made.push(w);
      return w;
    },
    url: 'labtray://app/index.html',
    lab,
    log: { info: (m) => log.push(m), warn: (m) => log.push(m), error: (m) => log.push(m) },
  });
  return { c, lab, made, log, next };
}

describe('window controller', () => {
  it('reports no window at start', () => {
    const { c, lab } = controller();
    c.start();
    assert.deepEqual(lab.reported, [{ windowVisible: false }]);
    assert.equal(c.current(), null);
  });

  it('opens the window at the #focus= target and shows it when its page is ready', () => {
    const { c, lab, made } = controller();
    c.open('guest:home/101');
    assert.equal(made.length, 1);
    assert.deepEqual(made[0].loaded, ['labtray://app/index.html#focus=guest%3Ahome%2F101']);
    assert.equal(made[0].visible, false, 'not before ready-to-show (no white flash)');
    assert.equal(lab.last('windowVisible'), undefined);
    made[0].emit('ready-to-show');
    assert.equal(made[0].visible, true);
    assert.equal(lab.last('windowVisible'), true);
    assert.equal(c.current(), made[0]);
  });

  it('brings an open window forward instead of opening another, restoring it when minimized', () => {
    const { c, lab, made } = controller();
    c.open();
    assert.deepEqual(made[0].loaded, ['labtray://app/index.html'], 'no target, no hash');
    made[0].emit('ready-to-show');
    made[0].minimize();
    assert.equal(lab.last('windowVisible'), false, 'a minimized window polls slowly');
    c.open('tasks');
    assert.equal(made.length, 1);
    assert.equal(made[0].minimized, false);
    assert.equal(made[0].focused, 1);
    assert.equal(lab.last('windowVisible'), true);
    made[0].hide();
    assert.equal(lab.last('windowVisible'), false);
  });

  it('forgets a closed window (it is destroyed) and opens a fresh one next time', () => {
    const { c, lab, made } = controller();
    c.open();
    made[0].emit('ready-to-show');
    made[0].close();
    assert.equal(c.current(), null);
    assert.equal(lab.last('windowVisible'), false);
    c.open();
    assert.equal(made.length, 2);
    assert.notEqual(made[1], made[0]);
    // A late event from the old window must not forget the new one.
    made[0].emit('closed');
    assert.equal(c.current(), made[1]);
  });

  it('treats a window destroyed behind its back as gone', () => {
    const { c, made } = controller();
    c.open();
    made[0].destroyed = true;
    assert.equal(c.current(), null);
    c.open();
    assert.equal(made.length, 2);
  });

  it('logs a page that did not load', async () => {
    const { c, log, next } = controller();
    next.window = Object.assign(new FakeWindow(), { loadError: new Error('ERR_FILE_NOT_FOUND') });
    c.open();
    await settle();
    assert.deepEqual(log, ['the window did not load: ERR_FILE_NOT_FOUND']);
  });
});
