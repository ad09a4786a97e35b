import type { LabEventName, LabMethod } from './api-contract';

/**
 * The LabApi's method and event names and IPC channels without zod, for the
 * sandboxed preload (it can require nothing but `electron`). The root is
 * api-contract.ts; the compile-time checks below keep these lists equal to it.
 */
export const preloadMethodNames = [
  'getSnapshot',
  'ping',
  'refresh',
  'guestAction',
  'startBackup',
  'wake',
  'pingPeer',
  'history',
  'guestDetail',
  'snapshotGuest',
  'kubeAction',
  'getSettings',
  'saveSettings',
  'testConnection',
  'saveCluster',
  'removeCluster',
  'saveHost',
  'removeHost',
  'saveTailscale',
  'saveKubernetes',
  'firstRun',
  'tailnetEndpoints',
  'fetchCertificate',
  'trustCertificate',
  'trustHostKey',
  'sshConfigHosts',
  'savePrefs',
  'setPaused',
  'setWindowVisible',
  'openWindow',
  'nodePower',
  'openLogFolder',
] as const satisfies readonly LabMethod[];

export const preloadEventNames = ['snapshot', 'task', 'notice'] as const satisfies readonly LabEventName[];

type MissingMethod = Exclude<LabMethod, (typeof preloadMethodNames)[number]>;
type MissingEvent = Exclude<LabEventName, (typeof preloadEventNames)[number]>;
// A method or event added to the root and not here fails the type-check on these two lines (one named only here fails `satisfies` above).
export const methodsComplete: [MissingMethod] extends [never] ? true : MissingMethod = true;
export const eventsComplete: [MissingEvent] extends [never] ? true : MissingEvent = true;

/** The IPC channels; shared/api.ts re-exports them as `channels`. */
export const preloadChannels = {
  invoke: (m: LabMethod) => `labtray:${m}`,
  event: (e: LabEventName) => `labtray:event:${e}`,
} as const;
