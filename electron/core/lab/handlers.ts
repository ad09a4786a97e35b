import { LabError, type LabMethod, type SettingsView } from '../../../shared/api';
import type { LabConfig } from '../../../shared/config';
import type { Snapshot } from '../../../shared/snapshot';
import { putKubernetes, putTailscale, tailscaleDetected } from '../config/lab-sections';
import { commitConfig, dropCluster, dropHost, putCluster, putHost } from '../config/transaction';
import type { SecretStore } from '../secrets';
import { defaultSshConfigPath, sshConfigHosts } from '../ssh/import-hosts';
import type { Handler, Integration, LabHandlers } from './integration';
import type { PollFlags } from './poll-mode';

/** What the handlers use of the Lab. */
export interface HandlerDeps {
  snapshot(): Snapshot;
  config(): LabConfig;
  integrations(): readonly Integration[];
  secrets: SecretStore;
  configPath: string | null;
  /** The ssh config offered for import in Settings. */
  sshConfigPath: string | undefined;
  refreshAll(): void;
  setPollFlags(flags: Partial<PollFlags>): void;
  /** Changes the config one edit at a time (each sees the last one's result), saves it when the shell can, and applies it. */
  editConfig(mutate: (current: LabConfig) => LabConfig): Promise<void>;
  /** The shell's log folder, and how it opens one in the file manager (absent: the path is only named). */
  logs?: LogFolder;
  /** Opens the app's window at a place; false when the shell has no window besides the page that asks. */
  openWindow(target?: string): boolean;
  /** The welcome's choice, answered by the shell that opened the Lab. */
  firstRun(choice: 'demo' | 'setup'): Promise<void>;
}

export interface LogFolder {
  dir: string;
  open?: (dir: string) => void;
}

/** The first integration that answers `method`; else `fallback` (what needs no section of the config), else refused. */
function routed<M extends LabMethod>(deps: HandlerDeps, method: M, fallback?: Handler<M>): Handler<M> {
  return (input) => {
    for (const i of deps.integrations()) {
      const h = i.actions?.[method];
      if (h) return h(input);
    }
    if (fallback) return fallback(input);
    throw new LabError('unsupported', `${method}: nothing in the config can do this`);
  };
}

/** The Settings view: the config and which of its secret references have a stored value (never the values). */
async function settingsView(deps: HandlerDeps): Promise<SettingsView> {
  const refs = new Set<string>();
  JSON.stringify(deps.config(), (_k, v: unknown) => {
    if (typeof v === 'string' && v.startsWith('secret:')) refs.add(v.slice(7));
    return v;
  });
  const secrets = await Promise.all([...refs].sort().map(async (name) => ({ name, stored: await deps.secrets.has(name) })));
  const config = deps.config();
  // The Kubernetes client loads only when Settings asks, not with every lab.
  const kubeconfigs = (await import('../kube/contexts-view')).kubeconfigFilesView(config.kubernetes);
  return { config, path: deps.configPath, secrets, secretsPersist: deps.secrets.persistent !== false, logDir: deps.logs?.dir ?? null, tailscale: tailscaleDetected(config), kubeconfigs };
}

/** One handler per LabApi method: answered by the Lab, or routed to the integration that offers it. */
export function labHandlers(deps: HandlerDeps): LabHandlers {
  return {
    getSnapshot: async () => deps.snapshot(),
    ping: async () => ({ version: deps.snapshot().version }),
    refresh: async () => {
      deps.refreshAll();
      return null;
    },
    setPaused: async ({ paused }) => {
      deps.setPollFlags({ userPaused: paused });
      return null;
    },
    setWindowVisible: async ({ visible }) => {
      deps.setPollFlags({ windowVisible: visible });
      return null;
    },
    getSettings: () => settingsView(deps),
    // Each change from the window is one transaction (see commitConfig): checked whole, secrets stored only with the config.
    saveSettings: async ({ config, secrets }) => {
      await commitConfig(deps, 'saveSettings', () => config, secrets);
      return settingsView(deps);
    },
    saveCluster: async ({ cluster, previous, secrets }) => {
      await commitConfig(deps, 'saveCluster', putCluster(cluster, previous), secrets);
      return settingsView(deps);
    },
    removeCluster: async ({ name }) => {
      await commitConfig(deps, 'removeCluster', dropCluster(name));
      return settingsView(deps);
    },
    saveHost: async ({ host, previous, secrets }) => {
      await commitConfig(deps, 'saveHost', putHost(host, previous), secrets);
      return settingsView(deps);
    },
    removeHost: async ({ name }) => {
      await commitConfig(deps, 'removeHost', dropHost(name));
      return settingsView(deps);
    },
    saveTailscale: async ({ subnetRouter, pinned }) => {
      await commitConfig(deps, 'saveTailscale', putTailscale({ subnetRouter, pinned }, deps.snapshot()));
      return settingsView(deps);
    },
    saveKubernetes: async ({ contexts }) => {
      const files = (await import('../kube/contexts-view')).kubeconfigFilesView(deps.config().kubernetes);
      await commitConfig(deps, 'saveKubernetes', putKubernetes(contexts, files));
      return settingsView(deps);
    },
    tailnetEndpoints: async () => {
      const configured = (deps.config().proxmox ?? []).flatMap((c) => c.endpoints);
      const snapshot = deps.snapshot();
      // The demo's tailnet is simulated: its peers' addresses are not to be dialled, only their names compared.
      return (await import('../tailscale/pve-discovery')).tailnetPveEndpoints(snapshot, configured, snapshot.demo ? { probe: async () => false } : {});
    },
    firstRun: async ({ choice }) => {
      await deps.firstRun(choice);
      return null;
    },
    // Merged into the config as it is when this edit's turn comes: a star and a language chosen at once both stay.
    savePrefs: async (prefs) => {
      await deps.editConfig((c) => ({ ...c, ui: { ...c.ui, ...prefs } }));
      return null;
    },
    openWindow: async ({ target }) => ({ opened: deps.openWindow(target) }),
    openLogFolder: async () => {
      const logs = deps.logs;
      if (!logs) throw new LabError('unsupported', 'openLogFolder: this shell keeps no log files');
      logs.open?.(logs.dir);
      return { path: logs.dir, opened: logs.open !== undefined };
    },
    sshConfigHosts: () => sshConfigHosts(deps.sshConfigPath ?? defaultSshConfigPath(), deps.config()),
    // Several integrations test connections: the one of the kind asked for answers.
    testConnection: async (input) => {
      const integ = deps.integrations().find((i) => i.kind === input.kind && i.actions?.testConnection);
      if (!integ?.actions?.testConnection) throw new LabError('unsupported', `no ${input.kind} connection named "${input.name}" is configured`);
      return integ.actions.testConnection(input);
    },
    guestAction: routed(deps, 'guestAction'),
    startBackup: routed(deps, 'startBackup'),
    wake: routed(deps, 'wake'),
    nodePower: routed(deps, 'nodePower'),
    pingPeer: routed(deps, 'pingPeer'),
    history: routed(deps, 'history'),
    guestDetail: routed(deps, 'guestDetail'),
    snapshotGuest: routed(deps, 'snapshotGuest'),
    kubeAction: routed(deps, 'kubeAction'),
    // First contact needs no cluster in the config (the first one is being added): without one the Lab answers it.
    fetchCertificate: routed(deps, 'fetchCertificate', async (input) => (await import('../tls/pinning')).fetchCertificate(input.url, { timeoutMs: 10_000 })),
    trustCertificate: routed(deps, 'trustCertificate'),
    trustHostKey: routed(deps, 'trustHostKey'),
  };
}
