import { useTranslation } from 'react-i18next';
import type { HostState } from '../../../../shared/hosts';
import type { PveDisk } from '../../../../shared/proxmox';
import type { Check } from '../../../../shared/status';
import { formatBytes, formatDuration, formatPercent } from '../../../../shared/units';
import { Meter, StatusDot } from '../../components/ui';
import { useLanguage } from '../../hooks';
import { nodeCardChecks } from '../../selectors';
import { useLab } from '../../store-context';
import { WakeButton } from '../overview/cards';
import { NodePowerButton } from '../overview/node-power';
import { HistoryCharts } from './HistoryChart';
import { PanelDialog, PanelFindings, PanelLinks } from './PanelDialog';

/** A disk's story: PVE's disk checks and the SSH probes' SMART, kernel-log and block-device findings (not filesystem use). */
const diskFinding = (c: Check): boolean => /:(smart|kernel|block)(:|$)/.test(c.id) || /^proxmox:[^:]+:disk:/.test(c.id);

/** PVE's disk list for a node: model, size, SMART health and life left. */
function DiskList({ disks }: { disks: readonly PveDisk[] }) {
  const { t } = useTranslation();
  if (!disks.length) return null;
  return (
    <ul className="panel-list" data-testid="disk-list">
      {disks.map((d) => (
        <li key={d.devpath} data-status={d.status}>
          <StatusDot status={d.status} /> <span className="mono">{d.devpath.replace('/dev/', '')}</span> {d.model ?? ''}{' '}
          <span className="muted">
            · {formatBytes(d.size)} · {t('machinePanel.health', { health: d.health ?? '–' })}
            {d.wearout !== null ? ` · ${t('machinePanel.life', { life: d.wearout })}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The machine-level figures both panels show. */
function Figures({ cpu, load, cores, mem, maxmem }: { cpu?: number | null; load: number | null; cores: number | null; mem: number | null; maxmem: number | null }) {
  const { t } = useTranslation();
  return (
    <div className="machine-figures">
      {cpu !== undefined ? <Meter label={t('metric.cpu')} ratio={cpu} text={`${formatPercent(cpu)}${cores ? ` · ${cores}` : ''}`} /> : null}
      <Meter label={t('metric.load')} ratio={load !== null && cores ? load / cores : null} text={load !== null ? `${load.toFixed(2)}${cores ? ` / ${cores}` : ''}` : '–'} />
      <Meter label={t('metric.mem')} ratio={mem !== null && maxmem ? mem / maxmem : null} text={`${formatBytes(mem)} / ${formatBytes(maxmem)}`} />
    </div>
  );
}

/** A Proxmox node's whole story: state, figures, history, disks with their SMART story, guests, links, Wake and Shut down. */
export function NodePanel({ nodeKey, onClose }: { nodeKey: string; onClose(): void }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const slash = nodeKey.indexOf('/');
  const cluster = nodeKey.slice(0, slash);
  const name = nodeKey.slice(slash + 1);
  const c = useLab((s) => s.snapshot.proxmox.find((x) => x.name === cluster) ?? null);
  const snap = useLab((s) => s.snapshot);
  const hosts = useLab((s) => s.snapshot.hosts);
  const node = c?.nodes.find((n) => n.name === name) ?? null;
  if (!c || !node) return null;
  const checks = nodeCardChecks(snap, cluster, node);
  const guests = c.guests.filter((g) => g.node === name && !g.template).sort((a, b) => a.vmid - b.vmid);
  const links = hosts.filter((h) => (node.hosts ?? []).includes(h.name)).flatMap((h) => h.links ?? []);
  return (
    <PanelDialog title={t('machinePanel.nodeTitle', { name })} testId="node-panel" onClose={onClose}>
      <p data-testid="machine-state">
        {node.status === 'online' ? t('overview.up', { time: formatDuration(node.uptime || null, lng) }) : t(`nodeStatus.${node.status}`)}
        {node.detail ? ` · ${node.detail.cpuModel} · ${node.detail.pveVersion}` : ''}
        <span className="tile-actions">
          <WakeButton name={name} />
          <NodePowerButton cluster={cluster} node={node} />
        </span>
      </p>
      <PanelLinks links={links} />
      <Figures cpu={node.cpu} load={node.detail?.loadavg[0] ?? null} cores={node.maxcpu} mem={node.mem} maxmem={node.maxmem} />
      <section className="panel-section" aria-label={t('machinePanel.disks')}>
        <h3>{t('machinePanel.disks')}</h3>
        <DiskList disks={c.disks.filter((d) => d.node === name)} />
        {!c.disks.some((d) => d.node === name) ? <p className="muted">{t('machinePanel.noDisks')}</p> : null}
      </section>
      <PanelFindings title={t('machinePanel.diskStory')} checks={checks.filter(diskFinding)} empty={t('machinePanel.noDiskStory')} testId="disk-story" />
      {node.status === 'online' ? <HistoryCharts cluster={cluster} node={name} /> : null}
      <section className="panel-section" aria-label={t('machinePanel.guests')}>
        <h3>{t('machinePanel.guests')}</h3>
        {guests.length ? (
          <ul className="panel-list" data-testid="node-guests">
            {guests.map((g) => (
              <li key={g.vmid}>
                <span className="mono">{g.vmid}</span> {g.name} <span className="muted">· {t(`guestStatus.${g.status}`)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('machinePanel.noGuests')}</p>
        )}
      </section>
      <PanelFindings title={t('machinePanel.findings')} checks={checks.filter((x) => !diskFinding(x) && x.status !== 'ok')} empty={t('machinePanel.noFindings')} testId="node-findings" />
    </PanelDialog>
  );
}

/** An SSH (or node_exporter) host's story: state, figures, every probe's finding, its disks' story, links and Wake. */
export function HostPanel({ host: name, onClose }: { host: string; onClose(): void }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const host: HostState | null = useLab((s) => s.snapshot.hosts.find((h) => h.name === name) ?? null);
  if (!host) return null;
  return (
    <PanelDialog title={t('machinePanel.hostTitle', { name })} testId="host-panel" onClose={onClose}>
      <p data-testid="machine-state">
        {host.reachable ? t('overview.up', { time: formatDuration(host.uptimeSeconds || null, lng) }) : t('overview.unreachable')}
        {host.address ? ` · ${host.address}` : ''}
        <span className="tile-actions">
          <WakeButton name={name} />
        </span>
      </p>
      <PanelLinks links={host.links ?? []} />
      <Figures load={host.load?.[0] ?? null} cores={host.cores} mem={host.memUsed} maxmem={host.memTotal} />
      <PanelFindings title={t('machinePanel.diskStory')} checks={host.checks.filter(diskFinding)} empty={t('machinePanel.noDiskStory')} testId="disk-story" />
      <PanelFindings title={t('machinePanel.probes')} checks={host.checks.filter((x) => !diskFinding(x))} empty={t('machinePanel.noFindings')} testId="host-findings" />
    </PanelDialog>
  );
}
