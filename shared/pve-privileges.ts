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
export function heldPrivileges(perms: Record<string, Record<string, unknown> | null | undefined> | null | undefined): Set<string> {
  return new Set(Object.values(perms ?? {}).flatMap((p) => Object.keys(p ?? {})));
}

/** The features `held` does not cover, each with the privileges it lacks. */
export function missingFeatures(held: ReadonlySet<string>): { feature: PveFeature; privileges: string[] }[] {
  return (Object.keys(FEATURE_PRIVILEGES) as PveFeature[]).flatMap((feature) => {
    const privileges = FEATURE_PRIVILEGES[feature].filter((p) => !held.has(p));
    return privileges.length ? [{ feature, privileges }] : [];
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
