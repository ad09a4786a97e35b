import { LabError, type ConnectionTestResult } from '../../../shared/api';
import type { LabConfig, ProxmoxClusterConfig } from '../../../shared/config';
import type { Clock } from '../clock';
import { defineIntegration, type IntegrationDefinition, type PveWaker } from '../lab/integration';
import { requireSecret, type SecretStore } from '../secrets';
import { closeAgent, createTlsAgent, fetchVia } from '../tls/agent';
import { defaultBackupAgeLimits } from '../../../shared/backup-age';
import { normalizeFingerprint } from '../../../shared/fingerprint';
import { fetchCertificate } from '../tls/pinning';
import { guestAction, startBackup, type ActionDeps, type ClusterHandle } from './actions';
import { PveClient, type PveAuth } from './client';
import { detailActions } from './detail-actions';
import { nodePower } from './node-power';
import { snapshotGuest } from './snapshot';
import { ProxmoxSource, type PveCadence } from './source';
import { missingFeaturesOn, type PermissionMap } from '../../../shared/pve-privileges';

export interface ProxmoxIntegrationOptions {
  /** Faster task following and cadences for tests. */
  taskPollMs?: number;
  cadence?: Partial<PveCadence>;
}

/** Builds the client of one configured cluster (TLS trust from the config, secrets resolved now). */
/**
 * A poll's reads share two connections: each new one is a TLS handshake (about
 * 3 ms of CPU), and pveproxy closes idle ones after a few seconds anyway.
 */
const PVE_CONNECTIONS = 2;

export async function clientFor(c: ProxmoxClusterConfig, secrets: SecretStore, clock: Clock): Promise<{ client: PveClient; close(): Promise<void> }> {
  const where = `proxmox "${c.name}"`;
  let auth: PveAuth;
  if (c.tokenId && c.tokenSecret) auth = { kind: 'token', tokenId: c.tokenId, secret: await requireSecret(secrets, c.tokenSecret, where) };
  else if (c.username && c.password) auth = { kind: 'password', username: c.username, password: await requireSecret(secrets, c.password, where) };
  else throw new LabError('config', `${where}: needs tokenId + tokenSecret, or username + password`);
  const fingerprints = [c.fingerprint, ...(c.fingerprints ?? [])].filter((f): f is string => !!f);
  const agent = createTlsAgent({ fingerprints, caFile: c.caFile, connectTimeoutMs: Math.min(c.timeout ?? 10_000, 10_000), connections: PVE_CONNECTIONS });
  const client = new PveClient({ name: c.name, endpoints: c.endpoints, auth, fetch: fetchVia(agent), clock, timeoutMs: c.timeout ?? 10_000 });
  return { client, close: () => closeAgent(agent) };
}

