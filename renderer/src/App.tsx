import { useEffect, useRef, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { i18nFor } from '../../shared/i18n';
import { pickLanguage } from '../../shared/language';
import { useApi, useLab, useLabStore } from './store-context';
import { viewIds, type ViewId } from './store';
import { StaleMark, StatusDot } from './components/ui';
import type { Snapshot } from '../../shared/snapshot';
import { languageChoice, problems, themeChoice } from './selectors';
import { ago } from './time-text';
import { coreLost, watchCore } from './liveness';
import { useLanguage, useNow } from './hooks';
import { findAnchor, parseFocus, type FocusRequest } from './focus';
import { Overview } from './views/Overview';
import { Guests } from './views/Guests';
import { Network } from './views/Network';
import { Kubernetes } from './views/Kubernetes';
import { Backups } from './views/Backups';
import { Tasks } from './views/Tasks';
import { Power } from './views/Power';
import { Settings } from './views/Settings';
import { Popover } from './views/Popover';
import { Welcome } from './views/Welcome';
import { surfaceOf } from './popover';

const views: Record<ViewId, () => React.JSX.Element> = {
  overview: Overview,
  guests: Guests,
  network: Network,
  kubernetes: Kubernetes,
  backups: Backups,
  tasks: Tasks,
  power: Power,
  settings: Settings,
};

/** The window in the language the user chose (the snapshot's prefs): a choice made in the tray or the config file shows here too. */
export function App() {
  const lng = pickLanguage(useLab(languageChoice), navigator.languages);
  useEffect(() => {
    document.documentElement.lang = lng;
  }, [lng]);
  return (
    <I18nextProvider i18n={i18nFor(lng)}>
      <Surface />
    </I18nextProvider>
  );
}

/** Snapshots, notices and the core's liveness; `reportVisibility`: this page is the window whose visibility sets the poll pace (the popover is not). */
function useLabEvents(reportVisibility: boolean): void {
  const api = useApi();
  const store = useLabStore();
  useEffect(() => {
    if (!api) return;
    const received = (snap: Snapshot): void => {
      store.getState().markContact(Date.now());
      store.getState().setSnapshot(snap);
    };
    const offs = [api.on('snapshot', received), api.on('notice', (n) => store.getState().pushNotice(n)), watchCore(api, store)];
    api.getSnapshot(undefined).then(received, (err: unknown) => console.error('labtray: cannot read the snapshot', err));
    const visible = (): void => {
      if (!reportVisibility) return;
      api.setWindowVisible({ visible: document.visibilityState === 'visible' }).catch((err: unknown) => console.warn('labtray: setWindowVisible failed', err));
    };
    document.addEventListener('visibilitychange', visible);
    return () => {
      offs.forEach((off) => off());
      document.removeEventListener('visibilitychange', visible);
    };
  }, [api, store, reportVisibility]);
}

function useTheme(): void {
  const theme = useLab(themeChoice);
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
}

/**
 * `#focus=<target>` (the Electron main opens the window with it, e.g. from a
 * notification): shows the target's view, then scrolls to the item and marks it.
 */
function useFocusFromHash(): void {
  const store = useLabStore();
  const version = useLab((s) => s.snapshot.version);
  const view = useLab((s) => s.view);
  const seq = useLab((s) => s.focus?.seq);
  const pendingAnchor = useRef<FocusRequest | null>(null);
  useEffect(() => {
    const apply = (): void => {
      const req = parseFocus(window.location.hash);
      if (!req) return;
      const s = store.getState();
      s.setView(req.view);
      s.setFocus(req.target);
      pendingAnchor.current = req.anchor ? req : null;
    };
    apply();
    window.addEventListener('hashchange', apply);
    return () => window.removeEventListener('hashchange', apply);
  }, [store]);
  // The item exists only once the snapshot that holds it is painted: try again on each new one until found.
  useEffect(() => {
    const req = pendingAnchor.current;
    if (!req || version === 0 || view !== req.view) return;
    const el = findAnchor(document, req);
    if (!el) return;
    pendingAnchor.current = null;
    document.querySelectorAll('[data-focused="true"]').forEach((o) => o.removeAttribute('data-focused'));
    el.dataset.focused = 'true';
    el.scrollIntoView({ block: 'center' });
    el.focus({ preventScroll: true });
  }, [version, view, seq]);
}

/** The window, or the tray popover (`#surface=popover`); both follow the Lab's events and the theme. */
function Surface() {
  const [surface, setSurface] = useState(() => surfaceOf(window.location.hash));
  useLabEvents(surface === 'window');
  useTheme();
  useEffect(() => {
    const follow = (): void => setSurface(surfaceOf(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return surface === 'popover' ? <Popover /> : <Shell />;
}

function Shell() {
  const { t } = useTranslation();
  useFocusFromHash();
  const view = useLab((s) => s.view);
  const setView = useLab((s) => s.setView);
  const api = useApi();
  const View = views[view];
  const lost = useLab(coreLost);
  const welcome = useLab((s) => s.snapshot.welcome === true);
  if (!api) {
    return (
      <main className="no-api">
        <h1>LabTray</h1>
        <p>{t('app.noApi')}</p>
      </main>
    );
  }
  if (welcome) return <Welcome />;
  return (
    <div className={lost ? 'app app-stale' : 'app'} data-stale={lost ? 'true' : undefined}>
      <nav className="sidebar" aria-label={t('app.views')}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          LabTray
        </div>
        <ul>
          {viewIds.map((v) => (
            <li key={v}>
              <button type="button" className="nav-item" aria-current={v === view ? 'page' : undefined} onClick={() => setView(v)}>
                {t(`views.${v}`)}
                <NavBadge view={v} />
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="main-col">
        <TopBar />
        <main className="content" id="main" tabIndex={0} aria-label={t(`views.${view}`)}>
          <View />
        </main>
      </div>
      <Notices />
    </div>
  );
}

function NavBadge({ view }: { view: ViewId }) {
  const { t } = useTranslation();
  const count = useLab((s) => (view === 'overview' ? problems(s.snapshot).length : view === 'tasks' ? s.snapshot.tasks.filter((x) => x.state === 'running').length : 0));
  if (!count) return null;
  return (
    <span className={`nav-count ${view === 'overview' ? 'nav-count-warn' : ''}`} aria-label={t(view === 'overview' ? 'app.problemCount' : 'app.runningCount', { count })}>
      {count}
    </span>
  );
}

function TopBar() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const api = useApi();
  const notSetUp = useLab((s) => s.snapshot.notSetUp === true && !s.snapshot.demo);
  // Nothing to watch yet is not "All good": until a cluster or host is added the top bar says the lab is not set up.
  const status = useLab((s) => (notSetUp ? 'unknown' : s.snapshot.status));
  const takenAt = useLab((s) => s.snapshot.takenAt);
  const version = useLab((s) => s.snapshot.version);
  const demo = useLab((s) => s.snapshot.demo);
  const paused = useLab((s) => s.snapshot.paused);
  const lost = useLab(coreLost);
  const lastContactAt = useLab((s) => s.lastContactAt);
  const now = useNow(lost ? 5_000 : 15_000);
  const [busy, setBusy] = useState(false);
  return (
    <header className="topbar">
      <div className="rollup">
        <StatusDot status={status} />
        <span className="rollup-text">{version === 0 ? t('app.loading') : notSetUp ? t('rollup.notSetUp') : t(`rollup.${status}`)}</span>
        {lost ? <StaleMark error={null} /> : null}
        {demo ? <span className="tag tag-demo">{t('app.demo')}</span> : null}
        {paused ? <span className="tag">{t('app.paused')}</span> : null}
      </div>
      <div className="topbar-right">
        {lost ? (
          <span className="tag tag-crit connection-lost" role="status" title={lastContactAt ? new Date(lastContactAt).toISOString() : undefined}>
            {t('app.disconnectedSince', { when: ago(lastContactAt, now, lng) })}
          </span>
        ) : (
          <span className="muted" title={takenAt}>
            {version ? t('app.updated', { when: ago(takenAt, now, lng) }) : null}
          </span>
        )}
        <button type="button" onClick={() => api?.setPaused({ paused: !paused }).catch((err: unknown) => console.warn(err))}>
          {paused ? t('app.resume') : t('app.pause')}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            api
              ?.refresh(undefined)
              .catch((err: unknown) => console.warn(err))
              .finally(() => setBusy(false));
          }}
        >
          {t('app.refresh')}
        </button>
      </div>
    </header>
  );
}

function Notices() {
  const notices = useLab((s) => s.notices);
  const dismiss = useLab((s) => s.dismissNotice);
  const { t } = useTranslation();
  if (!notices.length) return null;
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.level}`}>
          <strong>{n.title}</strong>
          <span>{n.body}</span>
          <button type="button" className="btn-link" onClick={() => dismiss(n.id)} aria-label={t('common.dismiss')}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
