import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Status } from '../../../shared/status';
import type { TaskInfo } from '../../../shared/tasks';
import { Empty, Section, StatusDot, TableHead } from '../components/ui';
import { checkText } from '../../../shared/message';
import { formatBytes, formatPercent } from '../../../shared/units';
import { ago } from '../time-text';
import { useLanguage, useNow } from '../hooks';
import { backupHistory, freshnessRows, type GuestRow } from '../selectors';
import { useApi, useLab, useLabStore } from '../store-context';

export function Backups() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const api = useApi();
  const store = useLabStore();
  const snap = useLab((s) => s.snapshot);
  const now = useNow();
  const [busy, setBusy] = useState<Record<string, boolean>>({});
  const rows = useMemo(() => freshnessRows(snap, now), [snap, now]);
  const running = snap.tasks.filter((x) => x.kind === 'backup' && x.state === 'running');
  const history = useMemo(() => backupHistory(snap).slice(0, 50), [snap]);
  const jobs = snap.proxmox.flatMap((c) => c.backupJobs.map((j) => ({ ...j, cluster: c.name })));

  const backupNow = (cluster: string, vmid: number): void => {
    if (!api) return;
    const key = `${cluster}/${vmid}`;
    setBusy((b) => ({ ...b, [key]: true }));
    api
      .startBackup({ cluster, vmids: [vmid] })
      .catch((err: unknown) =>
        store.getState().pushNotice({ id: `backup-${key}-${Date.now()}`, level: 'warn', title: t('backups.failedToStart'), body: err instanceof Error ? err.message : String(err), at: new Date().toISOString() }),
      )
      .finally(() => setBusy((b) => ({ ...b, [key]: false })));
  };

  if (!snap.proxmox.length) {
    return (
      <div className="view view-backups">
        <h1 className="view-title">{t('views.backups')}</h1>
        <Empty>{t('guests.noCluster')}</Empty>
      </div>
    );
  }
  return (
    <div className="view view-backups">
      <h1 className="view-title">{t('views.backups')}</h1>
      <Section id="running-backups" title={t('backups.running')}>
        {running.length ? (
          <ul className="task-list">
            {running.map((task) => (
              <li key={task.id}>
                <span className="spinner" aria-hidden="true" /> {task.target}
                <progress max={1} value={task.progress ?? undefined} aria-label={t('backups.progressOf', { target: task.target })} />
                <span className="muted">{task.progress !== null ? formatPercent(task.progress) : ''}</span>
              </li>
            ))}
          </ul>
        ) : (
          <Empty>{t('backups.noneRunning')}</Empty>
        )}
      </Section>
      <Section id="freshness" title={t('backups.freshness')}>
        <FreshnessTable rows={rows} running={running} busy={busy} now={now} onBackup={backupNow} />
      </Section>
      <Section id="jobs" title={t('backups.jobs')}>
        {jobs.length ? (
          <table className="table-plain">
            <TableHead columns={[t('backups.col.job'), t('backups.col.schedule'), t('backups.col.guests'), t('backups.col.storage'), t('backups.col.next')]} />
            <tbody>
              {jobs.map((j) => (
                <tr key={`${j.cluster}/${j.id}`} className={j.enabled ? undefined : 'row-dim'}>
                  <td>
                    {j.id} {j.enabled ? null : <span className="tag">{t('backups.disabled')}</span>}
                  </td>
                  <td className="mono">{j.schedule}</td>
                  <td>{j.vmids === 'all' ? t('backups.allGuests') : j.vmids.join(', ')}</td>
                  <td>{j.storage ?? '–'}</td>
                  <td>{j.nextRun ? ago(j.nextRun * 1000, now, lng) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>{t('backups.noJobs')}</Empty>
        )}
      </Section>
      <Section id="history" title={t('backups.history')}>
        {history.length ? (
          <table className="table-plain">
            <TableHead columns={[t('backups.col.when'), t('guests.col.vmid'), t('backups.col.storage'), t('backups.col.size'), t('backups.col.verified')]} />
            <tbody>
              {history.map((b) => (
                <tr key={b.volid}>
                  <td title={new Date(b.ctime * 1000).toLocaleString(lng)}>{ago(b.ctime * 1000, now, lng)}</td>
                  <td className="mono">{b.vmid}</td>
                  <td>
                    {b.storage} <span className="muted small">{b.node}</span>
                  </td>
                  <td className="num">{formatBytes(b.size)}</td>
                  <td>
                    <StatusDot status={b.verification === 'ok' ? 'ok' : b.verification === 'failed' ? 'crit' : 'unknown'} label={t(`backups.verification.${b.verification}`)} /> {t(`backups.verification.${b.verification}`)}
                    {b.protected ? <span className="tag">{t('backups.protected')}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>{t('backups.noHistory')}</Empty>
        )}
      </Section>
    </div>
  );
}

/** Fixed row height (CSS sets the same): the virtualiser places rows without measuring them. */
const FRESH_ROW = 34;

interface FreshnessProps {
  rows: (GuestRow & { freshness: Status })[];
  running: TaskInfo[];
  busy: Record<string, boolean>;
  now: number;
  onBackup(cluster: string, vmid: number): void;
}

/**
 * Freshness per guest as a real table whose off-screen rows are not rendered:
 * spacer rows keep the scroll height, aria-rowcount/rowindex keep the count for
 * screen readers, and the scroll box takes focus so the keyboard can scroll it.
 */
function FreshnessTable({ rows, running, busy, now, onBackup }: FreshnessProps) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const parent = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser's functions are read during render on purpose
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => FRESH_ROW, overscan: 8 });
  const items = virtual.getVirtualItems();
  const padTop = items.length ? items[0].start : 0;
  const padBottom = items.length ? virtual.getTotalSize() - items[items.length - 1].end : 0;
  const runningKeys = useMemo(() => new Set(running.map((x) => x.targetRef)), [running]);
  return (
    <div ref={parent} className="freshness-scroll" tabIndex={0} role="region" aria-label={t('backups.freshnessOf', { count: rows.length })}>
      <table className="table-plain table-fixed freshness-table" aria-rowcount={rows.length + 1}>
        <colgroup>
          <col />
          <col className="w-node" />
          <col className="w-last" />
          <col className="w-action" />
        </colgroup>
        <TableHead rowIndex={1} columns={[t('guests.col.name'), t('guests.col.node'), t('backups.last'), t('guests.col.actions')]} />
        <tbody>
          {padTop > 0 ? (
            <tr className="spacer" aria-hidden="true">
              <td colSpan={4} style={{ height: padTop }} />
            </tr>
          ) : null}
          {items.map((v) => {
            const r = rows[v.index];
            const f = r.freshness;
            const locked = r.guest.lock === 'backup' || runningKeys.has(`guest:${r.key}`);
            return (
              <tr key={r.key} data-guest={r.key} data-freshness={f} aria-rowindex={v.index + 2}>
                <td className="ellipsis" title={r.guest.name}>
                  <StatusDot status={f} label={t(`backups.fresh.${f}`)} /> <span className="mono muted">{r.guest.vmid}</span> {r.guest.name}
                </td>
                <td className="ellipsis">{r.guest.node}</td>
                <td className={`ellipsis text-${f}`} title={r.backupCheck ? checkText(lng, r.backupCheck) : undefined}>
                  {r.lastBackup ? ago(r.lastBackup * 1000, now, lng) : t('backups.never')}
                </td>
                <td>
                  <button type="button" className="btn-small" disabled={busy[r.key] || locked} onClick={() => onBackup(r.cluster, r.guest.vmid)} aria-label={t('backups.backupNowName', { name: r.guest.name })}>
                    {locked ? t('backups.inProgress') : t('backups.backupNow')}
                  </button>
                </td>
              </tr>
            );
          })}
          {padBottom > 0 ? (
            <tr className="spacer" aria-hidden="true">
              <td colSpan={4} style={{ height: padBottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
