import type { ProxmoxClusterConfig } from '../../../shared/config';
import { ACT_PRIVILEGES, heldPrivileges, READ_PRIVILEGES } from '../../../shared/pve-privileges';
import { systemClock } from '../../core/clock';
import { clientFor } from '../../core/proxmox/integration';
import type { PveClient } from '../../core/proxmox/client';
import type { SecretStore } from '../../core/secrets';
import { createTlsAgent, fetchVia } from '../../core/tls/agent';
import { CertificateNameError, findMismatch } from '../../core/tls/fingerprint';
import { fetchCertificate } from '../../core/tls/pinning';
import { dnsStep, hostPort, tcpStep } from './net';
import { chain, errorText, limit, say, StepFailure, type Section } from './steps';

/** Privileges LabTray needs to read a cluster, and those its actions need (the window's connection test reads the same). */
const READ = READ_PRIVILEGES;
const ACT = ACT_PRIVILEGES;
/** Beyond this the clocks disagree enough to matter (tickets, certificate validity, task times). */
const MAX_SKEW_S = 30;
/** How long the TLS handshake may take (the connect timeout of the core's agent covers it). */
const TLS_CONNECT_S = 5;

function causeCode(err: unknown): string {
  for (let e: unknown = err, d = 0; e && d < 6; d++, e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return '';
}

function causes(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e: unknown = err, d = 0; e && d < 8; d++, e = (e as { cause?: unknown }).cause) out.push(e);
  return out;
}

function deepest(err: unknown): string {
  let e: unknown = err;
  while ((e as { cause?: unknown })?.cause) e = (e as { cause?: unknown }).cause;
  return errorText(e);
}

/** The TLS step's failure in words: not the pinned certificate, another host's name, or an unknown CA. */
async function tlsFailure(url: string, host: string, port: number, err: unknown, pinned: boolean): Promise<StepFailure> {
  const mismatch = findMismatch(err);
  if (mismatch) return new StepFailure(say('doctor.tlsNotPinned', { expected: mismatch.expected.join(', '), actual: mismatch.actual }), mismatch.message);
  const code = causeCode(err);
  const raw = deepest(err);
  // TCP passed already: a port that takes the connection and then says nothing, or speaks something that is not TLS.
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new StepFailure(say('doctor.tlsNoHandshake', { host, port, seconds: TLS_CONNECT_S }), raw);
  if (/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST|EPROTO/.test(code)) return new StepFailure(say('doctor.tlsNotTls', { host, port }), raw);
  const wrongName = causes(err).find((e): e is CertificateNameError => e instanceof CertificateNameError);
  if (wrongName) return new StepFailure(say('doctor.tlsOtherName', { host, names: wrongName.names || '–' }), raw);
  if (/CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS|ERR_SSL/.test(code)) {
    // Show what the server presents, so it can be pinned after checking it on the node (pvenode cert info).
    const seen = await fetchCertificate(url, { timeoutMs: 5_000 }).catch(() => null);
    const key = pinned ? 'doctor.tlsUntrustedCa' : 'doctor.tlsUntrusted';
    return new StepFailure(say(key, { fingerprint: seen?.fingerprint ?? '?', subject: seen?.subject ?? '?' }), raw);
  }
  return new StepFailure(say('doctor.tlsFailed'), raw);
}

/** One endpoint, step by step: DNS → TCP → TLS → authentication → permissions → clock. */
async function endpointSection(c: ProxmoxClusterConfig, url: string, secrets: SecretStore): Promise<Section> {
  const { host, port } = hostPort(url, 8006);
  const fingerprints = [c.fingerprint, ...(c.fingerprints ?? [])].filter((f): f is string => !!f);
  let serverDate: number | null = null;
  let localAt = 0;
  let client: { client: PveClient; close(): Promise<void> } | null = null;
  try {
    return await chain(`Proxmox ${c.name} · ${url}`, [
      dnsStep(host),
      tcpStep(host, port),
      {
        name: 'TLS',
        run: async () => {
          // The core's own verifying agent (pin or CA), asked without credentials: any HTTP answer means TLS held.
          const agent = createTlsAgent({ fingerprints, caFile: c.caFile, connectTimeoutMs: TLS_CONNECT_S * 1000 });
          try {
            const sent = Date.now();
            const res = await limit(8_000, url, (signal) => fetchVia(agent)(new URL('/api2/json/version', url).toString(), { method: 'GET', signal }));
            await res.text();
            localAt = (sent + Date.now()) / 2;
            const date = res.headers.get('date');
            serverDate = date ? Date.parse(date) : null;
          } catch (err) {
            if (err instanceof StepFailure) throw err;
            throw await tlsFailure(url, host, port, err, fingerprints.length > 0 || !!c.caFile);
          } finally {
            await agent.destroy();
          }
          return fingerprints.length ? say('doctor.tlsPinned') : c.caFile ? say('doctor.tlsCa', { file: c.caFile }) : say('doctor.tlsSystem');
        },
      },
      {
        name: say('doctor.stepAuth'),
        run: async () => {
          try {
            client = await clientFor({ ...c, endpoints: [url] }, secrets, systemClock);
            const v = (await limit(10_000, url, (signal) => client!.client.request('GET', '/version', undefined, signal))) as { version?: string };
            const who = c.tokenId ? say('doctor.authToken', { id: c.tokenId }) : say('doctor.authUser', { user: c.username ?? '?' });
            return say('doctor.authOk', { who, version: v?.version ?? '?' });
          } catch (err) {
            if (err instanceof StepFailure) throw err;
            const raw = errorText(err);
            throw new StepFailure(/HTTP 401|authentication|login/i.test(raw) ? say('doctor.authRefused') : raw, raw);
          }
        },
      },
      {
        name: say('doctor.stepPermissions'),
        run: async () => {
          const perms = (await limit(10_000, url, (signal) => client!.client.request('GET', '/access/permissions', undefined, signal))) as Record<string, Record<string, unknown>> | null;
          const held = heldPrivileges(perms);
          const missingRead = READ.filter((p) => !held.has(p));
          if (missingRead.length) throw new StepFailure(say('doctor.permsCannotRead', { privileges: missingRead }));
          const missingAct = ACT.filter((p) => !held.has(p));
          return missingAct.length ? say('doctor.permsReadOnly', { privileges: missingAct }) : say('doctor.permsAll', { privileges: [...READ, ...ACT] });
        },
      },
      {
        name: say('doctor.stepClock'),
        run: async () => {
          if (serverDate === null || Number.isNaN(serverDate)) throw new StepFailure(say('doctor.clockUnknown'));
          const skew = Math.round((serverDate - localAt) / 1000);
          if (Math.abs(skew) > MAX_SKEW_S) throw new StepFailure(say(skew > 0 ? 'doctor.clockAhead' : 'doctor.clockBehind', { seconds: Math.abs(skew), max: MAX_SKEW_S }));
          return say('doctor.clockOk', { seconds: Math.max(1, Math.abs(skew)) });
        },
      },
    ]);
  } finally {
    const opened = client as { close(): Promise<void> } | null;
    await opened?.close();
  }
}

/** Every endpoint of every configured cluster, checked at the same time. */
export function proxmoxSections(clusters: readonly ProxmoxClusterConfig[], secrets: SecretStore): Promise<Section>[] {
  return clusters.flatMap((c) => c.endpoints.map((url) => endpointSection(c, url, secrets)));
}
