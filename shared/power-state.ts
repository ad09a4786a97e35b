import { powerAdvice, type PowerAdvice } from './power-advice';
import { emptyLedger, guestCosts, lastDays, mergePast, monthKwh, recordEnergy, totalWatts, type DailyEnergy, type EnergyLedger, type GuestCost, type PowerReading, type SensorReading } from './power';
import type { ProxmoxCluster } from './proxmox';

/** The snapshot's `power`: what each machine draws now, the month so far, the last 30 days, guests' shares, advice. */
export interface PowerState {
  /** Epoch ms of the sensors' last read; null before the first. */
  readAt: number | null;
  machines: SensorReading[];
  totalWatts: number;
  monthKwh: number;
  monthCost: number | null;
  /** Per kWh, from the config; null: costs are not shown. */
  price: number | null;
  /** ISO 4217 from the config; null: the window's language decides (CNY for zh-CN, else USD). */
  currency: string | null;
  /** The last 30 local days, oldest first. */
  daily: DailyEnergy[];
  guests: GuestCost[];
  advice: PowerAdvice[];
  /** Kept across restarts by the snapshot cache, like the path history. */
  ledger: EnergyLedger;
}

export interface PowerInput {
  /** The last snapshot's ledger. */
  ledger: EnergyLedger | null;
  reading: PowerReading | null;
  proxmox: readonly ProxmoxCluster[];
  now: number;
  price: number | null;
  currency: string | null;
}

/** The power part of a snapshot; the ledger grows by the reading's energy once. */
export function powerState(input: PowerInput): PowerState {
  const { reading, now, price } = input;
  const ledger = recordEnergy(mergePast(input.ledger ?? emptyLedger(), reading?.past ?? []), reading);
  const month = monthKwh(ledger, now);
  return {
    readAt: reading?.readAt ?? null,
    machines: reading?.sensors ?? [],
    totalWatts: reading ? totalWatts(reading) : 0,
    monthKwh: month,
    monthCost: price === null ? null : month * price,
    price,
    currency: input.currency,
    daily: lastDays(ledger, now),
    guests: guestCosts(input.proxmox, reading, price),
    advice: powerAdvice(input.proxmox, reading, price),
    ledger,
  };
}
