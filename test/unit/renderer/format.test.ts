import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { duration } from '../../../renderer/src/format';

describe('uptime on node and host tiles', () => {
  it('reads in English units by default', () => {
    assert.equal(duration(12 * 86400 + 16 * 3600), '12d 16h');
    assert.equal(duration(5 * 3600 + 12 * 60, 'en'), '5h 12m');
  });

  it('reads in Chinese units in the Chinese UI, with no English letters', () => {
    assert.equal(duration(12 * 86400 + 16 * 3600, 'zh-CN'), '12天16小时');
    assert.equal(duration(5 * 3600 + 12 * 60, 'zh-CN'), '5小时12分');
    assert.equal(duration(42 * 60, 'zh-CN'), '42分钟');
    assert.doesNotMatch(duration(9 * 86400 + 4 * 3600, 'zh-CN'), /[a-z]/);
  });
});
