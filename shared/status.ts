import type { Msg } from './message';

/** Health of anything LabTray watches, worst last. */
export type Status = 'ok' | 'warn' | 'crit' | 'unknown';

const rank: Record<Status, number> = { ok: 0, unknown: 1, warn: 2, crit: 3 };

/** The worse of two statuses: crit > warn > unknown > ok. */
export function worse(a: Status, b: Status): Status {
  return rank[a] >= rank[b] ? a : b;
}

/** The worst status of a list; `ok` for an empty list. */
export function worst(statuses: Iterable<Status>): Status {
  let result: Status = 'ok';
  for (const s of statuses) result = worse(result, s);
  return result;
}

export function statusRank(s: Status): number {
  return rank[s];
}

/**
 * One health finding. Every probe and every source reports in this shape so the
 * overview, the tray and the CLI can roll them up the same way.
 */
export interface Check {
  /** Stable id, e.g. `proxmox:home:node:um560:disk:nvme0n1`. */
  id: string;
  /** Id of the source that produced it (see SourceMeta.id). */
  source: string;
  /** What the check is about, for grouping and links: `node:um560`, `guest:home/101`, `peer:gw`. */
  target?: string;
  status: Status;
  /** One line a person can act on, in English (CLI, logs, and the fallback when `msg` cannot be shown). */
  summary: string;
  /** The same finding as a catalogue key and params (the `core` namespace of shared/i18n/*.json), so the UI can show it in its language. */
  msg?: Msg;
  detail?: string;
  /** `detail` as a catalogue message, when the core wrote it (not when it is data or a tool's output). */
  detailMsg?: Msg;
  /** ISO time of the observation. */
  observedAt: string;
  /** The error that made this check fail or unknown, when there was one. */
  error?: string;
  /**
   * An unknown that can never become known (an SD card or eMMC has no SMART):
   * shown as a note beside what it is about, never as its state or the roll-up.
   */
  unknowable?: true;
}
