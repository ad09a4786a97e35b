import { statusRank, type Check, type Status } from './status';

/**
 * The colour of a card (a node, a host) and what it lists, by one rule the
 * window, the tray and the CLI share: the colour is the worst of the card's
 * known checks, an unknown that can never be known (an SD card's SMART) is a
 * note beside it, and the colour always equals the worst status listed.
 */

type Judged = Pick<Check, 'status' | 'unknowable'>;

/** A check whose unknown can never become known: a note, never a state. */
export function isNote(c: Judged): boolean {
  return c.status === 'unknown' && c.unknowable === true;
}

export interface CardState<C extends Judged> {
  /** The worst of the known checks; `unknown` when nothing is known yet. */
  status: Status;
  /** Every known check that is not ok, worst first (the order given among equals): the first one's status is `status`. */
  listed: C[];
  /** Unknowns that can never be known. */
  notes: C[];
  /** No known check at all (nothing read yet): the card says so rather than list anything. */
  nothingKnown: boolean;
}

/** A card's state from the checks about it. */
export function cardState<C extends Judged>(checks: readonly C[]): CardState<C> {
  const notes: C[] = [];
  const known: C[] = [];
  for (const c of checks) (isNote(c) ? notes : known).push(c);
  // Array.prototype.sort is stable: equals keep the order they came in.
  const listed = known.filter((c) => c.status !== 'ok').sort((a, b) => statusRank(b.status) - statusRank(a.status));
  const status: Status = known.length === 0 ? 'unknown' : (listed[0]?.status ?? 'ok');
  return { status, listed, notes, nothingKnown: known.length === 0 };
}

/** The roll-up of many checks (the tray's colour, the window's header): the worst of those that can be known. */
export function rollup(checks: readonly Judged[]): Status {
  let s: Status = 'ok';
  for (const c of checks) if (!isNote(c) && statusRank(c.status) > statusRank(s)) s = c.status;
  return s;
}
