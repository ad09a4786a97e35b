import type { Language } from './language';

/**
 * Quantities with units, written the same way by the core's findings, the CLI,
 * the tray and the window: bytes, percentages, durations, backup ages and
 * latencies. Plain functions with no Intl objects, so a 2,000-row table pays
 * nothing per cell; '–' stands for a value that is not known.
 */

const NONE = '–';
const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

function known(n: number | null | undefined): n is number {
  return n !== null && n !== undefined && Number.isFinite(n);
}

/** Binary units: `512 B`, `1.5 GiB`, `15.2 GiB`, `931 GiB` (one decimal below 100). */
export function formatBytes(n: number | null | undefined): string {
  if (!known(n)) return NONE;
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  // 99.96 rounds to "100.0": past that edge show the whole number.
  const text = i === 0 || Math.abs(v) >= 99.95 ? v.toFixed(0) : v.toFixed(1);
  return `${text} ${BYTE_UNITS[i]}`;
}

/** A ratio (0.42) as `42%`. */
export function formatPercent(ratio: number | null | undefined): string {
  if (!known(ratio)) return NONE;
  return `${Math.round(ratio * 100)}%`;
}

/** A latency in milliseconds: `12 ms`. */
export function formatLatency(ms: number | null | undefined): string {
  if (!known(ms)) return NONE;
  return `${Math.round(ms)} ms`;
}

interface DurationUnits {
  d: string;
  h: string;
  min: string;
  s: string;
  days: string;
}

const UNITS: Record<Language, DurationUnits> = {
  en: { d: 'd', h: 'h', min: 'min', s: 's', days: 'days' },
  'zh-CN': { d: '天', h: '小时', min: '分钟', s: '秒', days: '天' },
};

/**
 * A span of time in its two largest units, a zero second unit left out:
 * `2 d 3 h`, `4 h 5 min`, `2 min`, `42 s`, and tenths below 10 s (`0.4 s`, a
 * wake-up). In Chinese `2 天 3 小时`, `4 小时 5 分钟`, `42 秒`.
 */
export function formatDuration(seconds: number | null | undefined, lng: Language = 'en'): string {
  if (!known(seconds) || seconds < 0) return NONE;
  const u = UNITS[lng];
  if (seconds < 9.95) return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} ${u.s}`;
  const total = Math.round(seconds);
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (big: number, bigUnit: string, small: number, smallUnit: string): string => `${big} ${bigUnit}${small ? ` ${small} ${smallUnit}` : ''}`;
  if (d) return two(d, u.d, h, u.h);
  if (h) return two(h, u.h, m, u.min);
  if (m) return two(m, u.min, s, u.s);
  return `${s} ${u.s}`;
}

/** The age of a backup in whole hours: `30 h` below two days, else `3 days` (`30 小时`, `3 天`). */
export function formatAgeHours(hours: number | null | undefined, lng: Language = 'en'): string {
  if (!known(hours) || hours < 0) return NONE;
  const u = UNITS[lng];
  return hours < 48 ? `${Math.round(hours)} ${u.h}` : `${Math.round(hours / 24)} ${u.days}`;
}
