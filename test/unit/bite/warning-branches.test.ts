import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backupAgeStatus, defaultBackupAgeLimits } from '../../../shared/backup-age';
import type { BackupVolume } from '../../../shared/proxmox';
import { trayMenu, type MenuItem, type MenuModel } from '../../../shared/tray';
import { freshnessChecks } from '../../../electron/core/proxmox/checks';
import { defaultPodRules, podProblem } from '../../../electron/core/kube/summarize';
import { parseSmart } from '../../../electron/core/ssh/probes/smart';
import { defaultThresholds } from '../../../electron/core/ssh/probes/thresholds';
import { AT, guest, homeCluster, labSnapshot, NOW } from '../tray/lab-snapshot';

/**
 * The secondary branches that decide whether the owner is warned, each at its
 * exact boundary: a change to one of them (a rule switched off, a severity
 * lowered, `>=` turned into `>`) fails a test here.
 */

type WirePod = Parameters<typeof podProblem>[0];
const minutesAgo = (m: number): string => new Date(NOW - m * 60_000).toISOString();

function pod(containers: NonNullable<NonNullable<WirePod['status']>['containerStatuses']>): WirePod {
  return { metadata: { name: 'zigbee2mqtt-7d9f', namespace: 'home' }, spec: { nodeName: 'rockpi5a' }, status: { phase: 'Running', containerStatuses: containers } } as WirePod;
}

describe('Kubernetes pods: OOM kills and restart loops', () => {
  it('a running container that was OOMKilled within the restart window is reported; one killed long ago is not', () => {
    const killed = (at: string) => pod([{ name: 'app', ready: true, restartCount: 1, state: { running: { startedAt: at } }, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: at } } }] as never);
    const recent = podProblem(killed(minutesAgo(10)), NOW);
    assert.equal(recent?.reason, 'OOMKilled');
    assert.match(recent?.message ?? '', /container app was killed for using too much memory/);
    assert.equal(podProblem(killed(minutesAgo(61)), NOW), null, 'outside the one-hour window a past OOM kill is history');
    const deadNow = pod([{ name: 'app', ready: false, restartCount: 0, state: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: minutesAgo(120) } } }] as never);
    assert.equal(podProblem(deadNow, NOW)?.reason, 'OOMKilled', 'a container that is dead now from an OOM kill is reported however long ago it died');
  });

  it('restarts at the limit within the window are a problem; one fewer, or the last one too long ago, is not', () => {
    const restarting = (n: number, lastMinutesAgo: number) =>
      pod([{ name: 'app', ready: true, restartCount: n, state: { running: { startedAt: minutesAgo(1) } }, lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: minutesAgo(lastMinutesAgo) } } }] as never);
    const at = podProblem(restarting(defaultPodRules.manyRestarts, 5), NOW);
    assert.equal(at?.reason, 'Restarts');
    assert.match(at?.message ?? '', /^5 restarts, the last 5 min ago$/);
    assert.equal(podProblem(restarting(defaultPodRules.manyRestarts - 1, 5), NOW), null);
    assert.equal(podProblem(restarting(defaultPodRules.manyRestarts, 61), NOW), null);
  });
});

const smart = (body: Record<string, unknown>): string => JSON.stringify({ smartctl: { exit_status: 0 }, model_name: 'Samsung SSD 980 PRO 1TB', smart_status: { passed: true }, ...body });
const statusOf = (text: string) => parseSmart('/dev/nvme0', text, defaultThresholds);

