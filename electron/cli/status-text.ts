import { formatBytes, formatDuration, formatLatency, formatPercent } from '../../shared/units';
import type { Snapshot } from '../../shared/snapshot';
import { statusRank, type Status } from '../../shared/status';
import { describePeerPath } from '../../shared/tailscale';

const mark: Record<Status, string> = { ok: 'OK  ', warn: 'WARN', crit: 'CRIT', unknown: '??  ' };

function table(rows: string[][]): string {
  if (!rows.length) return '';
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => '  ' + r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

/** The human-readable `labtray status`: problems first, then each area. */
export function formatStatus(s: Snapshot, verbose = false): string {
  const out: string[] = [];
  out.push(`LabTray ${s.demo ? '(demo lab) ' : ''}${mark[s.status].trim()} at ${s.takenAt}`);
  const problems = s.checks.filter((c) => c.status !== 'ok').sort((a, b) => statusRank(b.status) - statusRank(a.status));
  if (problems.length) {
    out.push('', 'Problems:');
    for (const c of problems) out.push(`  ${mark[c.status]} ${c.summary}`);
  }
  for (const c of s.proxmox) {
    out.push('', `Proxmox ${c.name}${c.clusterName ? ` (${c.clusterName})` : ''}${c.quorate === false ? ' NOT QUORATE' : ''}${c.endpoint ? ` via ${c.endpoint}` : ''}`);
    out.push(table([['NODE', 'STATUS', 'CPU', 'MEM', 'UPTIME'], ...c.nodes.map((n) => [n.name, n.status, formatPercent(n.cpu), n.mem !== null && n.maxmem ? `${formatBytes(n.mem)}/${formatBytes(n.maxmem)}` : '–', formatDuration(n.uptime)])]));
    const guests = [...c.guests].sort((a, b) => a.vmid - b.vmid);
    if (guests.length) out.push('', table([['VMID', 'NAME', 'TYPE', 'NODE', 'STATUS', 'CPU', 'MEM'], ...guests.map((g) => [String(g.vmid), g.name, g.type, g.node, g.status + (g.lock ? ` (${g.lock})` : ''), formatPercent(g.cpu), formatBytes(g.mem)])]));
  }
  if (s.tailscale) {
    const t = s.tailscale;
    out.push('', `Tailscale ${t.backendState}${t.self ? ` as ${t.self.name} (${t.self.ip ?? '–'})` : ''}${t.tailnet ? ` on ${t.tailnet}` : ''}`);
    out.push(table([['PEER', 'IP', 'ONLINE', 'CONNECTION'], ...t.peers.map((p) => [p.name, p.ip ?? '–', p.online ? 'yes' : 'no', describePeerPath(p)])]));
  }
  for (const k of s.kubernetes) {
    out.push('', `Kubernetes ${k.context}: ${k.reachable ? `reachable${k.version ? `, ${k.version}` : ''}` : 'UNREACHABLE'}`);
    if (k.nodes.length) out.push(table([['NODE', 'READY', 'ROLES', 'ARCH'], ...k.nodes.map((n) => [n.name, n.ready ? 'Ready' : 'NotReady', n.roles.join(',') || '–', n.arch ?? '–'])]));
    for (const p of k.unhealthyPods) out.push(`  pod ${p.namespace}/${p.name}: ${p.reason}${p.restarts ? ` (${p.restarts} restarts)` : ''}`);
  }
  if (s.hosts.length) {
    out.push('', 'Hosts:');
    out.push(table([['HOST', 'REACHABLE', 'VIA', 'LOAD', 'MEM', 'UPTIME'], ...s.hosts.map((h) => [h.name, h.reachable ? 'yes' : 'no', h.via ?? '–', h.load ? h.load.map((x) => x.toFixed(2)).join(' ') : '–', h.memUsed !== null && h.memTotal ? `${formatBytes(h.memUsed)}/${formatBytes(h.memTotal)}` : '–', formatDuration(h.uptimeSeconds)])]));
  }
  if (verbose) {
    out.push('', 'Sources:');
    out.push(table([['SOURCE', 'STATE', 'LATENCY', 'ERROR'], ...s.sources.map((m) => [m.id, m.error ? (m.stale ? 'stale' : 'failed') : m.updatedAt ? 'ok' : 'pending', formatLatency(m.latencyMs), m.error ?? ''])]));
  }
  if (!s.sources.length) out.push('', 'Nothing is configured yet: add proxmox:, hosts:, kubernetes: or tailscale: to the config (see README).');
  return out.join('\n');
}
