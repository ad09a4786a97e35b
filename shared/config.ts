import { z } from 'zod';
import { normalizeFingerprint } from './fingerprint';
import { languages } from './language';
import { parseMac } from './mac';

/**
 * The config file's schema (YAML on disk). Secrets never appear here: fields
 * that hold one take a reference `secret:NAME`, resolved by the shell.
 */

/** A URL without `user:password@`: a credential written into a URL would sit in plain text in the config (and in logs and errors that print the URL). */
function noUserinfo(u: string): boolean {
  try {
    const url = new URL(u);
    return url.username === '' && url.password === '';
  } catch {
    return true; // .url() reports a URL that does not parse
  }
}
export const secretRef = z
  .string()
  .regex(/^secret:[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be a secret reference like "secret:pve-home", never the secret itself');

const duration = z.number().int().positive();

/** A local time of day, `HH:MM` (24-hour). */
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day like "20:00"');

/** SHA-256 certificate fingerprint, `AB:CD:..` (32 bytes) in any case, colons optional. */
export const certFingerprint = z.string().transform((s, ctx) => {
  const fp = normalizeFingerprint(s);
  if (fp === null) ctx.addIssue({ code: 'custom', message: 'must be a SHA-256 fingerprint (64 hex digits, colons allowed)' });
  return fp ?? s;
});

/** OpenSSH style `SHA256:base64` host key fingerprint. */
export const hostKeyFingerprint = z
  .string()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'must be an OpenSSH fingerprint like "SHA256:abc..." (ssh-keygen -lf)');

export const macAddress = z.string().refine((s) => parseMac(s) !== null, 'must be a MAC address like "aa:bb:cc:dd:ee:ff"');

export const proxmoxClusterConfig = z
  .object({
    name: z.string().min(1).regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, "-", "_" or "."'),
    endpoints: z
      .array(
        z
          .string()
          .url()
          .refine((u) => /^https:\/\//i.test(u), 'must be an https:// URL (Proxmox VE always speaks TLS, port 8006)')
          .refine(noUserinfo, 'has a user name or password in it: take it out of the URL and give the API token as tokenId and tokenSecret: "secret:NAME"'),
      )
      .min(1),
    tokenId: z.string().regex(/^[^@\s]+@[^!\s]+![^\s]+$/, 'must look like "user@realm!tokenname"').optional(),
    tokenSecret: secretRef.optional(),
    username: z.string().regex(/^[^@\s]+@[^\s]+$/, 'must look like "root@pam"').optional(),
    password: secretRef.optional(),
    fingerprint: certFingerprint.optional(),
    /** Further pinned certificates, e.g. one per node when each endpoint is a different node. */
    fingerprints: z.array(certFingerprint).optional(),
    caFile: z.string().optional(),
    interval: duration.optional(),
    timeout: duration.optional(),
  })
  .strict()
  .refine((c) => (c.tokenId && c.tokenSecret) || (c.username && c.password), {
    message: 'needs tokenId + tokenSecret, or username + password',
  });

export const tailscaleConfig = z
  .object({
    cli: z.string().optional(),
    socket: z.string().optional(),
    /** Peers (by name) pinged periodically. */
    pinned: z.array(z.string()).optional(),
    /** The peer that routes into the home LAN. */
    subnetRouter: z.string().optional(),
    interval: duration.optional(),
  })
  .strict();

export const kubernetesConfig = z
  .object({
    kubeconfig: z.union([z.string(), z.array(z.string())]).optional(),
    contexts: z.array(z.string()).optional(),
    interval: duration.optional(),
  })
  .strict();

export const sshTarget = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).optional(),
    user: z.string().min(1).optional(),
    identityFile: z.string().optional(),
    passphrase: secretRef.optional(),
    /**
     * true: an agent must be used; false: never; `pageant`: PuTTY's Pageant (Windows); any other text: the
     * agent's socket (or Windows pipe) for this host, as IdentityAgent in ~/.ssh/config. Unset: SSH_AUTH_SOCK,
     * else the Windows OpenSSH agent when it runs.
     */
    agent: z.union([z.boolean(), z.string().trim().min(1, 'give the agent socket path, "pageant", true or false')]).optional(),
    hostKey: hostKeyFingerprint.optional(),
    knownHosts: z.string().optional(),
    /** Tailscale address or MagicDNS name used when away from home. */
    awayHost: z.string().optional(),
    /** Connect through this other host of `hosts:` (OpenSSH ProxyJump). */
    proxyJump: z.string().optional(),
  })
  .strict();

