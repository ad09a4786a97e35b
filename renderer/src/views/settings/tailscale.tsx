import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../../shared/api';
import { subnetRoutes, type TailscalePeer } from '../../../../shared/tailscale';
import { Empty, Section } from '../../components/ui';
import { useApi, useLab } from '../../store-context';
import { message, SaveNote, useSave, type SaveState } from './parts';

/** Peers that route into a LAN first (the likely subnet routers), then by name. */
function byRouterFirst(a: TailscalePeer, b: TailscalePeer): number {
  const ra = subnetRoutes(a).length > 0 ? 0 : 1;
  const rb = subnetRoutes(b).length > 0 ? 0 : 1;
  return ra - rb || a.name.localeCompare(b.name);
}

/**
 * Settings → Tailscale: where the CLI and the daemon's socket were found (changed only in the config file), the
 * subnet router into the home LAN and the peers to ping, chosen among the peers the tailnet has now.
 */
export function TailscaleSettings({ view, reload }: { view: SettingsView; reload(): void }) {
  const { t } = useTranslation();
  const section = view.config.tailscale;
  const detected = view.tailscale;
  return (
    <Section id="tailscale-settings" title={t('tsSettings.title')}>
      {detected ? (
        <>
          <dl className="detected small">
            <dt>{t('tsSettings.cli')}</dt>
            <dd className="mono">{detected.cli ?? t('tsSettings.notFound')}</dd>
            <dt>{t('tsSettings.socket')}</dt>
            <dd className="mono">
              {detected.socket}
              {detected.socketFound === false ? ` (${t('tsSettings.notFound')})` : ''}
            </dd>
          </dl>
          <p className="muted small">{t('tsSettings.lockedNote')}</p>
        </>
      ) : null}
      {section ? <TailscaleChoice key={JSON.stringify([section.subnetRouter ?? null, section.pinned ?? []])} subnetRouter={section.subnetRouter} pinned={section.pinned ?? []} reload={reload} /> : <UseTailscale detected={detected?.detected ?? false} reload={reload} />}
    </Section>
  );
}

function UseTailscale({ detected, reload }: { detected: boolean; reload(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [state, setState] = useState<SaveState | null>(null);
  if (!detected) return <Empty>{t('tsSettings.notDetected')}</Empty>;
  return (
    <div className="form-actions">
      <p className="small">{t('tsSettings.offer')}</p>
      <button type="button" data-testid="tailscale-use" onClick={() => api?.saveTailscale({ pinned: [] }).then(reload, (e: unknown) => setState({ ok: false, text: message(e) }))}>
        {t('tsSettings.use')}
      </button>{' '}
      <SaveNote state={state} />
    </div>
  );
}

function TailscaleChoice({ subnetRouter, pinned, reload }: { subnetRouter: string | undefined; pinned: string[]; reload(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const peers = useLab((s) => s.snapshot.tailscale?.peers);
  const sorted = [...(peers ?? [])].sort(byRouterFirst);
  const [router, setRouter] = useState(subnetRouter ?? '');
  const [ping, setPing] = useState<string[]>(pinned);
  const { busy, state, run } = useSave(reload);
  // A name in the config the tailnet does not list now stays visible (and can be unticked).
  const names = [...sorted.map((p) => p.name), ...pinned.filter((n) => !sorted.some((p) => p.name === n))];
  const save = (): void => {
    if (api) run(() => api.saveTailscale({ ...(router ? { subnetRouter: router } : {}), pinned: ping }));
  };
  if (!peers) return <Empty>{t('tsSettings.noPeers')}</Empty>;
  return (
    <>
      <div className="form-grid">
        <label htmlFor="subnet-router">{t('tsSettings.router')}</label>
        <select id="subnet-router" data-testid="subnet-router" value={router} onChange={(e) => setRouter(e.target.value)}>
          <option value="">{t('tsSettings.routerNone')}</option>
          {subnetRouter && !sorted.some((p) => p.name === subnetRouter) ? <option value={subnetRouter}>{subnetRouter}</option> : null}
          {sorted.map((p) => (
            <option key={p.id} value={p.name}>
              {subnetRoutes(p).length ? t('tsSettings.routes', { name: p.name, routes: subnetRoutes(p).join(', ') }) : p.name}
            </option>
          ))}
        </select>
      </div>
      <p className="small">{t('tsSettings.pingTitle')}</p>
      <ul className="choice-list">
        {names.map((n) => (
          <li key={n}>
            <label>
              <input type="checkbox" data-testid={`ping-peer-${n}`} checked={ping.includes(n)} onChange={(e) => setPing((x) => (e.target.checked ? [...x, n] : x.filter((y) => y !== n)))} /> {n}
            </label>
          </li>
        ))}
      </ul>
      <div className="form-actions">
        <button type="button" className="btn-primary" data-testid="tailscale-save" disabled={busy} onClick={save}>
          {t('settings.save')}
        </button>{' '}
        <SaveNote state={state} />
      </div>
    </>
  );
}
