import { admitNotices, detectNotices, initialNotifyState, type DetectedNotice, type NoticeCheckText, type NoticeLanguage, type NotifyPolicy, type NotifyState } from '../../shared/notify';
import type { Snapshot } from '../../shared/snapshot';

/** The language notices are written in, and how a check's sentence reads in it (the core catalogue). */
export interface NoticeSpeech {
  language: NoticeLanguage;
  checkText?: NoticeCheckText;
}

/** Keeps the previous snapshot and the rate-limit state between snapshots; shows what the policy admits. */
export class Notifier {
  private prev: Snapshot | null = null;
  private state: NotifyState = initialNotifyState();

  constructor(
    private readonly show: (d: DetectedNotice) => void,
    private readonly policy: () => NotifyPolicy,
    private readonly now: () => number,
    private readonly speech: () => NoticeSpeech = () => ({ language: 'en' }),
  ) {}

  onSnapshot(next: Snapshot): void {
    const { language, checkText } = this.speech();
    const detected = detectNotices(this.prev, next, language, checkText);
    this.prev = next;
    if (detected.length === 0) return;
    const r = admitNotices(this.state, detected, this.policy(), this.now(), language);
    this.state = r.state;
    for (const d of r.show) this.show(d);
  }
}
