import { english, plural, type CoreKey, type CorePluralKey, type Msg } from './message';
import type { Check, Status } from './status';

/**
 * Findings of one kind that come in numbers (a dozen guests never backed up)
 * fold into one line with a count, so the top of the tray and the Overview stay
 * the problems that matter. The same rule for the tray, the window and the CLI.
 */

/** The kinds that fold, by the message key of their finding: the counted sentence and the view the line opens. */
const FOLDS: Partial<Record<CoreKey, { said: CorePluralKey; view: string }>> = {
  'pve.backupNever': { said: 'group.backupNever', view: 'backups' },
  'pve.backupOld': { said: 'group.backupOld', view: 'backups' },
  'ts.peerRelayed': { said: 'group.peerRelayed', view: 'network' },
  'kube.pod': { said: 'group.kubePod', view: 'kubernetes' },
};

/** From this many findings of one kind and status on, they are one line. */
export const FOLD_FROM = 3;

export type ProblemLine =
  | { kind: 'one'; check: Check }
  | {
      kind: 'group';
      /** Stable across snapshots: the finding's kind and status. */
      id: string;
      status: Status;
      /** The counted sentence, and its English text. */
      msg: Msg;
      summary: string;
      /** The view the line opens (where all of them are listed). */
      view: string;
      /** The findings it stands for, in the order they came. */
      checks: Check[];
    };

/**
 * The problem list (already in the order to show, worst first) with each kind
 * that has FOLD_FROM or more findings of the same status folded into one line
 * where its first finding stood. Kinds not in FOLDS are never folded.
 */
export function foldProblems(problems: readonly Check[], from = FOLD_FROM): ProblemLine[] {
  const keyOf = (c: Check): string | null => (c.msg && FOLDS[c.msg.key as CoreKey] ? `${c.msg.key}:${c.status}` : null);
  const members = new Map<string, Check[]>();
  for (const c of problems) {
    const k = keyOf(c);
    if (!k) continue;
    const list = members.get(k);
    if (list) list.push(c);
    else members.set(k, [c]);
  }
  const out: ProblemLine[] = [];
  for (const c of problems) {
    const k = keyOf(c);
    const same = k ? (members.get(k) ?? []) : [];
    const fold = c.msg ? FOLDS[c.msg.key as CoreKey] : undefined;
    if (!k || !fold || same.length < from) out.push({ kind: 'one', check: c });
    // The line stands where the first of its kind stood.
    else if (same[0] === c) {
      const msg = plural(fold.said, same.length);
      out.push({ kind: 'group', id: `group:${k}`, status: c.status, msg, summary: english(msg), view: fold.view, checks: same });
    }
  }
  return out;
}
