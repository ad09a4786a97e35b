import { isIPv4, isIPv6 } from 'node:net';

/** An IPv4 address as an unsigned 32-bit number; null when it is not one. */
export function ipv4Number(a: string): number | null {
  if (!isIPv4(a)) return null;
  const [p0, p1, p2, p3] = a.split('.').map(Number);
  return ((p0 << 24) | (p1 << 16) | (p2 << 8) | p3) >>> 0;
}

function ipv4Text(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** `::ffff:192.168.1.2` (a dual-stack socket's view of an IPv4 peer) → `192.168.1.2`; scope ids dropped. */
export function plainAddress(a: string): string {
  const bare = a.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  return mapped ? mapped[1] : bare;
}

/** Whether `ip` is inside `net`/`mask` (IPv4 dotted masks). */
export function inSubnet4(ip: string, net: string, mask: string): boolean {
  const [a, b, m] = [ipv4Number(plainAddress(ip)), ipv4Number(net), ipv4Number(mask)];
  return a !== null && b !== null && m !== null && m !== 0 && (a & m) >>> 0 === (b & m) >>> 0;
}

/** The 16 bytes of an IPv6 address; null when it is not one. */
export function ipv6Bytes(a: string): number[] | null {
  const s = a.replace(/%.*$/, '');
  if (!isIPv6(s)) return null;
  let text = s;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = ipv4Number(v4[1]);
    if (n === null) return null;
    text = text.slice(0, -v4[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const words = (p: string): string[] => (p ? p.split(':') : []);
  const h = words(head);
  const t = tail === null ? [] : words(tail);
  const all = tail === null ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (all.length !== 8) return null;
  return all.flatMap((w) => {
    const n = parseInt(w, 16);
    return [n >> 8, n & 255];
  });
}

/** Whether `ip` is inside `net`/`prefix` (IPv6). */
export function inPrefix6(ip: string, net: string, prefix: number): boolean {
  const [a, b] = [ipv6Bytes(ip), ipv6Bytes(net)];
  if (!a || !b || prefix <= 0 || prefix > 128) return false;
  for (let bit = 0; bit < prefix; bit += 8) {
    const take = Math.min(8, prefix - bit);
    const m = (0xff << (8 - take)) & 0xff;
    if ((a[bit / 8] & m) !== (b[bit / 8] & m)) return false;
  }
  return true;
}

/** Tailscale's address ranges: 100.64.0.0/10 (CGNAT space) and fd7a:115c:a1e0::/48. */
export function isTailnetAddress(a: string): boolean {
  const ip = plainAddress(a);
  return inSubnet4(ip, '100.64.0.0', '255.192.0.0') || inPrefix6(ip, 'fd7a:115c:a1e0::', 48);
}

/** Loopback: this computer itself. */
export function isLoopback(a: string): boolean {
  const ip = plainAddress(a);
  return inSubnet4(ip, '127.0.0.0', '255.0.0.0') || ip === '::1';
}

/** The subnet broadcast address of an IPv4 address and its mask (`192.168.1.23`/`255.255.255.0` → `192.168.1.255`). */
export function subnetBroadcast(ip: string, mask: string): string | null {
  const [a, m] = [ipv4Number(ip), ipv4Number(mask)];
  if (a === null || m === null) return null;
  return ipv4Text(((a & m) | (~m >>> 0)) >>> 0);
}
