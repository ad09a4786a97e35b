/**
 * macOS 15 and newer keep an app off the local network until the user allows
 * it (Privacy & Security → Local Network). Refused, or before the prompt was
 * answered, a connection to a LAN machine fails with EHOSTUNREACH: the same
 * error as a machine that is switched off, so the error says which to check.
 */
export function localNetworkHint(code: string | null | undefined, platform: NodeJS.Platform = process.platform): string | null {
  if (platform !== 'darwin' || code !== 'EHOSTUNREACH') return null;
  return 'if it is on, macOS may be keeping LabTray off the local network: allow LabTray in System Settings → Privacy & Security → Local Network';
}