describe('SMART: one bad sector is already a warning sign', () => {
  it('a single NVMe media error is critical', () => {
    const r = statusOf(smart({ nvme_smart_health_information_log: { critical_warning: 0, media_errors: 1, available_spare: 100, available_spare_threshold: 10, percentage_used: 3 } }));
    assert.equal(r.status, 'crit');
    assert.deepEqual(r.findings.map((f) => [f.status, f.msg?.key]), [['crit', 'smart.mediaErrors']]);
    const clean = statusOf(smart({ nvme_smart_health_information_log: { critical_warning: 0, media_errors: 0, available_spare: 100, available_spare_threshold: 10, percentage_used: 3 } }));
    assert.equal(clean.status, 'ok');
  });

  it('one pending sector on an ATA disk is critical, as is one offline-uncorrectable sector', () => {
    const ata = (id: number) => smart({ ata_smart_attributes: { table: [{ id, name: id === 197 ? 'Current_Pending_Sector' : 'Offline_Uncorrectable', raw: { value: 1 }, when_failed: '' }] } });
    for (const [id, key] of [[197, 'smart.pending'], [198, 'smart.offlineUncorrectable']] as const) {
      const r = statusOf(ata(id));
      assert.equal(r.status, 'crit', key);
      assert.deepEqual(r.findings.map((f) => [f.status, f.msg?.key]), [['crit', key]]);
    }
  });

  it('NVMe wear at exactly the warn and crit percentages counts', () => {
    const wear = (used: number) => statusOf(smart({ nvme_smart_health_information_log: { critical_warning: 0, media_errors: 0, available_spare: 100, available_spare_threshold: 10, percentage_used: used } })).status;
    assert.equal(wear(defaultThresholds.wearWarn - 1), 'ok');
    assert.equal(wear(defaultThresholds.wearWarn), 'warn');
    assert.equal(wear(defaultThresholds.wearCrit), 'crit');
  });
});

describe('backups: a limit reached counts, a failed verification warns', () => {
  it('an age of exactly the warn or crit limit is that status, an hour less is not', () => {
    const { warnAfterHours: w, critAfterHours: c } = defaultBackupAgeLimits;
    assert.deepEqual([backupAgeStatus(w - 1), backupAgeStatus(w), backupAgeStatus(c - 1), backupAgeStatus(c)], ['ok', 'warn', 'warn', 'crit']);
  });

  it('a fresh backup whose verification failed is a warning that says so', () => {
    const now = NOW / 1000;
    const vol = (verification: BackupVolume['verification']): BackupVolume =>
      ({ volid: 'nas:backup/vzdump-qemu-100-2025_03_01-02_00_00.vma.zst', storage: 'nas', vmid: 100, ctime: now - 3600, size: 1, format: 'vma.zst', notes: null, protected: false, verification }) as BackupVolume;
    const judge = (verification: BackupVolume['verification']) => {
      const c = homeCluster({ guests: [guest(100, 'openwrt', 'um560')], backups: [vol(verification)] });
      return freshnessChecks('proxmox:home', c, AT, defaultBackupAgeLimits).find((x) => x.target === 'guest:home/100');
    };
    assert.equal(judge('ok')?.status, 'ok');
    const failed = judge('failed');
    assert.equal(failed?.status, 'warn');
    assert.match(failed?.summary ?? '', /verif/i);
  });
});

function item(model: MenuModel | MenuItem[], id: string): MenuItem | undefined {
  for (const i of Array.isArray(model) ? model : model.items) {
    if (i.id === id) return i;
    if (i.kind === 'submenu') {
      const sub = item(i.items, id);
      if (sub) return sub;
    }
  }
  return undefined;
}

describe('the tray leaves a locked guest alone', () => {
  it('a guest locked by a backup offers no Shut down and no Back up; unlocked, it does', () => {
    const menu = (lock: string | null) =>
      trayMenu(labSnapshot({ proxmox: [homeCluster({ guests: [{ ...guest(100, 'openwrt', 'um560'), lock }] })] }), { favourites: ['home/100'], backupSets: [], quietUntil: null, now: NOW, formatTime: () => '22:30' });
    const enabled = (m: MenuModel, id: string): boolean | undefined => {
      const i = item(m, id);
      return i && i.kind !== 'separator' ? i.enabled : undefined;
    };
    for (const action of ['shutdown', 'backup']) {
      assert.equal(enabled(menu('backup'), `fav:home/100:${action}`), false, `${action} while locked`);
      assert.equal(enabled(menu(null), `fav:home/100:${action}`), true, `${action} when not locked`);
    }
  });
});
