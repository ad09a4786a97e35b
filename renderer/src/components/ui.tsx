import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Status } from '../../../shared/status';

/** A coloured dot with the status spelled out for screen readers. */
export function StatusDot({ status, label }: { status: Status; label?: string }) {
  const { t } = useTranslation();
  return <span className={`dot dot-${status}`} role="img" aria-label={label ?? t(`status.${status}`)} title={label ?? t(`status.${status}`)} />;
}

export function StatusPill({ status, children }: { status: Status; children?: ReactNode }) {
  const { t } = useTranslation();
  return <span className={`pill pill-${status}`}>{children ?? t(`status.${status}`)}</span>;
}

/** A thin usage bar; turns amber and red near the limit, or takes the colour of the check that judged it (`status`). */
export function Meter({ ratio, label, text, status, title }: { ratio: number | null; label: string; text: string; status?: Status; title?: string }) {
  const r = ratio === null || !Number.isFinite(ratio) ? null : Math.max(0, Math.min(1, ratio));
  const level = r === null ? 'unknown' : (status ?? (r >= 0.9 ? 'crit' : r >= 0.75 ? 'warn' : 'ok'));
  return (
    <div className="meter-row" title={title}>
      <span className="meter-label">{label}</span>
      {r === null ? (
        <span className="meter meter-unknown" aria-hidden="true" />
      ) : (
        <span className={`meter meter-${level}`} role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(r * 100)} aria-valuetext={text}>
          <span className="meter-fill" style={{ width: `${r * 100}%` }} />
        </span>
      )}
      <span className="meter-text">{text}</span>
    </div>
  );
}

export function Section({ title, actions, children, id }: { title: ReactNode; actions?: ReactNode; children: ReactNode; id?: string }) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section className="section" aria-labelledby={headingId} id={id}>
      <header className="section-head">
        <h2 id={headingId}>{title}</h2>
        {actions ? <div className="section-actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

/** A table's header row of column headings. */
/** A table's header row; `rowIndex` when the body is windowed (aria-rowindex on every row). */
export function TableHead({ columns, rowIndex }: { columns: ReactNode[]; rowIndex?: number }) {
  return (
    <thead>
      <tr aria-rowindex={rowIndex}>
        {columns.map((c, i) => (
          <th key={i} scope="col">
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** Text a server or tool wrote, shown as written (in its own language) and marked as a quotation. */
export function Quoted({ text, className }: { text: string; className?: string }) {
  const { t } = useTranslation();
  return (
    <q className={`quoted${className ? ` ${className}` : ''}`} title={t('common.quoted')}>
      {text}
    </q>
  );
}

export function StaleMark({ error }: { error: string | null }) {
  const { t } = useTranslation();
  return (
    <span className="stale" title={error ?? undefined}>
      {t('common.stale')}
    </span>
  );
}

/** A modal question with a default of "no": Escape or Cancel closes it. */
export function ConfirmDialog({ open, title, body, confirm, danger, onConfirm, onClose }: { open: boolean; title: string; body: ReactNode; confirm: string; danger?: boolean; onConfirm(): void; onClose(): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  // Several dialogs may sit on one page (Settings asks before removing a cluster or a host): each names itself.
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onClose={onClose} onCancel={onClose}>
      <h2 id={titleId}>{title}</h2>
      <div className="dialog-body">{body}</div>
      <div className="dialog-actions">
        <button type="button" autoFocus onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className={danger ? 'btn-danger' : 'btn-primary'}
          onClick={() => {
            onConfirm();
            onClose();
          }}
        >
          {confirm}
        </button>
      </div>
    </dialog>
  );
}
