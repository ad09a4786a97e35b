/** What LabTray's features need of a Proxmox VE token or user, and the `pveum` commands that grant exactly that. */

/** Privileges LabTray needs to read a cluster at all. */
export const READ_PRIVILEGES = ['Sys.Audit', 'VM.Audit', 'Datastore.Audit'] as const;
/** Privileges its actions need (power control, backups, snapshots). */
export const ACT_PRIVILEGES = ['VM.PowerMgmt', 'VM.Backup', 'Datastore.AllocateSpace', 'VM.Snapshot'] as const;

/** Waking a node through the cluster and shutting one down. */
export const NODE_PRIVILEGES = ['Sys.PowerMgmt'] as const;

export type PveFeature = 'power' | 'backup' | 'snapshot' | 'health' | 'nodes';

/** Each feature and the privileges it needs on `/`. */
export const FEATURE_PRIVILEGES: Readonly<Record<PveFeature, readonly string[]>> = {
  power: ['VM.PowerMgmt'],
  backup: ['VM.Backup', 'Datastore.AllocateSpace'],
  snapshot: ['VM.Snapshot'],
  health: ['Sys.Audit'],
  nodes: [...NODE_PRIVILEGES],
};

/** The privileges GET /access/permissions says the caller holds, on any path. */
export function heldPrivileges(perms: PermissionMap | null | undefined): Set<string> {
  return new Set(Object.values(perms ?? {}).flatMap((p) => Object.keys(p ?? {})));
}

/** The features `held` does not cover, each with the privileges it lacks. */
export function missingFeatures(held: ReadonlySet<string>): FeatureGap[] {
  return (Object.keys(FEATURE_PRIVILEGES) as PveFeature[]).flatMap((feature) => {
    const privileges = FEATURE_PRIVILEGES[feature].filter((p) => !held.has(p));
    return privileges.length ? [{ feature, privileges }] : [];
  });
}

/** A feature the credentials cannot use everywhere, and the privileges that are lacking. */
export interface FeatureGap {
  feature: PveFeature;
  privileges: string[];
  /** Held on some of the guests (or nodes) but not all: how many of how many. Absent when held on none. */
  partly?: { held: number; of: number; on: 'guests' | 'nodes' };
}

/** What GET /access/permissions (without a path) answers: each ACL path with its effective privileges, 1 when they propagate. */
export type PermissionMap = Record<string, Record<string, unknown> | null | undefined>;

/**
 * The privileges held on `path`, as PVE resolves them: the deepest path of the map at or above it decides (a
 * deeper ACL replaces what was inherited); an ancestor's privileges reach below it only where they propagate.
 */
export function privilegesOn(perms: PermissionMap | null | undefined, path: string): Set<string> {
  const parts = path.split('/').filter(Boolean);
  for (let depth = parts.length; depth >= 0; depth--) {
    const at = `/${parts.slice(0, depth).join('/')}`;
    const entry = perms?.[at];
    if (!entry) continue;
    const exact = depth === parts.length;
    return new Set(Object.entries(entry).flatMap(([priv, propagate]) => (exact || propagate === 1 || propagate === true ? [priv] : [])));
  }
  return new Set();
}

/**
 * The features the credentials lack, judged where each privilege is checked: VM.* on every guest, Sys.* on every
 * node, the rest (Datastore.*) anywhere. With no guests or nodes to judge by, what is held on any path counts.
 */
export function missingFeaturesOn(perms: PermissionMap | null | undefined, targets: { vmids: readonly number[]; nodes: readonly string[] }): FeatureGap[] {
  const anywhere = heldPrivileges(perms);
  return (Object.keys(FEATURE_PRIVILEGES) as PveFeature[]).flatMap((feature): FeatureGap[] => {
    const wanted = FEATURE_PRIVILEGES[feature];
    const on = wanted.some((p) => p.startsWith('VM.')) ? 'guests' : wanted.some((p) => p.startsWith('Sys.')) ? 'nodes' : null;
    const paths = on === 'guests' ? targets.vmids.map((id) => `/vms/${id}`) : on === 'nodes' ? targets.nodes.map((n) => `/nodes/${n}`) : [];
    const scoped = (p: string): boolean => p.startsWith('VM.') || p.startsWith('Sys.');
    const lackingAnywhere = wanted.filter((p) => !scoped(p) && !anywhere.has(p));
    if (!on || paths.length === 0) {
      const privileges = wanted.filter((p) => !anywhere.has(p));
      return privileges.length ? [{ feature, privileges }] : [];
    }
    const lackingOn = paths.map((path) => {
      const held = privilegesOn(perms, path);
      return wanted.filter((p) => scoped(p) && !held.has(p));
    });
    const lacking = new Set([...lackingAnywhere, ...lackingOn.flat()]);
    if (lacking.size === 0) return [];
    const privileges = wanted.filter((p) => lacking.has(p));
    const held = lackingAnywhere.length ? 0 : lackingOn.filter((l) => l.length === 0).length;
    return [{ feature, privileges, ...(held > 0 ? { partly: { held, of: paths.length, on } } : {}) }];
  });
}

/** Creates a role with exactly what LabTray uses, a user, a token with privilege separation, and the ACLs on `/` (the token's own ACL is what counts under privsep). */
export function pveumCommands(user = 'labtray@pve', token = 'tray', role = 'LabTray'): string[] {
  const privs = [...READ_PRIVILEGES, ...ACT_PRIVILEGES, ...NODE_PRIVILEGES].join(',');
  return [
    `pveum role add ${role} -privs "${privs}"`,
    `pveum user add ${user}`,
    `pveum acl modify / -user ${user} -role ${role}`,
    `pveum user token add ${user} ${token} -privsep 1`,
    `pveum acl modify / -token '${user}!${token}' -role ${role}`,
  ];
}
