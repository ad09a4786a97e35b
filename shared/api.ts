import { z } from 'zod';
import { configSchema, type HostConfig, type LabConfig } from './config';
import { guestActions } from './proxmox';
import type { Snapshot } from './snapshot';
import type { PingResult } from './tailscale';
import type { Notice, TaskInfo } from './tasks';

// No leading '-': a name must never be taken for a command-line option.
const name = z.string().min(1).max(128).regex(/^[A-Za-z0-9_.@:][A-Za-z0-9_.@:-]*$/, 'must be a plain name');
const vmid = z.number().int().min(100).max(999_999_999);

/** Input schemas: every LabApi input is parsed with these in the shell before it reaches the core. */
export const inputSchemas = {
  getSnapshot: z.undefined(),
  refresh: z.undefined(),
  guestAction: z
    .object({
      cluster: name,
      vmids: z.array(vmid).min(1).max(500),
      action: z.enum(guestActions),
      /** For shutdown: seconds before giving up (then the UI offers a force stop). */
      timeout: z.number().int().min(1).max(3600).optional(),
      /** For shutdown: stop hard when the timeout passes. */
      forceStop: z.boolean().optional(),
    })
    .strict(),
  startBackup: z
    .object({
      cluster: name,
      vmids: z.array(vmid).min(1).max(500).optional(),
      /** A saved backup set from the config. */
      set: name.optional(),
      storage: name.optional(),
      mode: z.enum(['snapshot', 'suspend', 'stop']).optional(),
    })
    .strict()
    .refine((v) => v.vmids !== undefined || v.set !== undefined, 'give vmids or a backup set'),
  wake: z.object({ host: name }).strict(),
  pingPeer: z.object({ peer: name }).strict(),
  kubeAction: z
    .object({
      context: name,
      action: z.enum(['cordon', 'uncordon', 'rollout-restart', 'delete-pod']),
      namespace: name.optional(),
      name,
    })
    .strict(),
  getSettings: z.undefined(),
  saveSettings: z
    .object({
      config: configSchema,
      /** New secret values by reference name; stored encrypted, never returned. */
      secrets: z.record(name, z.string().min(1).max(4096)).optional(),
    })
    .strict(),
  testConnection: z
    .object({
      kind: z.enum(['proxmox', 'ssh', 'kubernetes', 'metrics']),
      name,
    })
    .strict(),
  fetchCertificate: z
    .object({
      url: z
        .string()
        .url()
        .refine((u) => u.startsWith('https://'), 'must be an https:// URL'),
    })
    .strict(),
  trustCertificate: z.object({ cluster: name, fingerprint: z.string().regex(/^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/) }).strict(),
  trustHostKey: z.object({ host: name, fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/) }).strict(),
  /** Hosts of the user's ~/.ssh/config, offered for import; the core picks the file, the UI never names a path. */
  sshConfigHosts: z.undefined(),
  /** Favourites, language and theme: saved in the config's `ui` section, so the tray and notifications follow at once. */
  savePrefs: z
    .object({
      favourites: z.array(z.string().regex(/^[A-Za-z0-9_.-]+\/\d+$/, 'must be cluster/vmid')).max(5000).optional(),
      language: z.enum(['system', 'en', 'zh-CN']).optional(),
      theme: z.enum(['system', 'light', 'dark']).optional(),
    })
    .strict(),
  setPaused: z.object({ paused: z.boolean() }).strict(),
  setWindowVisible: z.object({ visible: z.boolean() }).strict(),
} as const;

export type LabMethod = keyof typeof inputSchemas;
export type LabInput<M extends LabMethod> = z.input<(typeof inputSchemas)[M]>;

export interface TaskRef {
  taskId: string;
}

export interface CertificateInfo {
  fingerprint: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
  latencyMs: number | null;
}

export interface SettingsView {
  config: LabConfig;
  /** Where the config lives on disk. */
  path: string | null;
  /** Secret references used by the config and whether each has a stored value. */
  secrets: { name: string; stored: boolean }[];
}

/** One host of ~/.ssh/config as it would be added to `hosts:` (its identity file by path only, never the key). */
export interface SshImportCandidate {
  host: HostConfig;
  /** A host of this name is already in the config. */
  configured: boolean;
}

export interface SshConfigHosts {
  /** The file that was read. */
  path: string;
  /** false: there is no such file (nothing to import). */
  found: boolean;
  hosts: SshImportCandidate[];
}

/** What every LabApi method returns. */
export interface LabResults {
  getSnapshot: Snapshot;
  refresh: null;
  guestAction: TaskRef[];
  startBackup: TaskRef[];
  wake: TaskRef;
  pingPeer: PingResult;
  kubeAction: TaskRef;
  getSettings: SettingsView;
  saveSettings: SettingsView;
  testConnection: ConnectionTestResult;
  fetchCertificate: CertificateInfo;
  trustCertificate: null;
  trustHostKey: null;
  sshConfigHosts: SshConfigHosts;
  savePrefs: null;
  setPaused: null;
  setWindowVisible: null;
}

/**
 * The contract between the UI and the core. The renderer sees only this,
 * as `window.labtray`; the Electron preload and the browser preview bridge
 * both implement it.
 */
export type LabApi = {
  [M in LabMethod]: (input: LabInput<M>) => Promise<LabResults[M]>;
} & {
  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void;
};

/** Events the core pushes to the UI. */
export interface LabEvents {
  snapshot: Snapshot;
  task: TaskInfo;
  notice: Notice;
}
export type LabEventName = keyof LabEvents;
export const labEventNames: readonly LabEventName[] = ['snapshot', 'task', 'notice'];
export const labMethods = Object.keys(inputSchemas) as LabMethod[];

/** IPC channel names, named once (in ipc-channels.ts, which the zod-free preload can load too). */
export { preloadChannels as channels } from './ipc-channels';

/** Errors cross IPC and WebSocket as data, so their code and message survive. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export class LabError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LabError';
  }
}

export function unwrap<T>(e: Envelope<T>): T {
  if (e.ok) return e.value;
  throw new LabError(e.error.code, e.error.message);
}

/** Validates one input; throws a LabError naming the field that is wrong. */
export function parseInput<M extends LabMethod>(method: M, input: unknown): z.output<(typeof inputSchemas)[M]> {
  const r = inputSchemas[method].safeParse(input);
  if (!r.success) {
    const first = r.error.issues[0];
    const path = first && first.path.length ? first.path.join('.') : 'input';
    throw new LabError('invalid-input', `${method}: ${path}: ${first ? first.message : 'invalid'}`);
  }
  return r.data as z.output<(typeof inputSchemas)[M]>;
}
