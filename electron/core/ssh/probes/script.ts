import { kernelGrepPattern } from './kernel-rules';

/** The kernel-log filter as a double-quoted sh word; the rules' syntax keeps out what sh would expand. */
function kernelPattern(): string {
  const pat = kernelGrepPattern();
  if (/["$`]|\\\\/.test(pat)) throw new Error(`kernel grep pattern would be changed by sh: ${pat}`);
  return `"${pat}"`;
}

/**
 * The whole probe run as one POSIX sh script: one exec per refresh. Each
 * section starts with a delimiter line carrying a per-run nonce, so no
 * command output can fake a section. A section that cannot run prints
 * `!unavailable <why>`.
 */
const BODY = String.raw`
export LC_ALL=C
s() { printf "\n@@LABTRAY-%s:%s\n" "$N" "$1"; }
T=""; command -v timeout >/dev/null 2>&1 && T="timeout 15"
s arch; uname -m
s nproc; getconf _NPROCESSORS_ONLN 2>/dev/null || nproc 2>/dev/null || grep -c ^processor /proc/cpuinfo
s uptime; cat /proc/uptime 2>/dev/null || echo "!unavailable /proc/uptime is not readable"
s loadavg; cat /proc/loadavg 2>/dev/null || echo "!unavailable /proc/loadavg is not readable"
s meminfo; cat /proc/meminfo 2>/dev/null || echo "!unavailable /proc/meminfo is not readable"
s df; $T df -kPT 2>/dev/null || echo "!unavailable df -kPT failed"
s thermal
for z in /sys/class/thermal/thermal_zone*; do [ -r "$z/temp" ] || continue; echo "$z/type=$(cat "$z/type" 2>/dev/null)"; echo "$z/temp=$(cat "$z/temp" 2>/dev/null)"; done
s hwmon
for h in /sys/class/hwmon/hwmon*; do [ -d "$h" ] || continue; echo "$h/name=$(cat "$h/name" 2>/dev/null)"; for f in "$h"/temp*_input "$h"/temp*_label "$h"/temp*_crit "$h"/temp*_max; do [ -r "$f" ] && echo "$f=$(cat "$f" 2>/dev/null)"; done; done
s sensors
if command -v sensors >/dev/null 2>&1; then $T sensors -j 2>/dev/null || echo "!unavailable sensors -j failed"; else echo "!unavailable lm-sensors is not installed"; fi
s smart
SC=$(command -v smartctl 2>/dev/null); [ -z "$SC" ] && [ -x /usr/sbin/smartctl ] && SC=/usr/sbin/smartctl
if [ -z "$SC" ]; then echo "!unavailable smartctl is not installed (package smartmontools)"; else
  P=""; if [ "$(id -u)" != 0 ]; then if sudo -n "$SC" --version >/dev/null 2>&1; then P="sudo -n"; else echo "#nosudo $(id -un)"; fi; fi
  for d in /sys/block/*; do n=${"$"}{d##*/}
    case $n in nvme*c*|mmcblk*boot*|mmcblk*rpmb) continue;; sd*|hd*|vd*|nvme*n*|mmcblk*) ;; *) continue;; esac
    s "smart:$n"
    case $n in mmcblk*) echo "!sdcard";; vd*) echo "!virtual";; *) $T $P "$SC" --json -i -H -A -l error "/dev/$n" 2>&1;; esac
  done
fi
s blockdevs
for d in /sys/block/*; do [ -e "$d" ] || [ -L "$d" ] || continue; m=""; [ -d "$d/multipath" ] && m=$(ls "$d/multipath" 2>/dev/null | tr "\n" " ")
  echo "${"$"}{d##*/} $(readlink "$d" 2>/dev/null) $m"; done
s kernel
PAT=${kernelPattern()}
if command -v journalctl >/dev/null 2>&1 && J=$(journalctl -k -q --no-pager --since "-${"$"}{H}h" -o short-iso 2>&1) && [ -n "$J" ] && ! echo "$J" | grep -q -e "insufficient permissions" -e "No journal files"; then
  echo "#from journalctl"; echo "$J" | grep -E "$PAT" | tail -n 200
elif D=$(dmesg 2>&1); then echo "#from dmesg"; echo "$D" | grep -E "$PAT" | tail -n 200
else echo "!unavailable cannot read the kernel log: $D"; fi
s systemd
if command -v systemctl >/dev/null 2>&1; then $T systemctl --failed --no-legend --plain --no-pager 2>&1; else echo "!unavailable systemd is not used on this host"; fi
s end
`;

/** The command to exec: `sh -c '<script>'`, so it runs the same under bash, zsh or fish login shells. */
export function probeCommand(nonce: string, kernelLogHours: number): string {
  if (!/^[A-Za-z0-9]+$/.test(nonce)) throw new Error('nonce must be alphanumeric');
  const script = `N=${nonce}; H=${Math.max(1, Math.round(kernelLogHours))}\n${BODY}`;
  if (script.includes("'")) throw new Error('probe script must not contain single quotes');
  return `sh -c '${script}'`;
}

/** Splits the script's output into sections by name (`meminfo`, `smart:nvme0n1`, ...). */
export function splitSections(stdout: string, nonce: string): Map<string, string> {
  const out = new Map<string, string>();
  const marker = `@@LABTRAY-${nonce}:`;
  let name: string | null = null;
  let lines: string[] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith(marker)) {
      if (name !== null) out.set(name, lines.join('\n').trim());
      name = line.slice(marker.length).trim();
      lines = [];
    } else if (name !== null) lines.push(line);
  }
  if (name !== null) out.set(name, lines.join('\n').trim());
  return out;
}
