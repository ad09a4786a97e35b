import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PingResult, TailscalePeer } from '../../../shared/tailscale';
import { Empty, Section, StaleMark, StatusDot, TableHead } from '../components/ui';
import { textIn } from '../../../shared/message';
import { wayHomeLine } from '../../../shared/tray-lab';
import { trayText } from '../../../shared/tray-text';
import { formatLatency } from '../../../shared/units';
import { ago } from '../time-text';
import { useLanguage, useNow } from '../hooks';
import { useApi, useLab } from '../store-context';
import { PathStrip } from './path-strip';

export function Network() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const ts = useLab((s) => s.snapshot.tailscale);
  const location = useLab((s) => s.snapshot.location);
  const meta = useLab((s) => s.snapshot.sources.find((x) => x.kind === 'tailscale'));
  const way = useLab((s) => s.snapshot.wayHome);
  // PVE knows first: the router's VM stopped means the router is down, before Tailscale says so.
  const downByPve = useMemo(() => new Set(way?.router?.guest && way.router.guest.status !== 'running' ? [way.router.name] : []), [way]);
  const wayLine = way ? wayHomeLine(trayText(lng), way) : null;
  return (
    <div className="view view-network">
      <div className="view-head">
        <h1 className="view-title">{t('views.network')}</h1>
        {meta?.stale ? <StaleMark error={meta.error} /> : null}
      </div>
      <div className="cards">
        <div className="card">
          <span className="card-label">{t('network.location')}</span>
          <span className="card-value">{location?.atHome === true ? t('network.atHome') : location?.atHome === false ? t('network.away') : t('network.unknown')}</span>
          {location?.reason ? <span className="muted small location-reason">{textIn(lng, location.reasonMsg, location.reason)}</span> : null}
        </div>
        {wayLine ? (
          <div className="card" id="way-home" data-status={wayLine.status}>
            <span className="card-label">{t('network.wayHome')}</span>
            <span className="card-value">
              <StatusDot status={wayLine.status} /> {wayLine.text}
            </span>
          </div>
        ) : null}
        <div className="card">
          <span className="card-label">{t('network.tailscale')}</span>
          <span className="card-value">{ts ? t(`network.backendState.${ts.backendState}`, { defaultValue: ts.backendState }) : t('network.notConfigured')}</span>
          {ts?.self ? <span className="muted small">{`${ts.self.name} · ${ts.self.ip ?? ''}${ts.version ? ` · ${ts.version}` : ''}`}</span> : null}
        </div>
        {ts ? (
          <div className="card">
            <span className="card-label">{t('network.peers')}</span>
            <span className="card-value">{t('network.peerSummary', { online: ts.peers.filter((p) => p.online).length, direct: ts.peers.filter((p) => p.connection === 'direct').length, relay: ts.peers.filter((p) => p.connection === 'relay').length })}</span>
          </div>
        ) : null}
      </div>
      {ts?.health.length ? (
        <ul className="problems">
          {ts.health.map((h) => (
            <li key={h} className="problem problem-warn">
              <StatusDot status="warn" />
              <span>{h}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <Section id="peers" title={t('network.peers')}>
        {ts && ts.peers.length ? <PeerTable peers={ts.peers} downByPve={downByPve} /> : <Empty>{meta?.error ?? t('network.noPeers')}</Empty>}
      </Section>
      <Section id="netcheck" title={t('network.netcheck')}>
        {ts?.netcheck ? (
          <>
            <dl className="kv kv-wide">
              <dt>UDP</dt>
              <dd>{ts.netcheck.udp === null ? '–' : ts.netcheck.udp ? t('common.yes') : t('common.no')}</dd>
              <dt>IPv4</dt>
              <dd>{ts.netcheck.ipv4 ?? '–'}</dd>
              <dt>IPv6</dt>
              <dd>{ts.netcheck.ipv6 ?? '–'}</dd>
              <dt>{t('network.hardNat')}</dt>
              <dd>{ts.netcheck.mappingVariesByDestIP === null ? '–' : ts.netcheck.mappingVariesByDestIP ? t('common.yes') : t('common.no')}</dd>
              <dt>{t('network.portMapping')}</dt>
              <dd>{ts.netcheck.portMapping.length ? ts.netcheck.portMapping.join(', ') : '–'}</dd>
              <dt>{t('network.nearestRelay')}</dt>
              <dd>{ts.netcheck.preferredDerp ?? '–'}</dd>
            </dl>
            {ts.netcheck.explanation ? <p className="explain">{textIn(lng, ts.netcheck.explanationMsg, ts.netcheck.explanation)}</p> : null}
            <div className="derp-list">
              {[...ts.netcheck.derpLatency]
                .sort((a, b) => (a.latencyMs ?? 1e9) - (b.latencyMs ?? 1e9))
                .slice(0, 8)
                .map((d) => (
                  <span key={d.region} className="tag">
                    {d.region} {formatLatency(d.latencyMs)}
                  </span>
                ))}
            </div>
          </>
        ) : (
          <Empty>{t('network.noNetcheck')}</Empty>
        )}
      </Section>
    </div>
  );
}

function PeerTable({ peers, downByPve }: { peers: TailscalePeer[]; downByPve: ReadonlySet<string> }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const api = useApi();
  const now = useNow();
  const [pings, setPings] = useState<Record<string, PingResult | { error: string } | 'busy'>>({});
  const history = useLab((s) => s.snapshot.pathHistory);
  const shown = peers.map((p) => (downByPve.has(p.name) ? { ...p, online: false } : p));
  const sorted = shown.sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name));
  const ping = (peer: string): void => {
    if (!api) return;
    setPings((p) => ({ ...p, [peer]: 'busy' }));
    api.pingPeer({ peer }).then(
      (r) => setPings((p) => ({ ...p, [peer]: r })),
      (err: unknown) => setPings((p) => ({ ...p, [peer]: { error: err instanceof Error ? err.message : String(err) } })),
    );
  };
  return (
    <table className="table-plain">
      <TableHead columns={[t('network.col.peer'), t('network.col.ip'), t('network.col.path'), t('network.col.lastSeen'), t('network.col.roles'), t('network.col.ping')]} />
      <tbody>
        {sorted.map((p) => {
          const r = pings[p.name];
          return (
            <tr key={p.id} className={p.online ? undefined : 'row-dim'}>
              <td>
                <StatusDot status={p.online ? 'ok' : 'unknown'} label={p.online ? t('network.online') : t('network.offline')} /> <strong>{p.name}</strong>
                <span className="muted small"> {p.os}</span>
                {downByPve.has(p.name) ? <span className="tag tag-crit">{t('network.guestStopped')}</span> : null}
              </td>
              <td className="mono">{p.ip ?? '–'}</td>
              <td>
                <PathBadge peer={p} />
                {p.connection === 'direct' && p.endpoint ? <span className="muted small mono"> {p.endpoint}</span> : null}
                {history[p.id] ? <PathStrip events={history[p.id]} now={now} /> : null}
              </td>
              <td>{p.online ? t('network.now') : ago(p.lastSeen, now, lng)}</td>
              <td>
                {p.exitNode ? <span className="tag tag-accent">{t('network.exitNodeActive')}</span> : p.exitNodeOption ? <span className="tag">{t('network.exitNode')}</span> : null}
                {p.routes.map((route) => (
                  <span key={route} className="tag mono" title={t('network.subnetRoute')}>
                    {route}
                  </span>
                ))}
              </td>
              <td className="nowrap">
                <button type="button" className="btn-small" disabled={r === 'busy' || !p.online} onClick={() => ping(p.name)} aria-label={t('network.pingPeer', { name: p.name })}>
                  {t('network.ping')}
                </button>
                {r && r !== 'busy' ? (
                  'error' in r ? (
                    <span className="text-crit small"> {r.error}</span>
                  ) : (
                    <span className="small">
                      {' '}
                      {r.ok ? `${formatLatency(r.latencyMs)} ${r.via === 'relay' ? t('network.viaRelay', { relay: r.relay ?? '?' }) : t('network.viaDirect')}` : textIn(lng, r.messageMsg, r.message)}
                    </span>
                  )
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function PathBadge({ peer }: { peer: TailscalePeer }) {
  const { t } = useTranslation();
  if (!peer.online) return <span className="badge badge-idle">{t('network.offline')}</span>;
  if (peer.connection === 'direct') return <span className="badge badge-direct">{t('network.direct')}</span>;
  if (peer.connection === 'relay') return <span className="badge badge-relay">{t('network.relay', { relay: peer.relay ?? '?' })}</span>;
  return <span className="badge badge-idle">{t('network.idle')}</span>;
}