/** A web UI of a machine or guest, opened in the browser from its panel (Home Assistant on :8123, LuCI on the router). */
export const webLink = z
  .object({
    name: z.string().min(1).max(60),
    url: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//i.test(u), 'must be an http:// or https:// URL')
      .refine(noUserinfo, 'has a user name or password in it: take them out of the URL'),
  })
  .strict();

export const hostConfig = z
  .object({
    name: z.string().min(1).regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, "-", "_" or "."'),
    ssh: sshTarget.optional(),
    mac: macAddress.optional(),
    broadcast: z.string().optional(),
    /** Can wake other machines on the home LAN (router, subnet router VM). */
    wakeRelay: z.boolean().optional(),
    /** SecureOn password of this host's NIC (6 bytes written like a MAC), by reference. */
    secureOn: secretRef.optional(),
    /** How long to wait (ms) for the host to answer after a wake-up; default 3 minutes. */
    wakeTimeout: duration.optional(),
    interval: duration.optional(),
    thresholds: z.record(z.string(), z.number()).optional(),
    /** Its own web UIs, shown as links in its panel. */
    links: z.array(webLink).max(20).optional(),
  })
  .strict();

export const metricsConfig = z
  .object({
    url: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//i.test(u), 'must be an http:// or https:// URL')
      .refine(noUserinfo, 'has a user name or password in it: take it out of the URL and give them as username and password: "secret:NAME"'),
    bearerToken: secretRef.optional(),
    username: z.string().optional(),
    password: secretRef.optional(),
    caFile: z.string().optional(),
    fingerprint: certFingerprint.optional(),
    interval: duration.optional(),
    /** Send the credentials above over plain http:// (a trusted network only); settable only in the config file. */
    plainHttp: z.boolean().optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const credential = m.bearerToken ? 'bearerToken' : m.password ? 'password' : null;
    if (credential && /^http:\/\//i.test(m.url) && m.plainHttp !== true) {
      ctx.addIssue({
        code: 'custom',
        path: [credential],
        message: `would be sent unencrypted to ${m.url}: use an https:// URL, or add "plainHttp: true" to the metrics section if this network is trusted`,
      });
    }
  });

/** One Home Assistant power sensor (W) and the machine it measures: a PVE node, a host of `hosts:`, or a free name (router, disk enclosure). */
export const powerSensor = z
  .object({
    entity: z.string().regex(/^sensor\.[a-z0-9_]+$/, 'must be a Home Assistant sensor entity id like "sensor.gtr5_power"'),
    node: z.string().min(1).optional(),
    /** The cluster of `node` when there is more than one. */
    cluster: z.string().min(1).optional(),
    host: z.string().min(1).optional(),
    name: z.string().min(1).max(60).optional(),
  })
  .strict()
  .refine((s) => [s.node, s.host, s.name].filter((v) => v !== undefined).length === 1, { message: 'give exactly one of node, host or name' })
  .refine((s) => s.cluster === undefined || s.node !== undefined, { message: 'cluster goes with node', path: ['cluster'] });

