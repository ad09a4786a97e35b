import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cardState, isNote, rollup } from '../../../shared/card-status';
import type { Status } from '../../../shared/status';

interface C {
  id: string;
  status: Status;
  unknowable?: true;
}
const c = (id: string, status: Status, unknowable?: true): C => ({ id, status, unknowable });

describe('the card-colour rule (shared by the window, the tray and the CLI)', () => {
  it('an SD card without SMART is a note: orangepi5 with everything else fine is green, not grey', () => {
    const s = cardState([c('load', 'ok'), c('smart:mmcblk0', 'unknown', true), c('temp', 'ok')]);
    assert.equal(s.status, 'ok');
    assert.deepEqual(s.listed, []);
    assert.deepEqual(s.notes.map((x) => x.id), ['smart:mmcblk0']);
    assert.equal(s.nothingKnown, false);
  });

  it('a card whose only finding is WARN is amber, never red: rockpi5a', () => {
    const s = cardState([c('reachable', 'ok'), c('disk:/', 'warn')]);
    assert.equal(s.status, 'warn');
    assert.deepEqual(s.listed.map((x) => x.id), ['disk:/']);
  });

  it('the colour always equals the worst status listed, which comes first; equals keep their order', () => {
    const s = cardState([c('a', 'warn'), c('b', 'crit'), c('n', 'unknown', true), c('c', 'unknown'), c('d', 'warn'), c('e', 'ok'), c('f', 'crit')]);
    assert.deepEqual(s.listed.map((x) => x.id), ['b', 'f', 'a', 'd', 'c']);
    assert.equal(s.status, s.listed[0].status);
    assert.equal(s.status, 'crit');
    assert.ok(!s.listed.some((x) => x.status === 'ok'), 'ok checks are not listed');
  });

  it('an unknown that may become known (not read yet, unreachable) counts: the card is grey and says why', () => {
    const s = cardState([c('load', 'ok'), c('smart:nvme0', 'unknown')]);
    assert.equal(s.status, 'unknown');
    assert.deepEqual(s.listed.map((x) => x.id), ['smart:nvme0']);
  });

  it('a card with nothing known yet is unknown and says so, even when it has notes', () => {
    assert.deepEqual(cardState([]), { status: 'unknown', listed: [], notes: [], nothingKnown: true });
    const onlyNote = cardState([c('smart:mmcblk0', 'unknown', true)]);
    assert.equal(onlyNote.status, 'unknown');
    assert.equal(onlyNote.nothingKnown, true);
    assert.deepEqual(onlyNote.listed, []);
  });

  it('isNote: only an unknown marked unknowable', () => {
    assert.equal(isNote(c('x', 'unknown', true)), true);
    assert.equal(isNote(c('x', 'unknown')), false);
    assert.equal(isNote(c('x', 'warn', true)), false, 'a known status is never a note');
  });

  it('the roll-up is the worst of what can be known; notes never grey the tray', () => {
    assert.equal(rollup([c('a', 'ok'), c('n', 'unknown', true)]), 'ok');
    assert.equal(rollup([c('a', 'ok'), c('u', 'unknown')]), 'unknown');
    assert.equal(rollup([c('u', 'unknown'), c('w', 'warn')]), 'warn');
    assert.equal(rollup([c('w', 'warn'), c('x', 'crit'), c('n', 'unknown', true)]), 'crit');
    assert.equal(rollup([]), 'ok');
  });
});
