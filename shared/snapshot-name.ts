/**
 * A snapshot name as PVE's `pve-configid` format takes it (pve-common: a letter, then letters, digits or '_'; the
 * API schema allows 40 characters), and never `current` or `pending`, the names PVE keeps for itself. Shared by
 * the LabApi's schema and the window's form, without zod.
 */
export const SNAPSHOT_NAME_MAX = 40;

/** What is wrong with a snapshot name, in the words the LabApi refuses it with, or null when PVE takes it. */
export function snapshotNameProblem(v: string): string | null {
  if (v.length > SNAPSHOT_NAME_MAX) return `may be at most ${SNAPSHOT_NAME_MAX} characters long`;
  if (!/^[A-Za-z][A-Za-z0-9_]+$/.test(v)) return 'must start with a letter and hold only letters, digits and "_" (at least 2 characters)';
  if (v === 'current' || v.toLowerCase() === 'pending') return 'is a name Proxmox VE keeps for itself';
  return null;
}
