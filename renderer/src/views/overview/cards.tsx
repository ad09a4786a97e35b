import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardState } from '../../../../shared/card-status';
import type { HostState, TemperatureReading, Temperatures } from '../../../../shared/hosts';
import { headlineTemperatures } from '../../../../shared/hosts';
import { checkText } from '../../../../shared/message';
import type { PveDisk, PveNode, PveStorage } from '../../../../shared/proxmox';
import type { Check, Status } from '../../../../shared/status';
import { formatBytes, formatDuration, formatPercent } from '../../../../shared/units';
import { Meter, StaleMark, StatusDot } from '../../components/ui';
import { useLanguage, useNow } from '../../hooks';
import { useApi, useLab } from '../../store-context';
import { NodePowerButton } from './node-power';
import { CpuSparkline } from '../guest-panel/Sparkline';
import { ago } from '../../time-text';

/** What every card has: its state by the shared rule, and whether its figures are old. */
interface CardProps {
  card: CardState<Check>;
  stale: boolean;
  staleError?: string | null;
}

/** A Proxmox node: PVE's figures, temperatures from the host entry that is this machine, storages, disks, and every finding not ok. */
export function NodeTile({ cluster, node, guests, storages, disks, card, stale, staleError, checks }: CardProps & { cluster: string; node: PveNode; guests: { status: string }[]; storages: PveStorage[]; disks: PveDisk[]; checks: Check[] }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const running = guests.filter((g) => g.status === 'running').length;
  const statusOf = (target: string): Status | undefined => checks.find((c) => c.target === target)?.status;
  return (
    <article className={`tile tile-${card.status}`} id={`node-${node.name}`} tabIndex={-1} data-status={card.status} aria-label={t('overview.nodeTile', { name: node.name })}>
      <header className="tile-head">
        <StatusDot status={card.status} />
        <h3>
          <button type="button" className="btn-link tile-name" data-open-node={`${cluster}/${node.name}`} aria-label={t('machinePanel.open', { name: node.name })}>
            {node.name}
          </button>
        </h3>
        {stale ? <StaleMark error={staleError ?? null} /> : null}
        <span className="muted">{node.status === 'online' ? t('overview.up', { time: formatDuration(node.uptime || null, lng) }) : t(`nodeStatus.${node.status}`)}</span>
        <span className="tile-actions">
          <WakeButton name={node.name} />
          <NodePowerButton cluster={cluster} node={node} />
        </span>
      </header>
      <Meter label={t('metric.cpu')} ratio={node.cpu} text={`${formatPercent(node.cpu)}${node.maxcpu ? ` · ${node.maxcpu}` : ''}`} />
      {node.status === 'online' ? <CpuSparkline cluster={cluster} node={node.name} /> : null}
      <Meter label={t('metric.mem')} ratio={node.mem !== null && node.maxmem ? node.mem / node.maxmem : null} text={`${formatBytes(node.mem)} / ${formatBytes(node.maxmem)}`} />
      <Meter label={t('metric.disk')} ratio={node.disk !== null && node.maxdisk ? node.disk / node.maxdisk : null} text={`${formatBytes(node.disk)} / ${formatBytes(node.maxdisk)}`} />
      <dl className="kv">
        <dt>{t('metric.temp')}</dt>
        <dd>
          <TemperatureFigures temps={node.temperatures ?? null} status={checks.find((c) => c.id.endsWith(':temperature'))?.status} none={t('overview.tempNone')} />
        </dd>
        <dt>{t('overview.guests')}</dt>
        <dd>{t('overview.guestsRunning', { running, total: guests.length })}</dd>
        {disks.length ? (
          <>
            <dt>{t('overview.disks')}</dt>
            <dd>
              {disks.map((d) => (
                <span key={d.devpath} className={`disk disk-${d.status}`} title={diskTitle(d, t)}>
                  <StatusDot status={d.status} /> {d.devpath.replace('/dev/', '')}
                </span>
              ))}
            </dd>
          </>
        ) : null}
      </dl>
      {storages.length ? (
        <div className="storages" role="group" aria-label={t('overview.storages')}>
          {storages.map((s) => (
            <Meter
              key={s.storage}
              label={s.storage}
              title={`${s.storage}${s.type ? ` (${s.type})` : ''}${s.shared ? ` · ${t('overview.shared')}` : ''}`}
              ratio={s.disk !== null && s.maxdisk ? s.disk / s.maxdisk : null}
              status={statusOf(`storage:${s.node}/${s.storage}`)}
              text={s.status === 'available' ? `${formatBytes(s.disk)} / ${formatBytes(s.maxdisk)}` : t('overview.storageUnavailable')}
            />
          ))}
        </div>
      ) : null}
      <CardFindings card={card} />
    </article>
  );
}

