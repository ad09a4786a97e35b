import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { trayMenu, type MenuItem, type TrayCommand } from '../../../shared/tray';
import { guardQuestion, type GuardQuestion } from '../../../shared/tray-lab';
import { trayText } from '../../../shared/tray-text';
import { StatusDot } from '../components/ui';
import { useLanguage } from '../hooks';
import { popoverItems, runPopoverCommand, windowHash } from '../popover';
import { useApi, useLab } from '../store-context';

type Run = (c: TrayCommand) => void;

/**
 * The tray popover (about 380×560, anchored at the tray icon): the tray menu's
 * model as buttons and colours. Guarded actions ask here, in place; Escape
 * closes the popover window in the app.
 */
export function Popover() {
  const { t } = useTranslation();
  const api = useApi();
  const lng = useLanguage();
  const snap = useLab((s) => s.snapshot);
  const inApp = useLab((s) => s.connection === 'ipc');
  const [ask, setAsk] = useState<{ c: TrayCommand; q: GuardQuestion } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const model = useMemo(
    () => trayMenu(snap, { favourites: snap.prefs.favourites, favouriteTag: snap.prefs.favouriteTag, backupSets: [], quietUntil: null, now: Date.parse(snap.takenAt), language: lng }),
    [snap, lng],
  );
  const items = useMemo(() => popoverItems(model.items), [model]);

  useEffect(() => {
    if (!inApp) return;
    const key = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') window.close();
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, [inApp]);

  if (!api) return null;
  const show = (target?: string): void => {
    window.location.hash = windowHash(window.location.hash, target);
  };
  const go = (c: TrayCommand): void => {
    setError(null);
    runPopoverCommand(api, c, show).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  const run: Run = (c) => {
    if (c.type === 'guestAction' && c.guard) {
      setAsk({ c, q: guardQuestion(trayText(lng), { name: c.name, action: c.action, guard: c.guard }, snap.wayHome?.where) });
      return;
    }
    go(c);
  };

  return (
    <div className="popover" aria-label={t('popover.label')}>
      {error ? (
        <p className="popover-error" role="alert">
          {error}
        </p>
      ) : null}
      {ask ? (
        <Ask
          q={ask.q}
          onCancel={() => setAsk(null)}
          onConfirm={() => {
            setAsk(null);
            go(ask.c);
          }}
        />
      ) : (
        <div className="popover-body">
          {items.map((i) => (
            <Item key={i.id} item={i} run={run} />
          ))}
        </div>
      )}
    </div>
  );
}

function Item({ item, run }: { item: MenuItem; run: Run }) {
  if (item.kind === 'separator') return <hr className="popover-sep" />;
  if (item.kind === 'submenu') {
    return (
      <section className="popover-group" aria-label={item.label} data-id={item.id}>
        <div className="popover-group-label">
          {item.status ? <StatusDot status={item.status} /> : null}
          <span>{item.label}</span>
        </div>
        <div className="popover-actions">
          {item.items.map((c) =>
            c.kind === 'item' && !c.enabled && c.command ? (
              // A guest's actions that its state rules out are left out; elsewhere (an awake host) the line still informs.
              item.id.startsWith('fav:') ? null : (
                <span key={c.id} className="popover-note" data-id={c.id}>
                  {c.label}
                </span>
              )
            ) : (
              <Item key={c.id} item={c} run={run} />
            ),
          )}
        </div>
      </section>
    );
  }
  const command = item.command;
  if (!command && !item.enabled) return <h2 className="popover-heading">{item.label}</h2>;
  return (
    <button type="button" className={`popover-item${item.id === 'summary' ? ' popover-summary' : ''}`} data-id={item.id} disabled={!item.enabled || !command} onClick={command ? () => run(command) : undefined}>
      {item.status ? <StatusDot status={item.status} /> : null}
      <span>{item.label}</span>
    </button>
  );
}

/** The question before a guarded action, in place of the list; Cancel has the focus. */
function Ask({ q, onCancel, onConfirm }: { q: GuardQuestion; onCancel(): void; onConfirm(): void }) {
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div className="popover-ask" role="alertdialog" aria-labelledby="popover-ask-title">
      <h2 id="popover-ask-title">{q.title}</h2>
      {q.lines.map((l) => (
        <p key={l}>{l}</p>
      ))}
      <div className="dialog-actions">
        <button type="button" ref={cancel} onClick={onCancel}>
          {q.cancel}
        </button>
        <button type="button" className="btn-danger" onClick={onConfirm}>
          {q.confirm}
        </button>
      </div>
    </div>
  );
}
