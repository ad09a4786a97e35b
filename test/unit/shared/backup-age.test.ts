import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backupAgeHours, backupAgeStatus, defaultBackupAgeLimits } from '../../../shared/backup-age';

const NOW_S = Date.parse('2026-11-27T08:00:00Z') / 1000;

describe('backup age', () => {
  it('counts whole hours since the archive was made', () => {
    assert.equal(backupAgeHours(NOW_S - 3 * 3600, NOW_S), 3);
    assert.equal(backupAgeHours(NOW_S - 3.4 * 3600, NOW_S), 3);
    assert.equal(backupAgeHours(NOW_S - 3.5 * 3600, NOW_S), 4);
  });

  it('reads an archive from the future (a node clock running ahead) as just made', () => {
    assert.equal(backupAgeHours(NOW_S + 600, NOW_S), 0);
  });

  it('warns at a week and is critical at two weeks by default, each limit included', () => {
    assert.deepEqual(defaultBackupAgeLimits, { warnAfterHours: 168, critAfterHours: 336 });
    assert.equal(backupAgeStatus(167), 'ok');
    assert.equal(backupAgeStatus(168), 'warn');
    assert.equal(backupAgeStatus(335), 'warn');
    assert.equal(backupAgeStatus(336), 'crit');
  });

  it('warns about a guest that was never backed up', () => {
    assert.equal(backupAgeStatus(null), 'warn');
    assert.equal(backupAgeStatus(null, { warnAfterHours: 1e9, critAfterHours: 2e9 }), 'warn');
  });

  it('follows the limits of the config (backup.warnAfterHours / critAfterHours)', () => {
    const daily = { warnAfterHours: 26, critAfterHours: 50 };
    assert.equal(backupAgeStatus(25, daily), 'ok');
    assert.equal(backupAgeStatus(30, daily), 'warn');
    assert.equal(backupAgeStatus(50, daily), 'crit');
  });
});
