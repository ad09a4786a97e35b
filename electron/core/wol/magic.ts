/** Wake-on-LAN magic packets: 6 × 0xFF, the target MAC 16 times, then an optional 6-byte SecureOn password. */
import { macLayouts, parseMac as parseMacText } from '../../../shared/mac';

/**
 * Six bytes from `aa:bb:cc:dd:ee:ff`, `aa-bb-…`, `aabb.ccdd.eeff` or `aabbccddeeff`;
 * null for anything else (mixed separators, wrong length, non-hex).
 */
export function parseMac(text: string): Buffer | null {
  const mac = parseMacText(text);
  return mac === null ? null : Buffer.from(mac.replace(/:/g, ''), 'hex');
}

/** `aa:bb:cc:dd:ee:ff`, lowercase: the one form we hand to other programs. */
export function formatMac(bytes: Buffer): string {
  if (bytes.length !== 6) throw new Error(`a MAC address has 6 bytes, got ${bytes.length}`);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** Parses a MAC or fails with a message that names the host and the value. */
export function requireMac(text: string, where: string): Buffer {
  const mac = parseMac(text);
  if (!mac) throw new Error(`${where}: "${text}" is not a MAC address (use ${macLayouts})`);
  return mac;
}

/** A SecureOn password: 6 bytes written like a MAC (`12:34:56:78:9a:bc`, any notation above). */
export function parseSecureOn(text: string): Buffer | null {
  return parseMac(text);
}

/** The 102-byte magic packet for `mac`, or 108 bytes with a SecureOn password. */
export function buildMagicPacket(mac: Buffer, password?: Buffer): Buffer {
  if (mac.length !== 6) throw new Error(`a MAC address has 6 bytes, got ${mac.length}`);
  if (password && password.length !== 6) throw new Error(`a SecureOn password has 6 bytes, got ${password.length}`);
  const packet = Buffer.alloc(6 + 16 * 6 + (password ? 6 : 0), 0xff);
  for (let i = 0; i < 16; i++) mac.copy(packet, 6 + i * 6);
  password?.copy(packet, 6 + 16 * 6);
  return packet;
}
