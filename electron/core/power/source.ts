import type { PowerConfig, PowerSensorConfig } from '../../../shared/config';
import { msg } from '../../../shared/message';
import { historyEnergy, type DailyEnergy, type PowerReading, type SensorReading } from '../../../shared/power';
import type { Check } from '../../../shared/status';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { PollContext, Source } from '../lab/source';
import type { HaClient, HaState } from './client';

/** Why a configured sensor gave no watts. */
export type SensorProblem = 'unknown-entity' | 'unavailable' | 'not-watts';

/** Days of Home Assistant's recorder read once, so the 30-day chart starts full. */
export const HISTORY_DAYS = 30;

/** The machine a sensor measures, as the snapshot names it. */
export function sensorTarget(s: PowerSensorConfig): Pick<SensorReading, 'name' | 'kind' | 'cluster'> {
  if (s.node !== undefined) return { name: s.node, kind: 'node', ...(s.cluster ? { cluster: s.cluster } : {}) };
  if (s.host !== undefined) return { name: s.host, kind: 'host' };
  return { name: s.name ?? s.entity, kind: 'other' };
}

/** Watts from one state, or why there are none ("35.2" W, "0.035" kW). */
export function wattsOf(state: HaState | undefined): { watts: number } | { problem: SensorProblem } {
  if (!state) return { problem: 'unknown-entity' };
  const value = Number(state.state);
  if (state.state.trim() === '' || !Number.isFinite(value)) return { problem: 'unavailable' };
  const unit = state.attributes.unit_of_measurement;
  if (unit === 'W') return { watts: value };
  if (unit === 'kW') return { watts: value * 1000 };
  return { problem: 'not-watts' };
}

export type PowerSensorReading = SensorReading & { problem?: SensorProblem; unit?: string };

/** The configured sensors' watts from Home Assistant: one GET /api/states per poll. */
export class PowerSource implements Source<'power'> {
  readonly id = 'power';
  readonly kind = 'power' as const;
  readonly name: string;
  readonly intervalMs: number;
  readonly timeoutMs = 30_000;
  private pastRead = false;

  constructor(
    private readonly client: HaClient,
    private readonly cfg: PowerConfig,
    private readonly clock: Clock,
    private readonly log?: Logger,
  ) {
    this.name = `Home Assistant (${new URL(client.display).host})`;
    // Watts change slowly: a minute at most often; the Lab stretches it while the window is hidden.
    this.intervalMs = Math.max(60_000, cfg.interval ?? 60_000);
  }

  placeholder(): PowerReading {
    return { readAt: 0, sensors: [] };
  }

  async poll({ signal }: PollContext): Promise<PowerReading> {
    const states = new Map((await this.client.states(signal)).map((s) => [s.entity_id, s]));
    const readAt = this.clock.now();
    const sensors = this.cfg.sensors.map((s): PowerSensorReading => {
      const state = states.get(s.entity);
      const w = wattsOf(state);
      const unit = typeof state?.attributes.unit_of_measurement === 'string' ? state.attributes.unit_of_measurement : undefined;
      return { entity: s.entity, ...sensorTarget(s), watts: 'watts' in w ? w.watts : null, ...('problem' in w ? { problem: w.problem, ...(unit ? { unit } : {}) } : {}) };
    });
    const past = this.pastRead ? undefined : await this.readPast(sensors.filter((s) => s.watts !== null).map((s) => s.entity), readAt, signal);
    return { readAt, sensors, ...(past ? { past } : {}) };
  }

  /** Once per run: the recorder's last days before today, so the chart is not empty on the first day. */
  private async readPast(entities: string[], now: number, signal: AbortSignal): Promise<DailyEnergy[] | undefined> {
    if (entities.length === 0) return undefined;
    const today = new Date(now);
    const end = new Date(today.getFullYear(), today.getMonth(), today.getDate());
    const start = new Date(today.getFullYear(), today.getMonth(), today.getDate() - HISTORY_DAYS);
    try {
      const lists = await this.client.history(entities, start, end, signal);
      this.pastRead = true;
      return historyEnergy(lists, end.getTime());
    } catch (err) {
      if (signal.aborted) throw err;
      // Without the recorder the ledger simply starts today; watts still show.
      this.pastRead = true;
      this.log?.info(`power: no history from ${this.client.display}: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  checks(data: PowerReading, observedAt: string): Check[] {
    return (data.sensors as PowerSensorReading[]).flatMap((s): Check[] => {
      if (!s.problem) return [];
      const said =
        s.problem === 'unknown-entity'
          ? msg('power.unknownEntity', { entity: s.entity, name: s.name })
          : s.problem === 'unavailable'
            ? msg('power.unavailable', { entity: s.entity, name: s.name })
            : msg('power.notWatts', { entity: s.entity, name: s.name, unit: s.unit ?? '?' });
      return [{ id: `power:${s.entity}`, source: this.id, target: `power:${s.name}`, status: 'warn', ...said, observedAt }];
    });
  }
}
