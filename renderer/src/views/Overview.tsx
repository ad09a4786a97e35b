import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Snapshot } from '../../../shared/snapshot';
import type { PveNode } from '../../../shared/proxmox';
import type { HostState } from '../../../shared/hosts';
import { worst } from '../../../shared/status';
import { Empty, Meter, Section, StaleMark, StatusDot, StatusPill } from '../components/ui';
import { checkText, textIn } from '../../../shared/message';
import { formatBytes, formatDuration, formatPercent } from '../../../shared/units';
import { ago } from '../time-text';
import { useLanguage, useNow } from '../hooks';
import { checkLink, nodeStatus, problems, statusCounts } from '../selectors';
import { useLab, useLabStore } from '../store-context';

export function Overview() {
  const { t } = useTranslation();
  const snap = useLab((s) => s.snapshot);
  const empty = !snap.proxmox.length && !snap.kubernetes.length && !snap.hosts.length && !snap.tailscale;
  return (
    <div className="view view-overview">
      <h1 className="view-title">{t('views.overview')}</h1>
      <Problems snap={snap} />
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
                {meta?.stale ? <StaleMark error={meta.error} /> : null}
              </>
            }
            actions={<ClusterSummary snap={snap} cluster={c.name} />}
          >
            {c.nodes.length ? (
              <div className="tiles">
                {c.nodes.map((n) => (
                  <NodeTile key={n.name} snap={snap} cluster={c.name} node={n} guests={c.guests.filter((g) => g.node === n.name && !g.template)} />
                ))}
              </div>
            ) : (
              <Empty>{meta?.error ? meta.error : t('overview.noNodes')}</Empty>
            )}
          </Section>
        );
      })}
      {snap.hosts.length ? (
        <Section id="hosts" title={t('overview.hosts')}>
          <div className="tiles">
            {snap.hosts.map((h) => (
              <HostTile key={h.name} host={h} stale={snap.sources.some((s) => s.id === `host:${h.name}` && s.stale)} />
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

const PROBLEMS_SHOWN = 6;

function Problems({ snap }: { snap: Snapshot }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const store = useLabStore();
  const now = useNow();
  const [showAll, setShowAll] = useState(false);
  const all = problems(snap);
  const list = showAll ? all : all.slice(0, PROBLEMS_SHOWN);
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
          {list.map((c) => {
            const link = checkLink(c);
            return (
              <li key={c.id} className={`problem problem-${c.status}`}>
                <StatusDot status={c.status} />
                <div className="problem-text">
                  <span className="problem-summary">{checkText(lng, c)}</span>
                  {c.detail || c.error ? <span className="muted problem-detail">{c.detail ? textIn(lng, c.detailMsg, c.detail) : c.error}</span> : null}
                </div>
                <span className="muted nowrap">{ago(c.observedAt, now, lng)}</span>
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
              </li>
            );
          })}
          {all.length > PROBLEMS_SHOWN ? (
            <li className="problems-more">
              <button type="button" className="btn-link" aria-expanded={showAll} onClick={() => setShowAll((v) => !v)}>
                {showAll ? t('overview.showFewer') : t('overview.showAll', { count: all.length - PROBLEMS_SHOWN })}
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

function NodeTile({ snap, cluster, node, guests }: { snap: Snapshot; cluster: string; node: PveNode; guests: { status: string }[] }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const status = nodeStatus(snap, cluster, node);
  const temp = snap.checks.find((c) => c.target === `node:${node.name}` && /temp/i.test(c.id));
  const disks = snap.proxmox.find((c) => c.name === cluster)?.disks.filter((d) => d.node === node.name) ?? [];
  const running = guests.filter((g) => g.status === 'running').length;
  return (
    <article className={`tile tile-${status}`} id={`node-${node.name}`} tabIndex={-1} aria-label={t('overview.nodeTile', { name: node.name })}>
      <header className="tile-head">
        <StatusDot status={status} />
        <h3>{node.name}</h3>
        <span className="muted">{node.status === 'online' ? t('overview.up', { time: formatDuration(node.uptime || null, lng) }) : t(`nodeStatus.${node.status}`)}</span>
      </header>
      <Meter label={t('metric.cpu')} ratio={node.cpu} text={`${formatPercent(node.cpu)}${node.maxcpu ? ` · ${node.maxcpu}` : ''}`} />
      <Meter label={t('metric.mem')} ratio={node.mem !== null && node.maxmem ? node.mem / node.maxmem : null} text={`${formatBytes(node.mem)} / ${formatBytes(node.maxmem)}`} />
      <Meter label={t('metric.disk')} ratio={node.disk !== null && node.maxdisk ? node.disk / node.maxdisk : null} text={`${formatBytes(node.disk)} / ${formatBytes(node.maxdisk)}`} />
      <dl className="kv">
        <dt>{t('metric.temp')}</dt>
        <dd>{temp ? checkText(lng, temp) : '–'}</dd>
        <dt>{t('overview.guests')}</dt>
        <dd>{t('overview.guestsRunning', { running, total: guests.length })}</dd>
        {disks.length ? (
          <>
            <dt>{t('overview.disks')}</dt>
            <dd>
              {disks.map((d) => (
                <span key={d.devpath} className={`disk disk-${d.status}`} title={[d.model, d.health, d.wearout !== null ? `wearout ${d.wearout}%` : null].filter(Boolean).join(' · ')}>
                  <StatusDot status={d.status} /> {d.devpath.replace('/dev/', '')}
                </span>
              ))}
            </dd>
          </>
        ) : null}
      </dl>
    </article>
  );
}

function HostTile({ host, stale }: { host: HostState; stale: boolean }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const status = !host.reachable ? 'crit' : worst(host.checks.map((c) => c.status));
  const load = host.load?.[0] ?? null;
  return (
    <article className={`tile tile-${status}`} id={`host-${host.name}`} tabIndex={-1} aria-label={t('overview.hostTile', { name: host.name })}>
      <header className="tile-head">
        <StatusDot status={status} />
        <h3>{host.name}</h3>
        <span className="muted">{host.reachable ? t('overview.up', { time: formatDuration(host.uptimeSeconds || null, lng) }) : t('overview.unreachable')}</span>
        {stale ? <StaleMark error={null} /> : null}
      </header>
      <Meter label={t('metric.load')} ratio={load !== null && host.cores ? load / host.cores : null} text={load !== null ? `${load.toFixed(2)}${host.cores ? ` / ${host.cores}` : ''}` : '–'} />
      <Meter label={t('metric.mem')} ratio={host.memUsed !== null && host.memTotal ? host.memUsed / host.memTotal : null} text={`${formatBytes(host.memUsed)} / ${formatBytes(host.memTotal)}`} />
      {host.checks.filter((c) => c.status !== 'ok').length ? (
        <ul className="mini-checks">
          {host.checks
            .filter((c) => c.status !== 'ok')
            .map((c) => (
              <li key={c.id}>
                <StatusDot status={c.status} /> {checkText(lng, c)}
              </li>
            ))}
        </ul>
      ) : null}
    </article>
  );
}
