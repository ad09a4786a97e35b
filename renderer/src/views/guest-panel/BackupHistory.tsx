import { useTranslation } from 'react-i18next';
import type { JudgedBackup } from '../../../../shared/backup-history';
import { formatBytes, formatDuration } from '../../../../shared/units';
import { useLanguage } from '../../hooks';
import { dateTime } from '../../time-text';

/** A guest's last backups, newest first: a bar for each size (against the largest shown), the duration, and what stands out. */
export function BackupHistory({ runs }: { runs: JudgedBackup[] }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const largest = Math.max(1, ...runs.map((r) => r.size ?? 0));
  return (
    <ul className="panel-list backup-history" data-testid="backup-history">
      {runs.map((b) => (
        <li key={b.volid} title={b.volid} className={b.oddities.length ? 'backup-odd' : undefined} data-odd={b.oddities.length ? 'true' : undefined}>
          <span className="backup-when">{dateTime(b.ctime * 1000, lng)}</span>
          <span className="backup-bar" aria-hidden="true">
            <span style={{ width: `${Math.round(((b.size ?? 0) / largest) * 100)}%` }} />
          </span>
          <span className="muted">
            {formatBytes(b.size)}
            {b.durationS !== null ? ` · ${t('guestPanel.backupTook', { duration: formatDuration(b.durationS, lng) })}` : ''} · {b.storage}
          </span>
          {b.oddities.map((o) => (
            <span key={o.kind} className="backup-oddity text-warn">
              ⚠ {o.kind === 'shrank' ? t('guestPanel.backupShrank', { usual: formatBytes(o.usual) }) : t('guestPanel.backupSlow', { ratio: o.ratio.toFixed(1), usual: formatDuration(o.usual, lng) })}
            </span>
          ))}
        </li>
      ))}
    </ul>
  );
}