/** One Source per configured cluster; guest actions, vzdump, certificate trust, connection test; the PVE wake relay. */
export function createProxmoxIntegration(options: ProxmoxIntegrationOptions = {}): IntegrationDefinition<never, 'pve'> {
  return defineIntegration({
    kind: 'proxmox',
    provides: ['pve'],
    build: (ctx) => {
      const configs = ctx.config.proxmox ?? [];
      const handles: (ClusterHandle & { close(): Promise<void>; config: ProxmoxClusterConfig })[] = configs.map((c) => {
        let built: Promise<{ client: PveClient; close(): Promise<void> }> | null = null;
        const client = async (): Promise<PveClient> => {
          built ??= clientFor(c, ctx.secrets, ctx.clock);
          try {
            return (await built).client;
          } catch (err) {
            built = null; // a secret entered later must be picked up
            throw err;
          }
        };
        const source = new ProxmoxSource({
          name: c.name,
          clock: ctx.clock,
          client,
          intervalMs: c.interval,
          timeoutMs: c.timeout ? c.timeout * 2 : undefined,
          cadence: options.cadence,
          freshness: {
            warnAfterHours: ctx.config.backup?.warnAfterHours ?? defaultBackupAgeLimits.warnAfterHours,
            critAfterHours: ctx.config.backup?.critAfterHours ?? defaultBackupAgeLimits.critAfterHours,
          },
        });
        return {
          name: c.name,
          config: c,
          source,
          client,
          close: async () => {
            if (built) await (await built.catch(() => null))?.close();
          },
        };
      });
      if (handles.length === 0 && !ctx.config.proxmox) return null;
      const deps: ActionDeps = { clock: ctx.clock, tasks: ctx.tasks, refresh: (id) => ctx.refreshSource(id), taskPollMs: options.taskPollMs };
      const cluster = (name: string): (typeof handles)[number] => {
        const h = handles.find((x) => x.name === name);
        if (!h) throw new LabError('not-found', `no Proxmox cluster named "${name}" in the config`);
        return h;
      };

      const waker: PveWaker = {
        nodes: () => handles.flatMap((h) => (h.source.current()?.nodes ?? []).map((n) => ({ cluster: h.name, node: n.name, online: n.status === 'online' }))),
        wakeNode: async (clusterName, targetNode, signal) => {
          const h = cluster(clusterName);
          const client = await h.client();
          // Any online node sends the packet; the client's failover finds one that answers.
          const mac = await client.api(signal).nodes.$(targetNode).wakeonlan.$post();
          return `${clusterName}: asked PVE via ${client.endpoint} to wake ${targetNode} (MAC ${String(mac)})`;
        },
      };

      const detail = detailActions(cluster, ctx.config, ctx.clock);
      return {
        kind: 'proxmox',
        sources: handles.map((h) => h.source),
        services: { pve: waker },
        actions: {
          history: (input) => detail.history(input),
          guestDetail: (input) => detail.guestDetail(input),
          snapshotGuest: async (input) => snapshotGuest(cluster(input.cluster), deps, input),
          guestAction: async (input) => guestAction(cluster(input.cluster), deps, input),
          startBackup: async (input) => startBackup(cluster(input.cluster), deps, input, ctx.config.backup),
          nodePower: async (input) => nodePower(cluster(input.cluster), deps, input),
          fetchCertificate: (input) => fetchCertificate(input.url, { timeoutMs: 10_000 }),
          trustCertificate: async (input) => {
            cluster(input.cluster);
            const fp = normalizeFingerprint(input.fingerprint);
            if (!fp) throw new LabError('invalid-input', 'not a SHA-256 fingerprint');
            await ctx.updateConfig((c: LabConfig) => ({
              ...c,
              proxmox: (c.proxmox ?? []).map((p) => (p.name === input.cluster ? { ...p, fingerprint: fp } : p)),
            }));
            return null;
          },
          testConnection: async (input): Promise<ConnectionTestResult> => {
            const h = cluster(input.name);
            const started = ctx.clock.now();
            try {
              const client = await h.client();
              const ac = new AbortController();
              const v = (await client.api(ac.signal).version.$get()) as { version?: string; release?: string };
              const latencyMs = ctx.clock.now() - started;
              // What the window shows beside the result: the nodes found, and what the credentials may not do (as the CLI doctor reads it).
              const nodes = ((await client.request('GET', '/nodes', undefined, ac.signal).catch(() => null)) as { node?: string }[] | null)?.flatMap((n) => (n.node ? [n.node] : [])).sort();
              const perms = (await client.request('GET', '/access/permissions', undefined, ac.signal).catch(() => undefined)) as PermissionMap | null | undefined;
              // Privileges are per path: a token may power one guest and not the next, so each guest the token sees is judged.
              const guests = (await client.request('GET', '/cluster/resources', { type: 'vm' }, ac.signal).catch(() => null)) as { vmid?: number; template?: number }[] | null;
              const vmids = (guests ?? []).flatMap((g) => (typeof g.vmid === 'number' && g.template !== 1 ? [g.vmid] : []));
              return {
                ok: true,
                message: `${h.name}: connected to ${client.endpoint}, Proxmox VE ${v.version ?? v.release ?? '?'}`,
                latencyMs,
                ...(nodes ? { nodes } : {}),
                ...(perms !== undefined ? { missing: missingFeaturesOn(perms, { vmids, nodes: nodes ?? [] }) } : {}),
              };
            } catch (err) {
              return { ok: false, message: err instanceof Error ? err.message : String(err), latencyMs: null };
            }
          },
        },
        dispose: async () => {
          await Promise.allSettled(handles.map((h) => h.close()));
        },
      };
    },
  });
}

export const proxmoxIntegration = createProxmoxIntegration();
