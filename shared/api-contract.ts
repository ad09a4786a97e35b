import { z } from 'zod';
import { configSchema, hostConfig, proxmoxClusterConfig, uiConfig, type HostConfig, type LabConfig } from './config';
import { historyTimeframes, type GuestDetail, type ItemHistory } from './guest-detail';
import { guestActions } from './proxmox';
import type { FeatureGap } from './pve-privileges';
import type { Snapshot } from './snapshot';
import { snapshotNameProblem } from './snapshot-name';
import type { PingResult } from './tailscale';
import type { Notice, TaskInfo } from './tasks';

/**
 * The root of the LabApi: every method once, with the zod schema its input is
 * parsed with and the type it answers, and every event with its payload.
 * LabResults, LabInput, the handler map in the core and the IPC channels are
 * derived from here; the preload's zod-free name list is checked against it.
 */

// No leading '-': a name must never be taken for a command-line option.
const name = z.string().min(1).max(128).regex(/^[A-Za-z0-9_.@:][A-Za-z0-9_.@:-]*$/, 'must be a plain name');
/** A Kubernetes object name (DNS-1123 subdomain: nodes, pods, deployments): lower case, digits, '-' and '.', never "." or "..". */
const kubeObjectName = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'must be a Kubernetes object name (lower-case letters, digits, "-" and ".")');
/** A namespace (DNS-1123 label). */
const kubeNamespace = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a Kubernetes namespace (lower-case letters, digits and "-")');
const vmid = z.number().int().min(100).max(999_999_999);
/** A snapshot name PVE takes (see snapshot-name.ts); the refusal names the rule broken. */
export const snapshotName = z.string().superRefine((v, ctx) => {
  const problem = snapshotNameProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
/** Secret values typed into a form, by reference name; stored only with the config that refers to them, never returned. */
const secretValues = z.record(name, z.string().min(1).max(4096));

export interface TaskRef {
  taskId: string;
}

export interface CertificateInfo {
  fingerprint: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  /** Subject alternative names as the certificate lists them (`DNS:pve.lan`, `IP Address:192.168.50.60`). */
  names?: string[];
  /** The system's CAs vouch for it under the name dialled: no pin needed. */
  caTrusted?: boolean;
  /** The system's CAs vouch for its chain, whatever names it carries (a wrong name is refused, not a first contact). */
  chainTrusted?: boolean;
}

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
  latencyMs: number | null;
  /** Proxmox VE: the nodes the cluster lists. */
  nodes?: string[];
  /** Proxmox VE: the features the token or user lacks privileges for (read from GET /access/permissions); absent when that could not be read. */
  missing?: FeatureGap[];
}

export interface SettingsView {
  config: LabConfig;
  /** Where the config lives on disk. */
  path: string | null;
  /** Secret references used by the config and whether each has a stored value. */
  secrets: { name: string; stored: boolean }[];
  /** false: a secret typed in Settings is kept in memory only, until this process stops (the preview, the demo lab). */
  secretsPersist?: boolean;
  /** The folder of the app's daily log files; null where none are kept (the preview). */
  logDir: string | null;
  /** Where the Tailscale CLI and daemon socket were found (shown; changed only in the config file). */
  tailscale?: TailscaleDetected;
  /** The contexts of the kubeconfig files the Kubernetes section reads (or kubectl's default), file by file. */
  kubeconfigs?: KubeconfigFileView[];
}

export interface TailscaleDetected {
  /** The CLI: configured, or the first of the OS's usual places that exists; null when none. */
  cli: string | null;
  /** The LocalAPI socket: configured, or the OS's default. */
  socket: string;
  /** Whether the socket exists (null where it cannot be looked for: a Windows named pipe). */
  socketFound: boolean | null;
  /** A CLI or the socket is there: "Use Tailscale" is offered. */
  detected: boolean;
}

/** A tailnet peer that looks like a Proxmox VE node, offered as a cluster endpoint through the tailnet. */
export interface EndpointSuggestion {
  peer: string;
  /** `https://<MagicDNS name or Tailscale IP>:8006`. */
  url: string;
  /** Named like a node of the lab, or accepts connections on 8006. */
  why: 'name' | 'port';
}

export interface KubeconfigFileView {
  file: string;
  found: boolean;
  /** The file could not be read (its text names why). */
  error?: string;
  contexts: { name: string; cluster: string; server: string | null; /** Its user logs in by running a program: chosen only in the config file. */ exec: boolean }[];
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

/** One method of the root: its input schema, and its result as a type only. */
export interface MethodSpec<S extends z.ZodType = z.ZodType, R = unknown> {
  readonly input: S;
  /** Never set at run time: it carries the result type. */
  readonly result?: R;
}

/** `takes(schema).answers<Result>()`: one method of the root. */
function takes<S extends z.ZodType>(input: S): { answers<R>(): MethodSpec<S, R> } {
  return { answers: () => ({ input }) };
}

/** Every LabApi method. Adding one here (and its name in ipc-channels.ts) makes the compiler ask for its handler. */
export const labApi = {
  getSnapshot: takes(z.undefined()).answers<Snapshot>(),
  /** The window's heartbeat: a core that does not answer within a few seconds is busy or gone; `version` tells whether a snapshot was missed. */
  ping: takes(z.undefined()).answers<{ version: number }>(),
  refresh: takes(z.undefined()).answers<null>(),
  guestAction: takes(
    z
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
  ).answers<TaskRef[]>(),
  startBackup: takes(
    z
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
  ).answers<TaskRef[]>(),
  wake: takes(z.object({ host: name }).strict()).answers<TaskRef>(),
  /** Shut down or reboot a Proxmox VE node (its guests stop with it); Wake brings a node back. */
  nodePower: takes(z.object({ cluster: name, node: name, action: z.enum(['shutdown', 'reboot']) }).strict()).answers<TaskRef>(),
  pingPeer: takes(z.object({ peer: name }).strict()).answers<PingResult>(),
  /** A node's (no vmid) or guest's history from PVE's rrddata, read on demand and cached per item and time frame; never polled. */
  history: takes(z.object({ cluster: name, node: name, vmid: vmid.optional(), timeframe: z.enum(historyTimeframes) }).strict()).answers<ItemHistory>(),
  /** Takes a snapshot of a guest (a task); a guarded guest is asked about by the caller first, as for shutdown. */
  snapshotGuest: takes(
    z
      .object({
        cluster: name,
        vmid,
        name: snapshotName,
        description: z.string().max(1024).optional(),
        /** qemu only: save the running VM's memory too. */
        vmstate: z.boolean().optional(),
      })
      .strict(),
  ).answers<TaskRef>(),
  /** Everything a guest's panel shows: addresses, config, snapshots, tasks, backups, the next backup, console and web UI links. */
  guestDetail: takes(z.object({ cluster: name, vmid }).strict()).answers<GuestDetail>(),
  kubeAction: takes(
    z
      .object({
        context: name,
        action: z.enum(['cordon', 'uncordon', 'rollout-restart', 'delete-pod']),
        namespace: kubeNamespace.optional(),
        name: kubeObjectName,
      })
      .strict(),
  ).answers<TaskRef>(),
  getSettings: takes(z.undefined()).answers<SettingsView>(),
  saveSettings: takes(
    z
      .object({
        config: configSchema,
        /** New secret values by reference name; stored encrypted, never returned. */
        secrets: secretValues.optional(),
      })
      .strict(),
  ).answers<SettingsView>(),
  testConnection: takes(z.object({ kind: z.enum(['proxmox', 'ssh', 'kubernetes', 'metrics']), name }).strict()).answers<ConnectionTestResult>(),
  /**
   * Settings' lab editor, one change at a time. Each is a transaction: the whole resulting config is checked
   * before anything is written, and a refusal names the field (`proxmox[1].name: ...`, one line per problem).
   * `previous` names the cluster or host being edited (a rename when it differs); absent, one is added.
   */
  saveCluster: takes(z.object({ cluster: proxmoxClusterConfig, previous: name.optional(), secrets: secretValues.optional() }).strict()).answers<SettingsView>(),
  removeCluster: takes(z.object({ name }).strict()).answers<SettingsView>(),
  saveHost: takes(z.object({ host: hostConfig, previous: name.optional(), secrets: secretValues.optional() }).strict()).answers<SettingsView>(),
  removeHost: takes(z.object({ name }).strict()).answers<SettingsView>(),
  /** The subnet router and the peers to ping, each a peer of the tailnet now; adds the tailscale section when there is none. */
  saveTailscale: takes(z.object({ subnetRouter: name.optional(), pinned: z.array(name).max(500) }).strict()).answers<SettingsView>(),
  /** The kube contexts to watch, each a context of the kubeconfig files read now (none: the section goes). */
  saveKubernetes: takes(z.object({ contexts: z.array(name).max(500) }).strict()).answers<SettingsView>(),
  /** Tailnet peers that look like PVE nodes (named like a node, or answering on 8006: a TCP connect only, nothing sent). */
  tailnetEndpoints: takes(z.undefined()).answers<EndpointSuggestion[]>(),
  /** First run's welcome: keep exploring the demo (the welcome does not come back), or set up: an empty config at the real path, the lab reopened from it. */
  firstRun: takes(z.object({ choice: z.enum(['demo', 'setup']) }).strict()).answers<null>(),
  fetchCertificate: takes(
    z
      .object({
        url: z
          .string()
          .url()
          .refine((u) => u.startsWith('https://'), 'must be an https:// URL'),
      })
      .strict(),
  ).answers<CertificateInfo>(),
  trustCertificate: takes(z.object({ cluster: name, fingerprint: z.string().regex(/^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/) }).strict()).answers<null>(),
  trustHostKey: takes(z.object({ host: name, fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/) }).strict()).answers<null>(),
  /** Hosts of the user's ~/.ssh/config, offered for import; the core picks the file, the UI never names a path. */
  sshConfigHosts: takes(z.undefined()).answers<SshConfigHosts>(),
  /** Favourites, language and theme: saved in the config's `ui` section, so the tray and notifications follow at once. */
  savePrefs: takes(
    z
      .object({
        favourites: z.array(z.string().regex(/^[A-Za-z0-9_.-]+\/\d+$/, 'must be cluster/vmid')).max(5000).optional(),
        // The same choices the config's `ui` section allows.
        language: uiConfig.shape.language,
        theme: uiConfig.shape.theme,
      })
      .strict(),
  ).answers<null>(),
  setPaused: takes(z.object({ paused: z.boolean() }).strict()).answers<null>(),
  setWindowVisible: takes(z.object({ visible: z.boolean() }).strict()).answers<null>(),
  /** The tray popover's "open": the app's window at a place (`guests`, `guest:home/101`); `opened: false` where the shell has no other window (the preview shows it in the same page). */
  openWindow: takes(
    z
      .object({
        target: z
          .string()
          .regex(/^[a-z]+(?::[A-Za-z0-9_.:/-]{1,180})?$/, 'must be a view or an item like guest:home/101')
          .optional(),
      })
      .strict(),
  ).answers<{ opened: boolean }>(),
  /** Settings' "Open log folder": the file manager opens it; the answer names it either way. */
  openLogFolder: takes(z.undefined()).answers<{ path: string; opened: boolean }>(),
} as const satisfies Record<string, MethodSpec>;

export type LabMethod = keyof typeof labApi;
/** What a caller sends (before parsing). */
export type LabInput<M extends LabMethod> = z.input<(typeof labApi)[M]['input']>;
/** What a handler receives: the input as its schema parsed it. */
export type LabArgs<M extends LabMethod> = z.output<(typeof labApi)[M]['input']>;
/** What every LabApi method answers. */
export type LabResults = { [M in LabMethod]: (typeof labApi)[M] extends MethodSpec<z.ZodType, infer R> ? R : never };

/** Events the core pushes to the UI. */
export interface LabEvents {
  snapshot: Snapshot;
  task: TaskInfo;
  notice: Notice;
}
export type LabEventName = keyof LabEvents;
