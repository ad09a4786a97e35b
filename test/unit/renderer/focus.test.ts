import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseFocus } from '../../../renderer/src/focus';

describe('#focus= in the window URL', () => {
  it('opens Guests at a guest, as the Electron main sends it (encoded)', () => {
    assert.deepEqual(parseFocus(`#focus=${encodeURIComponent('guest:home/100')}`), { view: 'guests', target: 'guest:home/100', anchor: null });
  });

  it('reads focus beside the preview token, in either order', () => {
    assert.equal(parseFocus('#token=abc_DEF-1&focus=guest:home/100')?.target, 'guest:home/100');
    assert.equal(parseFocus('#focus=tasks&token=abc')?.view, 'tasks');
    assert.equal(parseFocus('#token=abc'), null);
  });

  it('opens the overview at a node tile of its cluster', () => {
    assert.deepEqual(parseFocus('#focus=node:home/gtr5'), { view: 'overview', target: 'node:home/gtr5', anchor: 'node-gtr5' });
  });

  it('opens a whole view by its name', () => {
    assert.deepEqual(parseFocus('#focus=overview'), { view: 'overview', target: null, anchor: null });
    assert.deepEqual(parseFocus('#focus=tasks'), { view: 'tasks', target: null, anchor: null });
  });

  it('ignores what it does not know rather than guessing', () => {
    assert.equal(parseFocus('#focus=guest:home/abc'), null);
    assert.equal(parseFocus('#focus=elsewhere'), null);
    assert.equal(parseFocus('#focus=node:'), null);
    assert.equal(parseFocus(''), null);
  });
});
