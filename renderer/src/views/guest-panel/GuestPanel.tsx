import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GuestDetail } from '../../../../shared/guest-detail';
import { formatBytes, formatDuration } from '../../../../shared/units';
import { useLanguage, useNow } from '../../hooks';
import { useApi, useLab } from '../../store-context';
import { ago, dateTime } from '../../time-text';
import { BackupHistory } from './BackupHistory';
import { HistoryCharts } from './HistoryChart';
import { PanelDialog, PanelLinks } from './PanelDialog';
import { TakeSnapshot } from './TakeSnapshot';
import { CopyButton } from '../../components/copy-button';

function Addresses({ d }: { d: GuestDetail }) {
  const { t } = useTranslation();
  const gap = d.gaps.find((g) => g.part === 'addresses');
  return (
    <section className="panel-section" aria-label={t('guestPanel.addresses')}>
      <h3>{t('guestPanel.addresses')}</h3>
      {gap ? (
        <p className="muted" data-testid="address-gap">
          {t(`guestPanel.gap.${gap.reason}`, { detail: gap.detail })}
        </p>
      ) : d.addresses?.length ? (
        <ul className="panel-list" data-testid="addresses">
          {d.addresses.map((a) => (
            <li key={`${a.iface}-${a.address}`}>
              <span className="mono">{a.address}</span>
              <span className="muted"> {a.iface}</span> <CopyButton text={a.address} label={t('guestPanel.copyAddress', { address: a.address })} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('guestPanel.noAddresses')}</p>
      )}
    </section>
  );
}

function Story({ d, onChanged }: { d: GuestDetail; onChanged(): void }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const now = useNow();
  const next = d.nextBackup;
  return (
    <>
      <section className="panel-section" aria-label={t('guestPanel.config')}>
        <h3>{t('guestPanel.config')}</h3>
        {d.config ? (
          <p data-testid="config">
            {t('guestPanel.cores', { count: d.config.cores ?? 0 })} · {formatBytes((d.config.memoryMiB ?? 0) * 1024 ** 2)}
            {d.config.disks.map((x) => ` · ${x.key} ${x.size ?? '?'}`).join('')}
          </p>
        ) : (
          <p className="muted">{t('guestPanel.gap.error', { detail: d.gaps.find((g) => g.part === 'config')?.detail ?? '' })}</p>
        )}
        <p>{d.tags.length ? d.tags.map((tag) => <span key={tag} className="tag">{tag}</span>) : <span className="muted">{t('guestPanel.noTags')}</span>}</p>
      </section>
      <section className="panel-section" aria-label={t('guestPanel.snapshots')}>
        <div className="panel-section-head">
          <h3>{t('guestPanel.snapshots')}</h3>
          {d.snapshots ? <TakeSnapshot cluster={d.cluster} vmid={d.vmid} name={d.name} type={d.type} running={d.status === 'running'} onTaken={onChanged} /> : null}
        </div>
        {d.snapshots?.length ? (
          <ul className="panel-list" data-testid="snapshots">
            {d.snapshots.map((s) => (
              <li key={s.name}>
                <span className="mono">{s.name}</span> <span className="muted">{s.snaptime ? ago(s.snaptime * 1000, now, lng) : ''} {s.description}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('guestPanel.noSnapshots')}</p>
        )}
      </section>
      <section className="panel-section" aria-label={t('guestPanel.backups')} data-testid="backups">
        <h3>{t('guestPanel.backups')}</h3>
        {d.backupHistory.length ? (
          <BackupHistory runs={d.backupHistory} />
        ) : (
          <p className="muted">{t('guestPanel.noBackups')}</p>
        )}
        <p data-testid="next-backup">{next ? (next.at ? t('guestPanel.nextBackup', { when: dateTime(next.at * 1000, lng) }) : t('guestPanel.nextBackupSchedule', { schedule: next.schedule })) : t('guestPanel.noNextBackup')}</p>
      </section>
      <section className="panel-section" aria-label={t('guestPanel.tasks')}>
        <h3>{t('guestPanel.tasks')}</h3>
        {d.tasks.length ? (
          <ul className="panel-list">
            {d.tasks.map((k) => (
              <li key={k.upid}>
                <span className="mono">{k.type}</span> <span className="muted">{ago(k.starttime * 1000, now, lng)} · {k.status ?? t('guestPanel.taskRunning')}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('guestPanel.noTasks')}</p>
        )}
      </section>
    </>
  );
}

/** A guest's whole story in one dialog: state, addresses, config, snapshots, backups, tasks, history and links. */
export function GuestPanel({ guestKey, onClose }: { guestKey: string; onClose(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const lng = useLanguage();
  const slash = guestKey.lastIndexOf('/');
  const cluster = guestKey.slice(0, slash);
  const vmid = Number(guestKey.slice(slash + 1));
  const live = useLab((s) => s.snapshot.proxmox.find((c) => c.name === cluster)?.guests.find((g) => g.vmid === vmid) ?? null);
  const [d, setD] = useState<GuestDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Bumped after a change made from the panel (a snapshot taken): the guest is read again.
  const [reads, setReads] = useState(0);
  const reread = useCallback(() => setReads((n) => n + 1), []);
  useEffect(() => {
    if (!api) return;
    let on = true;
    api.guestDetail({ cluster, vmid }).then(
      (x) => on && setD(x),
      (e: unknown) => on && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      on = false;
    };
  }, [api, cluster, vmid, reads]);
  const name = live?.name ?? d?.name ?? String(vmid);
  return (
    <PanelDialog title={t('guestPanel.title', { name, vmid })} testId="guest-panel" onClose={onClose}>
      {live ? (
        <p data-testid="guest-state">
          {t(`guestStatus.${live.status}`)} · {live.node}
          {live.status === 'running' && live.uptime ? ` · ${t('guestPanel.uptime', { duration: formatDuration(live.uptime, lng) })}` : ''}
        </p>
      ) : null}
      {error ? <p className="text-crit">{t('guestPanel.failed', { error })}</p> : null}
      {d ? (
        <>
          <PanelLinks links={d.links} console={d.consoleUrl} />
          <Addresses d={d} />
          <HistoryCharts cluster={cluster} node={d.node} vmid={vmid} />
          <Story d={d} onChanged={reread} />
        </>
      ) : !error ? (
        <p className="muted">{t('app.loading')}</p>
      ) : null}
    </PanelDialog>
  );
}
