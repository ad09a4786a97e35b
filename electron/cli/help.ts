// The CLI's help texts: one per command, and the overview. Nothing here loads the core.
import { guestActions } from '../../shared/proxmox';

export const commands = ['status', 'vm', 'snapshot', 'backup', 'wake', 'ping', 'doctor', 'trust', 'help'] as const;
export type Command = (typeof commands)[number];

export function isCommand(s: string): s is Command {
  return (commands as readonly string[]).includes(s);
}

interface CommandHelp {
  /** The synopsis, printed under a usage error too. */
  usage: string;
  /** One line for the overview. */
  summary: string;
  /** What it does, its own options and examples. */
  details: string;
}

const actions = guestActions.join('|');

export const commandHelp: Record<Command, CommandHelp> = {
  status: {
    usage: 'labtray status [--json]',
    summary: 'poll everything once and print the state, problems first',
    details: `Reads every configured source once (Proxmox VE, SSH hosts, Kubernetes, Tailscale,
metrics) and prints the problems first, then each area. Times are local.

examples:
  labtray status
  labtray status --json | jq '.checks[] | select(.status != "ok")'`,
  },
  vm: {
    usage: `labtray vm <${actions}> <guest...> [--cluster NAME] [--yes]`,
    summary: 'act on guests (by name or vmid) and follow the tasks to their end',
    details: `A guest is its name (openwrt), its vmid (100), or cluster/vmid (home/100) when
several clusters are configured. A name used in more than one cluster is
refused; the error lists each candidate as cluster/vmid.

Stopping, shutting down, rebooting or suspending a guest that carries the way
home (the tailnet's subnet router or exit node, or one listed in ui.protected)
asks first and says what it costs.

options:
  --cluster NAME   look the guests up in this cluster only
  --yes            do it without asking, also for a guest on the way home

examples:
  labtray vm start openwrt
  labtray vm shutdown 101 102
  labtray vm reboot home/100`,
  },
  snapshot: {
    usage: 'labtray snapshot <guest> <name> [--cluster NAME] [--yes]',
    summary: 'take a snapshot of a guest and follow the task',
    details: `The guest is named as for "labtray vm". The name is what Proxmox VE takes: a
letter, then letters, digits or "_" (2 to 40 characters); current and pending
are its own. A guest that carries the way home asks first, as for shutdown.

options:
  --cluster NAME   look the guest up in this cluster only
  --yes            do it without asking, also for a guest on the way home

examples:
  labtray snapshot home-assistant before_2026_12
  labtray snapshot home/111 labtray_20261204_0905 --yes`,
  },
  backup: {
    usage: 'labtray backup <guest...> | --set NAME [--cluster NAME] [--storage S]',
    summary: 'back up guests now (vzdump) and follow the tasks',
    details: `Guests are named as for "labtray vm". A set is a named group from the config
(backup.sets), e.g. every guest tagged "backup".

options:
  --set NAME       back up the guests of this set
  --cluster NAME   the cluster (default: the one that has the guests)
  --storage S      the backup storage (default: backup.storage in the config)

examples:
  labtray backup home-assistant
  labtray backup --set important`,
  },
  wake: {
    usage: 'labtray wake <host>',
    summary: 'Wake-on-LAN, direct at home or through a relay, and wait until it answers',
    details: `Sends the magic packet (directly at home, through a relay host or the Proxmox VE
cluster when away) and waits until the host answers, showing what it tries.
A host that is already up is left alone.

examples:
  labtray wake gtr5
  labtray wake rockpi5a`,
  },
  ping: {
    usage: 'labtray ping <peer>',
    summary: 'tailscale ping: direct or through a DERP relay, and the latency',
    details: `Pings a Tailscale peer (by name) the way "tailscale ping" does. A peer the
tailnet reports offline is not pinged: you learn at once when it was last seen.

examples:
  labtray ping um560`,
  },
  doctor: {
    usage: 'labtray doctor [--json]',
    summary: 'check the config, secrets and every connection step by step',
    details: `Checks, each step passed or failed: the config parses; each secret it names is
set (LABTRAY_SECRET_<NAME>); for every Proxmox VE endpoint DNS, TCP, TLS (pin or
CA), authentication, permissions and the clock; the Tailscale daemon; every
Kubernetes context; each SSH host's key and login. Exits 0 only when every step
passes, 1 when one fails, 2 when the config itself is wrong.`,
  },
  trust: {
    usage: 'labtray trust <name> [--yes]',
    summary: 'show a cluster\'s certificate or a host\'s key and pin it in the config',
    details: `For a Proxmox VE cluster, connects to each of its endpoints without sending
anything, and shows each certificate: SHA-256 fingerprint, subject and names,
issuer, validity. For an SSH host, shows its host key (type and SHA256
fingerprint, as ssh-keygen -lf prints it), hanging up before logging in.
Then asks; on yes, pins it in the config file (fingerprint:, or ssh.hostKey:),
changing only that field: comments and layout stay. Without a terminal to
ask on, --yes is needed. Compare the fingerprint with the one the node shows
(pvenode cert info; ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) first.

"labtray status" refuses a cluster at first contact (a certificate neither
pinned nor signed by a CA this system trusts): it sends nothing, prints the
fingerprint and the line to add, and exits 1.

options:
  --yes   pin without asking

examples:
  labtray trust home
  labtray trust orangepi5 --yes`,
  },
  help: {
    usage: 'labtray help [command]',
    summary: 'this overview, or the help of one command',
    details: `examples:
  labtray help vm
  labtray vm --help`,
  },
};

const globalOptions = `options (every command):
  --config FILE   config file (default: the per-user config; or LABTRAY_CONFIG)
  --demo          run against the built-in demo lab (simulators on 127.0.0.1);
                  it remembers power states and backups between runs
  --demo-reset    start the demo lab over from its reference state
  --json          machine-readable output
  --no-color      no colour (also NO_COLOR=1); FORCE_COLOR=1 forces it
  -h, --help      help

exit codes: 0 all well, 1 something is critical or an action failed, 2 config or usage error`;

/** `labtray help` and `labtray --help`: every command in a line. */
export function overview(configPath: string): string {
  const width = Math.max(...commands.map((c) => c.length));
  const lines = commands.map((c) => `  ${c.padEnd(width)}  ${commandHelp[c].summary}`);
  return `usage: labtray <command> [options]

commands:
${lines.join('\n')}

${globalOptions.replace('the per-user config', configPath)}

"labtray help <command>" tells more about one command.`;
}

/** `labtray help vm`, `labtray vm --help`. */
export function commandText(c: Command): string {
  const h = commandHelp[c];
  return `usage: ${h.usage}\n\n${h.summary}.\n\n${h.details}\n\n${globalOptions}`;
}

/** What a usage error prints after its one line: the command's synopsis and where to read more. */
export function usageHint(c: Command | null): string {
  if (!c) return `usage: labtray <command> [options]   (commands: ${commands.join(', ')})\nRun "labtray help" for more.`;
  return `usage: ${commandHelp[c].usage}\nRun "labtray help ${c}" for more.`;
}
