import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { tcpProbe } from '../../core/wol/watch';
import { errorText, limit, say, StepFailure, type Step } from './steps';

/** DNS: the name resolves (an address needs nothing). */
export function dnsStep(host: string): Step {
  return {
    name: 'DNS',
    run: async () => {
      const bare = host.replace(/^\[|\]$/g, '');
      if (isIP(bare)) return say('doctor.dnsAddress', { host: bare });
      try {
        const addrs = await limit(5_000, host, () => lookup(bare, { all: true }));
        return say('doctor.dnsResolved', { host: bare, addresses: addrs.map((a) => a.address) });
      } catch (err) {
        if (err instanceof StepFailure) throw err;
        throw new StepFailure(say('doctor.dnsFailed', { host: bare }), errorText(err));
      }
    },
  };
}

/** TCP: something accepts connections on the port. */
export function tcpStep(host: string, port: number): Step {
  return {
    name: 'TCP',
    run: async () => {
      const started = Date.now();
      try {
        await tcpProbe(host.replace(/^\[|\]$/g, ''), port, 5_000);
      } catch (err) {
        const raw = errorText(err);
        const key = /ECONNREFUSED/.test(raw) ? 'doctor.tcpRefused' : /no answer within|ETIMEDOUT/.test(raw) ? 'doctor.tcpTimeout' : 'doctor.tcpFailed';
        throw new StepFailure(say(key, { host, port }), raw);
      }
      return say('doctor.tcpOpen', { host, port, ms: Date.now() - started });
    },
  };
}

/** Host and port of a URL, the port defaulting by scheme. */
export function hostPort(url: string, defaultPort: number): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: u.port ? Number(u.port) : defaultPort };
}
