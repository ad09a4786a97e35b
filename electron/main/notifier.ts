import { admitNotices, detectNotices, initialNotifyState, type DetectedNotice, type NoticeLanguage, type NotifyPolicy, type NotifyState } from '../../shared/notify';
import type { Snapshot } from '../../shared/snapshot';

/** Keeps the previous snapshot and the rate-limit state between snapshots; shows what the policy admits. */
export class Notifier {
  private prev: Snapshot | null = null;
  private state: NotifyState = initialNotifyState();

  constructor(
    private readonly show: (d: DetectedNotice) => void,
    private readonly policy: () => NotifyPolicy,
    private readonly now: () => number,
    private readonly language: () => NoticeLanguage = () => 'en',
  ) {}

  onSnapshot(next: Snapshot): void {
    const detected = detectNotices(this.prev, next, this.language());
    this.prev = next;
    if (detected.length === 0) return;
    const r = admitNotices(this.state, detected, this.policy(), this.now(), this.language());
    this.state = r.state;
    for (const d of r.show) this.show(d);
  }
}
