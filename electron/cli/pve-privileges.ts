/**
 * What the Proxmox VE API requires for each call LabTray makes, as its API
 * documentation says (the `permissions` of each path in pve-apidoc.json). A 403
 * whose text names no privilege is explained with these.
 */
export interface Needed {
  privilege: string;
  /** The ACL path, with `{vmid}`, `{node}` or `{storage}` to fill in. */
  on: string;
}

export interface PrivilegeRule {
  method: 'GET' | 'POST';
  /** The API path as the docs write it. */
  path: string;
  needs: Needed[];
}

const guestActions = ['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume'];

export const privilegeRules: PrivilegeRule[] = [
  ...(['qemu', 'lxc'] as const).flatMap((type) => guestActions.map((a): PrivilegeRule => ({ method: 'POST', path: `/nodes/{node}/${type}/{vmid}/status/${a}`, needs: [{ privilege: 'VM.PowerMgmt', on: '/vms/{vmid}' }] }))),
  // vzdump's docs say it in words: VM.Backup on the guest and Datastore.AllocateSpace on the backup storage.
  { method: 'POST', path: '/nodes/{node}/vzdump', needs: [{ privilege: 'VM.Backup', on: '/vms/{vmid}' }, { privilege: 'Datastore.AllocateSpace', on: '/storage/{storage}' }] },
  ...(['qemu', 'lxc'] as const).map((type): PrivilegeRule => ({ method: 'POST', path: `/nodes/{node}/${type}/{vmid}/snapshot`, needs: [{ privilege: 'VM.Snapshot', on: '/vms/{vmid}' }] })),
  { method: 'POST', path: '/nodes/{node}/wakeonlan', needs: [{ privilege: 'Sys.PowerMgmt', on: '/nodes/{node}' }] },
  { method: 'GET', path: '/nodes/{node}/status', needs: [{ privilege: 'Sys.Audit', on: '/nodes/{node}' }] },
  { method: 'GET', path: '/nodes/{node}/disks/list', needs: [{ privilege: 'Sys.Audit', on: '/nodes/{node}' }] },
  { method: 'GET', path: '/nodes/{node}/storage/{storage}/content', needs: [{ privilege: 'Datastore.Audit', on: '/storage/{storage}' }] },
  { method: 'GET', path: '/cluster/backup', needs: [{ privilege: 'Sys.Audit', on: '/' }] },
  { method: 'GET', path: '/nodes/{node}/qemu/{vmid}/status/current', needs: [{ privilege: 'VM.Audit', on: '/vms/{vmid}' }] },
  { method: 'GET', path: '/nodes/{node}/lxc/{vmid}/status/current', needs: [{ privilege: 'VM.Audit', on: '/vms/{vmid}' }] },
];

/**
 * The privileges a call needs, its ACL paths filled in from the call's path
 * (and `known`: a vmid or storage the path does not carry); a placeholder
 * nothing fills reads `<storage>`. Null for a call not in the table.
 */
export function privilegesFor(method: string, path: string, known: Record<string, string> = {}): string[] | null {
  const segs = path.split('/').filter(Boolean);
  for (const r of privilegeRules) {
    const rs = r.path.split('/').filter(Boolean);
    if (r.method !== method || rs.length !== segs.length) continue;
    const got: Record<string, string> = { ...known };
    if (!rs.every((s, i) => (s.startsWith('{') ? ((got[s.slice(1, -1)] = segs[i]), true) : s === segs[i]))) continue;
    return r.needs.map((n) => `${n.privilege} on ${n.on.replace(/\{(\w+)\}/g, (_m, k: string) => got[k] ?? `<${k}>`)}`);
  }
  return null;
}
