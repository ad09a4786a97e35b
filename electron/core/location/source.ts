import { english, part } from '../../../shared/message';
import type { Check } from '../../../shared/status';
import type { LocationState } from '../../../shared/tailscale';
import type { LocationService } from '../lab/integration';
import type { PollContext, Source } from '../lab/source';
import { decideLocation, probeLabel, runProbe, type HomeProbe, type IdentityProber, type LocalNetwork, type ProbeOutcome } from './decide';

/** Holds the latest decision for other integrations (SSH, PVE, WOL). */
export class LocationHolder implements LocationService {
  private state: LocationState | null = null;

  atHome(): boolean | null {
    return this.state?.atHome ?? null;
  }

  set(s: LocationState): void {
    this.state = s;
  }
}

export interface LocationSourceOptions {
  probes: HomeProbe[];
  prober: IdentityProber;
  network: (signal: AbortSignal) => Promise<LocalNetwork | null>;
  holder: LocationHolder;
  now: () => number;
  intervalMs?: number;
}

/** The `location` source: probes run in parallel on every poll. */
export class LocationSource implements Source<'location'> {
  readonly id = 'location';
  readonly kind = 'location' as const;
  readonly name = 'At home or away';
  readonly intervalMs: number;
  readonly timeoutMs = 15_000;
  private outcomes: ProbeOutcome[] = [];

  constructor(private readonly opts: LocationSourceOptions) {
    this.intervalMs = opts.intervalMs ?? 60_000;
  }

  placeholder(): LocationState {
    const m = part('loc.checking');
    return { atHome: null, reason: english(m), reasonMsg: m, checkedAt: null };
  }

  async poll({ signal }: PollContext): Promise<LocationState> {
    const [outcomes, net] = await Promise.all([
      Promise.all(this.opts.probes.map((p) => runProbe(p, this.opts.prober, signal))),
      this.opts.network(signal).catch(() => null),
    ]);
    this.outcomes = outcomes;
    const state = decideLocation(outcomes, net, new Date(this.opts.now()).toISOString());
    this.opts.holder.set(state);
    return state;
  }

  checks(data: LocationState, observedAt: string): Check[] {
    const checks: Check[] = [{ id: 'location', source: this.id, target: 'location', status: data.atHome === null ? 'unknown' : 'ok', summary: data.reason, ...(data.reasonMsg ? { msg: data.reasonMsg } : {}), observedAt }];
    for (const o of this.outcomes.filter((x) => x.result === 'unusable')) {
      checks.push({ id: `location:probe:${probeLabel(o.probe)}`, source: this.id, target: 'location', status: 'warn', summary: o.detail, ...(o.msg ? { msg: o.msg } : {}), observedAt });
    }
    return checks;
  }
}
