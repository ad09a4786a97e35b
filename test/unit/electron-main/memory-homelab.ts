import type { GuardQuestion } from '../../../shared/tray-lab';
import type { CliInstaller } from '../../../electron/main/cli-install';
import type { UpdaterPort } from '../../../electron/main/updates';
import { EventEmitter } from 'node:events';
import { LabError, type LabArgs } from '../../../shared/api';
import type { LabConfig } from '../../../shared/config';
import type { HostState } from '../../../shared/hosts';
import { msg } from '../../../shared/message';
import type { ProxmoxCluster } from '../../../shared/proxmox';
import type { Clock } from '../../../electron/core/clock';
import type { IntegrationFactory } from '../../../electron/core/lab/integration';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import type { Source } from '../../../electron/core/lab/source';
import { createShell, type Shell } from '../../../electron/main/shell';
import { FakeClock } from '../../helpers/fake-clock';
import { homeCluster, host } from '../tray/lab-snapshot';
import { FakeNotices, FakeWindow, homeWifi, MemoryQuietStore, RecordingTray, type NetworkInterfaces } from './shell-fakes';

/** The reference homelab in memory: the home cluster and orangepi5, changed by the test between polls. */
export class MemoryHomelab {
  cluster: ProxmoxCluster = homeCluster();
  /** Set to make orangepi5's next reads fail with this message. */
  orangepiError: string | null = null;
  readonly guestActions: LabArgs<'guestAction'>[] = [];
  readonly lab: Lab;

  constructor(
    readonly clock = new FakeClock(),
    config: LabConfig = {},
  ) {
    const pve: Source<'proxmox'> = {
      id: 'proxmox:home', kind: 'proxmox', name: 'home', intervalMs: 3_600_000, timeoutMs: 5_000,
      placeholder: () => homeCluster({ nodes: [], guests: [] }),
      poll: async () => this.cluster,
      checks: (c, at) =>
        c.nodes.map((n) => {
          const up = n.status === 'online';
          return { id: `proxmox:home:node:${n.name}`, source: 'proxmox:home', target: `node:${n.name}`, status: up ? 'ok' : 'crit', ...msg(up ? 'pve.nodeOnline' : 'pve.nodeOffline', { node: n.name }), observedAt: at };
        }),
    };
    const orangepi: Source<'host'> = {
      id: 'host:orangepi5', kind: 'host', name: 'orangepi5', intervalMs: 3_600_000, timeoutMs: 5_000,
      placeholder: (): HostState => host('orangepi5', false),
      poll: async () => {
        if (this.orangepiError) throw new Error(this.orangepiError);
        return host('orangepi5', true);
      },
      checks: (h, at) => [{ id: 'host:orangepi5:up', source: 'host:orangepi5', target: 'host:orangepi5', status: h.reachable ? 'ok' : 'crit', summary: `orangepi5 is ${h.reachable ? 'up' : 'down'}`, observedAt: at }],
    };
    const factories: IntegrationFactory[] = [
      () => ({
        kind: 'proxmox',
        sources: [pve],
        actions: {
          guestAction: async (input) => {
            this.guestActions.push(input);
            if (input.action === 'start') throw new LabError('forbidden', 'token lacks VM.PowerMgmt on /vms/101');
            return [{ taskId: 'task-1' }];
          },
        },
      }),
      () => ({ kind: 'ssh', sources: [orangepi] }),
    ];
    this.lab = new Lab({ config, factories, secrets: new MemorySecretStore(), clock });
  }

  /** Every source polled again, and the snapshot published. */
  async poll(): Promise<void> {
    this.lab.refreshAll();
    await this.clock.advance(0);
  }
}

/** The whole shell around a Lab, every port a recorder; `locale` is the OS's. */
export interface FakeShell {
  shell: Shell<FakeWindow>;
  tray: RecordingTray;
  notices: FakeNotices;
  windows: FakeWindow[];
  power: EventEmitter;
  quietStore: MemoryQuietStore;
  network: { now: NetworkInterfaces };
  /** How often the app was asked to quit. */
  quits: { count: number };
  loginItems: boolean[];
  log: string[];
  /** Questions the shell asked (a native message box in the app), and the answer each got: `answer` below. */
  asked: GuardQuestion[];
  answer: boolean;
}

export function fakeShell(lab: Lab, clock: Clock, opts: { locale?: string; packaged?: boolean; updater?: UpdaterPort; cliInstaller?: CliInstaller } = {}): FakeShell {
  const f: Omit<FakeShell, 'shell'> = {
    tray: new RecordingTray(),
    notices: new FakeNotices(),
    windows: [],
    power: new EventEmitter(),
    quietStore: new MemoryQuietStore(),
    network: { now: homeWifi },
    quits: { count: 0 },
    loginItems: [],
    log: [],
    asked: [],
    answer: false,
  };
  const shell = createShell<FakeWindow>({
    lab,
    clock,
    locale: () => opts.locale ?? 'en-US',
    log: { info: (m) => f.log.push(m), warn: (m) => f.log.push(m), error: (m) => f.log.push(m) },
    quietStore: f.quietStore,
    tray: f.tray,
    window: { create: () => (f.windows.push(new FakeWindow()), f.windows.at(-1) as FakeWindow), url: 'labtray://app/index.html' },
    notices: f.notices,
    power: f.power,
    network: { read: () => f.network.now, intervalMs: 30_000, setInterval: () => 'interval', clearInterval: () => undefined },
    loginItem: { isPackaged: opts.packaged ?? false, setLoginItemSettings: (s) => void f.loginItems.push(s.openAtLogin) },
    quit: () => void (f.quits.count += 1),
    ask: async (q) => (f.asked.push(q), f.answer),
    updater: opts.updater,
    cliInstaller: opts.cliInstaller,
  });
  return Object.assign(f, { shell });
}
