import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkText, textIn } from '../../../../shared/message';
import { foldProblems, type ProblemLine } from '../../../../shared/problem-groups';
import type { Snapshot } from '../../../../shared/snapshot';
import type { Check } from '../../../../shared/status';
import { Quoted, Section, StatusDot } from '../../components/ui';
import { useLanguage, useNow } from '../../hooks';
import { checkLink, problems, statusCounts } from '../../selectors';
import { useApi, useLabStore } from '../../store-context';
import type { ViewId } from '../../store';
import { ago } from '../../time-text';

const PROBLEMS_SHOWN = 6;

/** What needs attention, worst first; findings of one kind in numbers are one counted line that opens to list them. */
export function Problems({ snap }: { snap: Snapshot }) {
  const { t } = useTranslation();
  const [showAll, setShowAll] = useState(false);
  const all = problems(snap);
  const lines = foldProblems(all);
  const list = showAll ? lines : lines.slice(0, PROBLEMS_SHOWN);
  const counts = statusCounts(snap.checks);
  return (
    <Section
      id="problems"
      title={all.length ? t('overview.problems', { count: all.length }) : t('overview.allGood')}
      actions={
        <span className="counts">
          {(['crit', 'warn', 'unknown', 'ok'] as const).map((s) => (
            <span key={s} className="count">
              <StatusDot status={s} /> {t(`status.${s}`)} {counts[s]}
            </span>
          ))}
        </span>
      }
    >
      {list.length ? (
        <ul className="problems">
          {list.map((l) => (l.kind === 'one' ? <ProblemItem key={l.check.id} check={l.check} /> : <ProblemGroup key={l.id} line={l} />))}
          {lines.length > PROBLEMS_SHOWN ? (
            <li className="problems-more">
              <button type="button" className="btn-link" aria-expanded={showAll} onClick={() => setShowAll((v) => !v)}>
                {showAll ? t('overview.showFewer') : t('overview.showAll', { count: lines.length - PROBLEMS_SHOWN })}
              </button>
            </li>
          ) : null}
        </ul>
      ) : snap.checks.length ? (
        <p className="all-good">{t('overview.allGoodDetail', { count: snap.checks.length })}</p>
      ) : null}
    </Section>
  );
}

/** The button that takes a finding (or a folded kind) to the view that shows it. */
function OpenButton({ link }: { link: { view: ViewId; query?: string; anchor?: string } }) {
  const { t } = useTranslation();
  const store = useLabStore();
  return (
    <button
      type="button"
      className="btn-link"
      onClick={() => {
        const s = store.getState();
        if (link.query) s.setGuestFilters({ query: link.query });
        s.setView(link.view);
        const el = link.anchor ? document.getElementById(link.anchor) : null;
        el?.scrollIntoView({ block: 'center' });
        el?.focus();
      }}
    >
      {link.view === 'overview' ? t('overview.show') : t('overview.open', { view: t(`views.${link.view}`) })}
    </button>
  );
}

function ProblemItem({ check: c }: { check: Check }) {
  const lng = useLanguage();
  const now = useNow();
  return (
    <li className={`problem problem-${c.status}`}>
      <StatusDot status={c.status} />
      <div className="problem-text">
        <span className="problem-summary">{checkText(lng, c)}</span>
        <ProblemDetail check={c} />
      </div>
      <span className="muted nowrap">{ago(c.observedAt, now, lng)}</span>
      <span className="problem-actions">
        <BackupNow checks={[c]} />
        <OpenButton link={checkLink(c)} />
      </span>
    </li>
  );
}

/** A folded kind: its count, and on request each finding it stands for. */
function ProblemGroup({ line }: { line: Extract<ProblemLine, { kind: 'group' }> }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const [open, setOpen] = useState(false);
  const listId = `problem-${line.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return (
    <li className={`problem problem-${line.status} problem-group`} data-group={line.id}>
      <StatusDot status={line.status} />
      <div className="problem-text">
        <span className="problem-summary">{checkText(lng, line)}</span>
        <button type="button" className="btn-link small" aria-expanded={open} aria-controls={listId} onClick={() => setOpen((v) => !v)}>
          {open ? t('overview.groupHide') : t('overview.groupShow', { count: line.checks.length })}
        </button>
        {open ? (
          <ul id={listId} className="problem-members">
            {line.checks.map((c) => (
              <li key={c.id} className="small">
                <StatusDot status={c.status} /> {checkText(lng, c)}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <span />
      <span className="problem-actions">
        <BackupNow checks={line.checks} />
        <OpenButton link={{ view: line.view as ViewId }} />
      </span>
    </li>
  );
}

/** A finding's detail: the catalogue's sentence in the window's language, or the server's or tool's own text, quoted as it was written. */
function ProblemDetail({ check: c }: { check: Check }) {
  const lng = useLanguage();
  if (c.detail && c.detailMsg) {
    const text = textIn(lng, c.detailMsg, c.detail);
    return (
      <span className="muted problem-detail" title={text}>
        {text}
      </span>
    );
  }
  const raw = c.detail ?? c.error;
  return raw ? <Quoted className="muted problem-detail" text={raw} /> : null;
}

/** The guests that backup findings are about (never backed up, backup too old), per cluster. */
export function backupTargets(checks: readonly Check[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const c of checks) {
    if (c.msg?.key !== 'pve.backupNever' && c.msg?.key !== 'pve.backupOld') continue;
    const m = /^guest:([^/]+)\/(\d+)$/.exec(c.target ?? '');
    if (m) out.set(m[1], [...(out.get(m[1]) ?? []), Number(m[2])]);
  }
  return out;
}

/** Back up now, where the finding is: one guest, or every guest a folded line stands for. */
function BackupNow({ checks }: { checks: readonly Check[] }) {
  const { t } = useTranslation();
  const api = useApi();
  const [state, setState] = useState<'idle' | 'started' | { error: string }>('idle');
  const targets = backupTargets(checks);
  const count = [...targets.values()].reduce((n, v) => n + v.length, 0);
  if (!api || count === 0) return null;
  const run = async (): Promise<void> => {
    setState('started');
    try {
      for (const [cluster, vmids] of targets) await api.startBackup({ cluster, vmids });
    } catch (err) {
      setState({ error: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <>
      <button type="button" className="btn-small" disabled={state === 'started'} onClick={() => void run()}>
        {state === 'started' ? t('overview.backupStarted') : count === 1 ? t('backups.backupNow') : t('overview.backupAll', { count })}
      </button>
      {typeof state === 'object' ? <span className="text-crit small">{state.error}</span> : null}
    </>
  );
}
