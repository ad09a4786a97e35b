import type { HostState } from '../../../shared/hosts';
import type { ProxmoxCluster, PveNode } from '../../../shared/proxmox';

/** Whether a host entry is this node: the same name, or the address node_exporter's instance or the SSH entry names is the node's cluster address. */
function isNode(h: HostState, n: PveNode): boolean {
  return h.name === n.name || (!!n.ip && h.address === n.ip);
}

/**
 * PVE nodes with what the host entries of the same machines know: which entries
 * they are (their checks go on the node's card) and their temperatures, which
 * PVE's API does not give. Clusters without a match are returned as they were.
 */
export function joinNodeHosts(clusters: readonly ProxmoxCluster[], hosts: readonly HostState[]): ProxmoxCluster[] {
  return clusters.map((c) => {
    let changed = false;
    const nodes = c.nodes.map((n) => {
      const same = hosts.filter((h) => isNode(h, n));
      if (!same.length) {
        // A cached cluster (shown stale at start) may carry an earlier join.
        if (n.hosts === undefined && n.temperatures === undefined) return n;
        changed = true;
        const { hosts: _hosts, temperatures: _temperatures, ...plain } = n;
        return plain;
      }
      changed = true;
      // The name's own entry first; of those with sensors, the first one speaks for the node.
      same.sort((a, b) => Number(b.name === n.name) - Number(a.name === n.name));
      const temperatures = same.find((h) => h.temperatures?.readings.length)?.temperatures ?? null;
      return { ...n, hosts: same.map((h) => h.name), temperatures };
    });
    return changed ? { ...c, nodes } : c;
  });
}
