import { existsSync } from 'node:fs';
import type { TailscaleConfig } from '../../../shared/config';
import type { TailscaleStatus } from '../../../shared/tailscale';
import { execCli, findCli } from '../../core/tailscale/cli';
import { defaultSocketPath, LocalApiClient } from '../../core/tailscale/localapi';
import { TailscaleReader } from '../../core/tailscale/reader';
import { chain, errorText, limit, say, StepFailure, type Section } from './steps';

/** tailscaled answers (LocalAPI, else the CLI), then it is logged in and running. */
export function tailscaleSection(cfg: TailscaleConfig): Promise<Section> {
  const socket = cfg.socket ?? defaultSocketPath(process.platform);
  const cli = findCli(cfg.cli, process.platform, process.env, existsSync);
  const reader = new TailscaleReader({ localApi: new LocalApiClient(socket), cli, exec: execCli, now: () => Date.now(), pause: async () => undefined });
  let status: TailscaleStatus | null = null;
  return chain('Tailscale', [
    {
      name: say('doctor.stepDaemon'),
      run: async () => {
        try {
          status = await limit(15_000, 'tailscaled', (signal) => reader.status(signal));
        } catch (err) {
          if (err instanceof StepFailure) throw err;
          throw new StepFailure(say('doctor.tsDaemonDown', { socket }), errorText(err));
        }
        return say('doctor.tsDaemonOk', { via: status.via === 'localapi' ? socket : (cli ?? 'tailscale'), version: status.version ?? '?' });
      },
    },
    {
      name: say('doctor.stepTailnet'),
      run: async () => {
        const s = status!;
        if (s.backendState !== 'Running') throw new StepFailure(say('doctor.tsNotRunning', { state: s.backendState || '?' }));
        return say('doctor.tsRunning', { self: s.self?.name ?? '?', tailnet: s.tailnet ?? '?', online: s.peers.filter((p) => p.online).length, total: s.peers.length });
      },
    },
  ]);
}