/** Watts from Home Assistant's REST API, the month's energy and its cost. */
export const powerConfig = z
  .object({
    url: z
      .string()
      .url()
      .refine((u) => /^https:\/\//i.test(u), 'must be an https:// URL (the long-lived token is sent with every request)')
      .refine(noUserinfo, 'has a user name or password in it: take it out of the URL and give the long-lived token as token: "secret:NAME"'),
    /** Home Assistant long-lived access token, by reference. */
    token: secretRef,
    fingerprint: certFingerprint.optional(),
    caFile: z.string().optional(),
    sensors: z.array(powerSensor).min(1).max(64),
    /** Price of one kWh in `currency`. */
    price: z.number().nonnegative().max(1000).optional(),
    /** ISO 4217 code; default CNY when the window speaks zh-CN, else USD. */
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like "CNY" or "EUR"').optional(),
    /** Poll interval in ms; never under a minute. */
    interval: z.number().int().min(60_000, 'must be at least 60000 (one minute): watts change slowly').optional(),
  })
  .strict();

export const homeConfig = z
  .object({
    /** Identity probes: a LAN host that must answer with the pinned key or certificate. */
    probes: z
      .array(
        z
          .object({
            host: z.string(),
            port: z.number().int().min(1).max(65535),
            hostKey: hostKeyFingerprint.optional(),
            fingerprint: certFingerprint.optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export const backupConfig = z
  .object({
    storage: z.string().optional(),
    mode: z.enum(['snapshot', 'suspend', 'stop']).optional(),
    compress: z.enum(['zstd', 'lzo', 'gzip', '0']).optional(),
    notesTemplate: z.string().optional(),
    protected: z.boolean().optional(),
    /** Age in hours after which a guest's newest backup is a warning / critical. */
    warnAfterHours: z.number().positive().optional(),
    critAfterHours: z.number().positive().optional(),
    sets: z
      .array(
        z
          .object({
            name: z.string(),
            tag: z.string().optional(),
            vmids: z.array(z.number().int()).optional(),
            storage: z.string().optional(),
            mode: z.enum(['snapshot', 'suspend', 'stop']).optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export const uiConfig = z
  .object({
    language: z.enum(['system', ...languages]).optional(),
    theme: z.enum(['system', 'light', 'dark']).optional(),
    startAtLogin: z.boolean().optional(),
    favourites: z.array(z.string()).optional(),
    /** Guests with this Proxmox VE tag are favourites too (default `labtray`; "" turns it off). */
    favouriteTag: z.string().regex(/^[a-z0-9_][a-z0-9_.+-]*$|^$/i, 'must be a Proxmox VE tag (letters, digits, "_", "-", "+", ".")').optional(),
    /** Guests that carry the way home beyond what LabTray finds itself (the router VM): `cluster/vmid`, a vmid or a name. Stopping one asks first. */
    protected: z.array(z.string().min(1)).optional(),
    /** Web UIs of guests, by `cluster/vmid`: `{ "home/111": [{ name: "Home Assistant", url: "http://192.168.1.30:8123" }] }`. */
    links: z
      .record(z.string().regex(/^[A-Za-z0-9_.-]+\/\d+$/), z.array(webLink).max(20), {
        // zod reports a bad key as "Invalid key in record": say what a key must be instead.
        error: (issue) => (issue.code === 'invalid_key' ? 'must be cluster/vmid' : undefined),
      })
      .optional(),
    /** Poll intervals in ms while the window is open / hidden. */
    fastInterval: duration.optional(),
    slowInterval: duration.optional(),
    notifications: z.boolean().optional(),
    /** Let critical notices (a host going down) through quiet mode. */
    criticalBreaksQuiet: z.boolean().optional(),
    /** Daily quiet mode in local time, e.g. 20:00 to 01:00 (may cross midnight). */
    quietHours: z.object({ from: clockTime, to: clockTime }).strict().optional(),
    /** The packaged app's update checks (GitHub releases): `check: false` turns them off; `beta` also takes pre-releases. */
    updates: z.object({ check: z.boolean().optional(), channel: z.enum(['stable', 'beta']).optional() }).strict().optional(),
  })
  .strict();

export const configSchema = z
  .object({
    proxmox: z.array(proxmoxClusterConfig).optional(),
    tailscale: tailscaleConfig.optional(),
    kubernetes: kubernetesConfig.optional(),
    hosts: z.array(hostConfig).optional(),
    metrics: metricsConfig.optional(),
    power: powerConfig.optional(),
    home: homeConfig.optional(),
    backup: backupConfig.optional(),
    ui: uiConfig.optional(),
  })
  .strict();

export type LabConfig = z.infer<typeof configSchema>;
export type ProxmoxClusterConfig = z.infer<typeof proxmoxClusterConfig>;
export type TailscaleConfig = z.infer<typeof tailscaleConfig>;
export type KubernetesConfig = z.infer<typeof kubernetesConfig>;
export type HostConfig = z.infer<typeof hostConfig>;
export type WebLink = z.infer<typeof webLink>;
export type SshTarget = z.infer<typeof sshTarget>;
export type MetricsConfig = z.infer<typeof metricsConfig>;
export type PowerConfig = z.infer<typeof powerConfig>;
export type PowerSensorConfig = z.infer<typeof powerSensor>;
export type BackupConfig = z.infer<typeof backupConfig>;
export type UiConfig = z.infer<typeof uiConfig>;
