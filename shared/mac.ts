/**
 * MAC addresses as people copy them: `aa:bb:cc:dd:ee:ff` (ip link), `AA-BB-CC-DD-EE-FF`
 * (Windows), `aabb.ccdd.eeff` (switches) or `aabbccddeeff`, in any case. One
 * layout per address: a mix of separators (`aa:bb-cc:…`) is a typo, not a MAC.
 * The config schema, the Wake-on-LAN packet and the Settings form all read them here.
 */
const LAYOUTS = [/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/, /^[0-9a-f]{2}(-[0-9a-f]{2}){5}$/, /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/, /^[0-9a-f]{12}$/];

/** What a message about a wrong MAC can offer instead. */
export const macLayouts = 'aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff, aabb.ccdd.eeff or aabbccddeeff';

/** The address as `aa:bb:cc:dd:ee:ff` (lowercase, the one form handed to other programs), or null when it is not one. */
export function parseMac(text: string): string | null {
  const s = text.trim().toLowerCase();
  if (!LAYOUTS.some((re) => re.test(s))) return null;
  return s.replace(/[:.-]/g, '').match(/../g)!.join(':');
}

/** A group (multicast or broadcast) address, which no network card owns: the lowest bit of the first byte is set. */
export function isGroupMac(mac: string): boolean {
  return (parseInt(mac.slice(0, 2), 16) & 1) === 1;
}
