import { useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Snapshot } from '../../../shared/snapshot';
import { worst } from '../../../shared/status';
import { Empty, Section, StaleMark, StatusDot, StatusPill } from '../components/ui';
import { hostCard, hostsOnNodes, nodeCard, nodeCardChecks } from '../selectors';
import { useLab } from '../store-context';
import { coreLost } from '../liveness';
import { HostTile, NodeTile } from './overview/cards';
import { Problems } from './overview/problems';
import { HostPanel, NodePanel } from './guest-panel/MachinePanel';

export function Overview() {
  const { t } = useTranslation();
  const snap = useLab((s) => s.snapshot);
  // Without the core every figure is as old as the last update: each card says so.
  const lost = useLab(coreLost);
  const empty = !snap.proxmox.length && !snap.kubernetes.length && !snap.hosts.length && !snap.tailscale;
  const onNodes = hostsOnNodes(snap);
  const hosts = snap.hosts.filter((h) => !onNodes.has(h.name));
  // A node's or host's panel, opened by clicking its card's name (one listener for every card).
  const [panel, setPanel] = useState<{ node: string } | { host: string } | null>(null);
  const onClick = (e: MouseEvent<HTMLElement>): void => {
    const el = (e.target as HTMLElement).closest('[data-open-node],[data-open-host]');
    const node = el?.getAttribute('data-open-node');
    const host = el?.getAttribute('data-open-host');
    if (node) setPanel({ node });
    else if (host) setPanel({ host });
  };
  return (
    <div className="view view-overview" onClick={onClick}>
      {panel && 'node' in panel ? <NodePanel key={panel.node} nodeKey={panel.node} onClose={() => setPanel(null)} /> : null}
      {panel && 'host' in panel ? <HostPanel key={panel.host} host={panel.host} onClose={() => setPanel(null)} /> : null}
      <h1 className="view-title">{t('views.overview')}</h1>
      {/* An empty lab has no problems to count: "Everything is healthy" would say more than is known. */}
      {empty ? null : <Problems snap={snap} />}
      {empty ? <Empty>{snap.version === 0 ? t('app.loading') : t('overview.nothing')}</Empty> : null}
      {snap.proxmox.map((c) => {
        const meta = snap.sources.find((s) => s.id === `proxmox:${c.name}`);
        return (
          <Section
            key={c.name}
            id={`cluster-${c.name}`}
            title={
              <>
                {t('overview.cluster', { name: c.clusterName ?? c.name })}
                {meta?.stale || lost ? <StaleMark error={meta?.error ?? null} /> : null}
              </>
            }
            actions={<ClusterSummary snap={snap} cluster={c.name} />}
          >
            {c.nodes.length ? (
              <div className="tiles">
                {c.nodes.map((n) => (
                  <NodeTile
                    key={n.name}
                    cluster={c.name}
                    node={n}
                    card={nodeCard(snap, c.name, n)}
                    checks={nodeCardChecks(snap, c.name, n)}
                    stale={lost || !!meta?.stale}
                    staleError={meta?.error}
                    guests={c.guests.filter((g) => g.node === n.name && !g.template)}
                    storages={c.storages.filter((st) => st.node === n.name).sort((a, b) => a.storage.localeCompare(b.storage))}
                    disks={c.disks.filter((d) => d.node === n.name)}
                  />
                ))}
              </div>
            ) : (
              <Empty>{meta?.error ? meta.error : t('overview.noNodes')}</Empty>
            )}
          </Section>
        );
      })}
      {hosts.length ? (
        <Section id="hosts" title={t('overview.hosts')}>
          <div className="tiles">
            {hosts.map((h) => (
              <HostTile key={h.name} host={h} card={hostCard(snap, h.name)} stale={lost || snap.sources.some((s) => (s.id === `host:${h.name}` || (h.via === 'metrics' && s.id === 'metrics')) && s.stale)} />
            ))}
          </div>
        </Section>
      ) : null}
      {snap.kubernetes.length ? (
        <Section id="kube-clusters" title={t('views.kubernetes')}>
          <div className="tiles">
            {snap.kubernetes.map((k) => {
              const ready = k.nodes.filter((n) => n.ready).length;
              const status = !k.reachable ? 'crit' : worst([ready < k.nodes.length ? 'warn' : 'ok', k.unhealthyPods.length ? 'warn' : 'ok']);
              return (
                <article key={k.context} className="tile" aria-label={k.context}>
                  <header className="tile-head">
                    <StatusDot status={status} />
                    <h3>{k.context}</h3>
                    {lost ? <StaleMark error={null} /> : null}
                    <span className="muted">{k.version ?? ''}</span>
                  </header>
                  <dl className="kv">
                    <dt>{t('kube.nodes')}</dt>
                    <dd>{k.reachable ? t('kube.readyOf', { ready, total: k.nodes.length }) : t('kube.unreachable')}</dd>
                    <dt>{t('kube.pods')}</dt>
                    <dd>{k.podCount}</dd>
                    <dt>{t('kube.unhealthy')}</dt>
                    <dd className={k.unhealthyPods.length ? 'text-warn' : undefined}>{k.unhealthyPods.length}</dd>
                  </dl>
                </article>
              );
            })}
          </div>
        </Section>
      ) : null}
    </div>
  );
}

function ClusterSummary({ snap, cluster }: { snap: Snapshot; cluster: string }) {
  const { t } = useTranslation();
  const c = snap.proxmox.find((x) => x.name === cluster);
  if (!c) return null;
  const guests = c.guests.filter((g) => !g.template);
  const running = guests.filter((g) => g.status === 'running').length;
  return (
    <span className="muted">
      {c.quorate === false ? <StatusPill status="crit">{t('overview.noQuorum')}</StatusPill> : null} {t('overview.guestsRunning', { running, total: guests.length })}
    </span>
  );
}
