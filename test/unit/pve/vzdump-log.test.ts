import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseVzdumpLog, vzdumpSummary } from '../../../electron/core/proxmox/vzdump-log';

const lines = (f: string): string[] => readFileSync(new URL(`../../fixtures/pve/${f}`, import.meta.url), 'utf8').split('\n').filter(Boolean);

describe('vzdump task log', () => {
  it('follows each guest of a real multi-guest job to the end', () => {
    const p = parseVzdumpLog(lines('vzdump-log_pbs-qemu-lxc_ok_trimmed.txt'));
    assert.deepEqual(p.guests.map((g) => g.vmid), [102, 103, 104, 106]);
    assert.ok(p.guests.every((g) => g.done && !g.error));
    assert.equal(p.guests[0].archive, 'vm/102/2021-02-11T19:00:02Z');
    assert.equal(p.guests[0].transferred, '9.00 GiB in 105 seconds (87.8 MiB/s)');
    assert.equal(p.end, 'TASK OK');
    assert.equal(p.fraction, 1);
  });

  it('reports the percentage while a guest is still being copied', () => {
    const all = lines('vzdump-log_pbs-qemu-lxc_ok_trimmed.txt');
    const cut = all.findIndex((l) => l.includes(' 41% (3.7 GiB of 9.0 GiB)'));
    const p = parseVzdumpLog(all.slice(0, cut + 1), [102]);
    assert.equal(p.guests[0].fraction, 0.41);
    assert.equal(p.guests[0].done, false);
    assert.equal(p.fraction, 0.41);
    assert.equal(p.end, null);
  });

  it('names the reason of a failed backup', () => {
    const p = parseVzdumpLog(lines('vzdump-log_max-backup-limit-error.txt'));
    assert.equal(p.guests.length, 1);
    assert.match(p.guests[0].error ?? '', /max backup limit of 1/);
    assert.equal(p.end, 'TASK ERROR: job errors');
    assert.match(vzdumpSummary(p), /^100: failed: There is a max backup limit/);
  });
});
