import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { formatUpid, parseUpid } from '../../../shared/upid';

const fixture = (f: string): string => readFileSync(new URL(`../../fixtures/pve/${f}`, import.meta.url), 'utf8');

describe('UPID parsing', () => {
  it('reads node, type, vmid, user and start time from a real vzdump UPID', () => {
    const p = parseUpid('UPID:pve1:00010D94:001CA6EA:6124E1B9:vzdump:100:root@pam:');
    assert.ok(p);
    assert.equal(p.node, 'pve1');
    assert.equal(p.type, 'vzdump');
    assert.equal(p.id, '100');
    assert.equal(p.user, 'root@pam');
    assert.equal(p.pid, 0x10d94);
    assert.equal(new Date(p.starttime * 1000).toISOString(), '2021-08-24T12:10:33.000Z');
  });

  it('parses every captured UPID in the fixtures', () => {
    const lines = fixture('upid-examples.txt').split('\n').filter(Boolean);
    assert.ok(lines.length >= 4);
    for (const l of lines) assert.ok(parseUpid(l), l);
    assert.equal(parseUpid(lines[1])?.id, 'networking');
  });

  it('keeps an API token user (with "!") and an empty id', () => {
    const upid = formatUpid({ node: 'um560', pid: 4097, pstart: 0x2a3f7007, starttime: 1795830000, type: 'vzdump', id: '', user: 'root@pam!labtray' });
    const p = parseUpid(upid);
    assert.equal(p?.user, 'root@pam!labtray');
    assert.equal(p?.id, '');
    assert.equal(p?.node, 'um560');
  });

  it('rejects things that are not UPIDs', () => {
    for (const bad of ['', 'UPID:', 'OK', 'UPID:pve1:XYZ:001CA6EA:6124E1B9:vzdump:100:root@pam:', 'UPID:pve1:00010D94:001CA6EA:6124E1B9:vzdump:100:root@pam']) assert.equal(parseUpid(bad), null, bad);
  });
});
