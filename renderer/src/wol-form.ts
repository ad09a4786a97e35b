import type { HostConfig } from '../../shared/config';
import { isGroupMac, parseMac } from '../../shared/mac';

/** Why a typed MAC address cannot be saved, with what the message needs to say so. */
export type MacProblem =
  | { kind: 'chars'; chars: string }
  | { kind: 'count'; count: number }
  | { kind: 'layout' }
  | { kind: 'group'; mac: string };

export type MacCheck = { ok: true; mac: string | null } | { ok: false; problem: MacProblem };

/**
 * Checks a MAC address as typed: empty clears it; otherwise it becomes
 * `aa:bb:cc:dd:ee:ff` (shared/mac.ts, the layouts the config accepts), or the
 * first thing wrong with it is named.
 */
export function checkMac(text: string): MacCheck {
  const s = text.trim().toLowerCase();
  if (s === '') return { ok: true, mac: null };
  const bad = [...new Set(s.replace(/[0-9a-f:.-]/g, ''))].join('');
  if (bad) return { ok: false, problem: { kind: 'chars', chars: bad } };
  const digits = s.replace(/[:.-]/g, '');
  if (digits.length !== 12) return { ok: false, problem: { kind: 'count', count: digits.length } };
  const mac = parseMac(s);
  if (mac === null) return { ok: false, problem: { kind: 'layout' } };
  // A network card's own address is unicast: Wake-on-LAN to a group address wakes nothing.
  if (isGroupMac(mac)) return { ok: false, problem: { kind: 'group', mac } };
  return { ok: true, mac };
}

/** The broadcast address as typed: empty means the default; else a dotted IPv4 address (the core sends to it and puts it in relay commands). */
export function checkBroadcast(text: string): { ok: true; address: string | null } | { ok: false } {
  const s = text.trim();
  if (s === '') return { ok: true, address: null };
  const parts = s.split('.');
  const ok = parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
  return ok ? { ok: true, address: s } : { ok: false };
}

/** What the Wake-on-LAN form holds for one host. */
export interface WolDraft {
  mac: string;
  broadcast: string;
  relay: boolean;
}

export function draftOf(h: HostConfig): WolDraft {
  return { mac: h.mac ?? '', broadcast: h.broadcast ?? '', relay: h.wakeRelay === true };
}

/** The host with the draft applied; cleared fields leave the config rather than staying as empty strings. */
export function applyDraft(h: HostConfig, d: WolDraft): HostConfig {
  const next: HostConfig = { ...h };
  const mac = checkMac(d.mac);
  const broadcast = checkBroadcast(d.broadcast);
  if (!mac.ok || !broadcast.ok) throw new Error(`hosts.${h.name}: the Wake-on-LAN fields are not valid`);
  if (mac.mac) next.mac = mac.mac;
  else delete next.mac;
  if (broadcast.address) next.broadcast = broadcast.address;
  else delete next.broadcast;
  // Only an SSH host can relay (the core runs the wake command over SSH).
  if (d.relay && h.ssh) next.wakeRelay = true;
  else delete next.wakeRelay;
  return next;
}

/** The relays the core would try for `target` when away: SSH hosts marked as relays, never the target itself. */
export function relaysFor(target: string, hosts: readonly { name: string; relay: boolean; ssh: boolean }[]): string[] {
  return hosts.filter((h) => h.relay && h.ssh && h.name !== target).map((h) => h.name);
}
