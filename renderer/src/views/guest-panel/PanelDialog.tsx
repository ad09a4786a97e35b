import { useEffect, useRef, type ReactNode, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebLink } from '../../../../shared/config';
import { checkText } from '../../../../shared/message';
import type { Check } from '../../../../shared/status';
import { StatusDot } from '../../components/ui';
import { useLanguage } from '../../hooks';

/** The frame every item panel shares (guest, node, SSH host): a modal dialog with its title and a close button, usable at 720×480. */
export function PanelDialog({ title, testId, onClose, children }: { title: string; testId: string; onClose(): void; children: ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  // React passes a nested dialog's close and cancel (a question asked from inside the panel) up its tree: only the panel's own end it.
  const own = (e: SyntheticEvent<HTMLDialogElement>): void => {
    if (e.target === e.currentTarget) onClose();
  };
  return (
    <dialog ref={ref} className="dialog guest-panel" data-testid={testId} aria-labelledby={`${testId}-title`} onClose={own} onCancel={own}>
      <div className="guest-panel-head">
        <h2 id={`${testId}-title`}>{title}</h2>
        <button type="button" className="btn-small" onClick={() => ref.current?.close()} aria-label={t('guestPanel.close')}>
          ✕
        </button>
      </div>
      {children}
    </dialog>
  );
}

/** An item's web UIs (`links:` in the config) and, for a guest, its console. */
export function PanelLinks({ links, console: consoleUrl }: { links: readonly WebLink[]; console?: string | null }) {
  const { t } = useTranslation();
  if (!links.length && !consoleUrl) return null;
  return (
    <nav className="panel-links" aria-label={t('guestPanel.links')}>
      {consoleUrl ? (
        <a href={consoleUrl} target="_blank" rel="noreferrer">
          {t('guestPanel.console')}
        </a>
      ) : null}
      {links.map((l) => (
        <a key={l.url} href={l.url} target="_blank" rel="noreferrer" title={l.url}>
          {l.name}
        </a>
      ))}
    </nav>
  );
}

/** Findings as the Overview words them, worst first; `empty` when there are none. */
export function PanelFindings({ title, checks, empty, testId }: { title: string; checks: readonly Check[]; empty: string; testId: string }) {
  const lng = useLanguage();
  const order = { crit: 0, warn: 1, unknown: 2, ok: 3 } as Record<string, number>;
  const sorted = [...checks].sort((a, b) => (order[a.status] ?? 9) - (order[b.status] ?? 9));
  return (
    <section className="panel-section" aria-label={title} data-testid={testId}>
      <h3>{title}</h3>
      {sorted.length ? (
        <ul className="panel-list">
          {sorted.map((c) => (
            <li key={c.id} data-status={c.status}>
              <StatusDot status={c.status} /> {checkText(lng, c)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{empty}</p>
      )}
    </section>
  );
}
