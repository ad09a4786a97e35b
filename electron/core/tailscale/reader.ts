import { LabError } from '../../../shared/api';
import type { NetcheckReport, PingResult, TailscaleStatus } from '../../../shared/tailscale';
import { cliComplaint, type CliExec } from './cli';
import type { LocalApiClient } from './localapi';
import { parseNetcheck } from './netcheck';
import { parsePingOutput, pongFromLocalApi, summarizePongs, type Pong } from './ping';
import { parseStatusJson } from './status-json';

export interface ReaderDeps {
  /** null when no socket/pipe is usable on this OS. */
  localApi: LocalApiClient | null;
  /** Path of the tailscale CLI, or null when it is not installed. */
  cli: string | null;
  exec: CliExec;
  now: () => number;
  /** Waits between LocalAPI pings (the CLI waits one second). */
  pause: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Reads tailscaled: the LocalAPI when it answers, the CLI otherwise. */
export class TailscaleReader {
  constructor(private readonly deps: ReaderDeps) {}

  get hasLocalApi(): boolean {
    return this.deps.localApi !== null;
  }

  get hasCli(): boolean {
    return this.deps.cli !== null;
  }

  async status(signal?: AbortSignal): Promise<TailscaleStatus> {
    const { localApi, cli } = this.deps;
    let apiError: Error | null = null;
    if (localApi) {
      try {
        return parseStatusJson(await localApi.status(signal), 'localapi', this.deps.now());
      } catch (err) {
        if (signal?.aborted) throw err;
        apiError = err instanceof Error ? err : new Error(String(err));
      }
    }
    if (!cli) {
      if (apiError) throw apiError;
      throw new LabError('tailscale-missing', 'Tailscale is not installed here: no tailscaled socket and no tailscale CLI; set tailscale.socket or tailscale.cli in the config');
    }
    try {
      return await this.statusFromCli(cli, signal);
    } catch (err) {
      if (!apiError) throw err;
      const cliMsg = err instanceof Error ? err.message : String(err);
      throw new LabError((err as LabError).code ?? 'tailscale', `${cliMsg} (LocalAPI: ${apiError.message})`, { cause: err });
    }
  }

  private async statusFromCli(cli: string, signal?: AbortSignal): Promise<TailscaleStatus> {
    const out = await this.deps.exec(cli, ['status', '--json'], { signal, timeoutMs: 15_000 });
    if (out.code !== 0) throw new LabError('tailscaled-unreachable', `tailscale status: ${cliComplaint(out)}`);
    const start = out.stdout.indexOf('{');
    let raw: unknown;
    try {
      raw = JSON.parse(start >= 0 ? out.stdout.slice(start) : out.stdout);
    } catch (err) {
      throw new LabError('tailscale-format', `tailscale status --json printed something that is not JSON: ${out.stdout.trim().slice(0, 80) || '(nothing)'}`, { cause: err });
    }
    return parseStatusJson(raw, 'cli', this.deps.now());
  }

  /** Disco-pings `ip` up to `count` times, stopping once the path is direct (like `tailscale ping`). */
  async ping(peer: string, ip: string, count: number, signal?: AbortSignal): Promise<PingResult> {
    const { localApi, cli } = this.deps;
    if (localApi) {
      try {
        return await this.pingLocalApi(localApi, peer, ip, count, signal);
      } catch (err) {
        if (!cli || signal?.aborted) throw err;
      }
    }
    if (!cli) throw new LabError('tailscale-missing', 'cannot ping: no tailscaled socket and no tailscale CLI');
    const out = await this.deps.exec(cli, ['ping', '-c', String(count), '--timeout', '5s', ip], { signal, timeoutMs: count * 7_000 + 5_000 });
    return parsePingOutput(peer, `${out.stdout}\n${out.stderr}`);
  }

  private async pingLocalApi(api: LocalApiClient, peer: string, ip: string, count: number, signal?: AbortSignal): Promise<PingResult> {
    const pongs: Pong[] = [];
    const notes: string[] = [];
    for (let n = 1; n <= count; n++) {
      try {
        const pong = pongFromLocalApi(await api.ping(ip, signal));
        pongs.push(pong);
        if (pong.via === 'direct') break;
      } catch (err) {
        if (signal?.aborted) throw err;
        const code = (err as LabError).code;
        // The socket itself failing is not an answer from the peer: let the caller try the CLI.
        if (code === 'tailscaled-unreachable' || code === 'tailscaled-denied') throw err;
        if (code === 'timeout') {
          notes.push(`ping "${ip}" timed out`);
        } else {
          notes.push((err as Error).message);
          break;
        }
      }
      if (n < count) await this.deps.pause(1000, signal);
    }
    if (pongs.length && pongs[pongs.length - 1].via !== 'direct') notes.push('direct connection not established');
    return summarizePongs(peer, pongs, notes);
  }

  /** `tailscale netcheck` (CLI only: tailscaled has no LocalAPI for it). Null when the CLI is absent. */
  async netcheck(signal?: AbortSignal): Promise<NetcheckReport | null> {
    const { cli } = this.deps;
    if (!cli) return null;
    const out = await this.deps.exec(cli, ['netcheck'], { signal, timeoutMs: 30_000 });
    if (out.code !== 0 && !/Report:/.test(out.stdout)) throw new LabError('tailscale-netcheck', `tailscale netcheck: ${cliComplaint(out)}`);
    return parseNetcheck(out.stdout);
  }
}