/** A host that is not a Proxmox node (an SSH host, a node_exporter instance). */
export function HostTile({ host, card, stale }: CardProps & { host: HostState }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const load = host.load?.[0] ?? null;
  return (
    <article className={`tile tile-${card.status}`} id={`host-${host.name}`} tabIndex={-1} data-status={card.status} aria-label={t('overview.hostTile', { name: host.name })}>
      <header className="tile-head">
        <StatusDot status={card.status} />
        <h3>
          <button type="button" className="btn-link tile-name" data-open-host={host.name} aria-label={t('machinePanel.open', { name: host.name })}>
            {host.name}
          </button>
        </h3>
        {stale ? <StaleMark error={null} /> : null}
        <span className="muted">{host.reachable ? t('overview.up', { time: formatDuration(host.uptimeSeconds || null, lng) }) : t('overview.unreachable')}</span>
        <span className="tile-actions">
          <WakeButton name={host.name} />
        </span>
      </header>
      <Meter label={t('metric.load')} ratio={load !== null && host.cores ? load / host.cores : null} text={load !== null ? `${load.toFixed(2)}${host.cores ? ` / ${host.cores}` : ''}` : '–'} />
      <Meter label={t('metric.mem')} ratio={host.memUsed !== null && host.memTotal ? host.memUsed / host.memTotal : null} text={`${formatBytes(host.memUsed)} / ${formatBytes(host.memTotal)}`} />
      {host.temperatures ? (
        <dl className="kv">
          <dt>{t('metric.temp')}</dt>
          <dd>
            <TemperatureFigures temps={host.temperatures} status={host.checks.find((c) => c.id.endsWith(':temperature'))?.status} none="" />
          </dd>
        </dl>
      ) : null}
      <CardFindings card={card} />
    </article>
  );
}

/** The findings a card answers for that are not ok, worst first, and its notes: the card's colour is the first one's. */
function CardFindings({ card }: { card: CardState<Check> }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <>
      {card.nothingKnown ? <p className="muted card-empty">{t('overview.nothingKnown')}</p> : null}
      {card.listed.length ? (
        <ul className="mini-checks" aria-label={t('overview.findings')}>
          {card.listed.map((c) => (
            <li key={c.id} data-status={c.status}>
              <StatusDot status={c.status} /> {checkText(lng, c)}
            </li>
          ))}
        </ul>
      ) : null}
      {card.notes.length ? (
        <ul className="mini-checks card-notes" aria-label={t('overview.notes')}>
          {card.notes.map((c) => (
            <li key={c.id} title={t('overview.noteTitle')}>
              <span className="note-mark" aria-hidden="true">
                i
              </span>{' '}
              {checkText(lng, c)}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** The CPU's temperature and each NVMe's, coloured by the temperature check; hover says where each figure came from. */
function TemperatureFigures({ temps, status, none }: { temps: Temperatures | null; status: Status | undefined; none: string }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const now = useNow();
  if (!temps || !temps.readings.length) {
    return (
      <span className="muted" title={none || undefined}>
        –
      </span>
    );
  }
  const { cpu, nvme } = headlineTemperatures(temps.readings);
  const o = temps.origin;
  const when = ago(o.observedAt, now, lng);
  const from = (r: TemperatureReading): string =>
    o.via === 'metrics' ? t('overview.tempFromMetrics', { sensor: r.label, server: o.server, instance: o.instance ?? o.host, when }) : t('overview.tempFromSsh', { sensor: r.label, host: o.host, server: o.server, when });
  const shown = [...(cpu ? [{ r: cpu, text: t('overview.tempCpu', { value: celsius(cpu.celsius) }) }] : []), ...nvme.map((r) => ({ r, text: t('overview.tempDevice', { device: r.label.split(/\s/)[0], value: celsius(r.celsius) }) }))];
  if (!shown.length) {
    const hottest = temps.readings.reduce((a, b) => (b.celsius > a.celsius ? b : a));
    shown.push({ r: hottest, text: t('overview.tempDevice', { device: hottest.label, value: celsius(hottest.celsius) }) });
  }
  return (
    <span className={`temps${status && status !== 'ok' ? ` text-${status}` : ''}`} data-via={o.via}>
      {shown.map(({ r, text }, i) => (
        <Fragment key={r.label}>
          {i ? ' · ' : ''}
          <span className="temp" title={from(r)}>
            {text}
          </span>
        </Fragment>
      ))}
    </span>
  );
}

function celsius(c: number): string {
  return `${Math.round(c)} °C`;
}

function diskTitle(d: PveDisk, t: (key: string, opts?: Record<string, unknown>) => string): string {
  const model = d.model ?? d.devpath;
  const health = d.health ?? '–';
  return d.wearout !== null ? t('overview.diskTitle', { model, health, life: d.wearout }) : t('overview.diskTitleNoWear', { model, health });
}

/** Wake for a machine that sleeps and can be woken from here; "waking…" while its wake-up runs. */
export function WakeButton({ name }: { name: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const target = useLab((s) => s.snapshot.wake.find((w) => w.name === name));
  const waking = useLab((s) => s.snapshot.tasks.some((x) => x.kind === 'wake' && x.state === 'running' && x.targetRef === `host:${name}`));
  const [error, setError] = useState<string | null>(null);
  if (!api || !target || target.up || target.route.kind === 'none') return null;
  return (
    <>
      <button
        type="button"
        className="btn-small"
        disabled={waking}
        aria-label={t('overview.wakeName', { name })}
        title={error ?? undefined}
        onClick={() => {
          setError(null);
          api.wake({ host: name }).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
        }}
      >
        {waking ? t('overview.waking') : t('overview.wake')}
      </button>
      {error ? <span className="text-crit small"> {error}</span> : null}
    </>
  );
}
