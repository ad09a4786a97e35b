import type { HostConfig, SshTarget } from '../../shared/config';

function entry(alias: string, t: SshTarget, comment?: string): string {
  return [
    ...(comment ? [`# ${comment}`] : []),
    `Host ${alias}`,
    `  HostName ${t.host}`,
    ...(t.port ? [`  Port ${t.port}`] : []),
    ...(t.user ? [`  User ${t.user}`] : []),
    ...(t.identityFile ? [`  IdentityFile ${t.identityFile}`] : []),
    '',
  ].join('\n');
}

/**
 * The demo owner's ~/.ssh/config: the demo's SSH hosts as they would have
 * written them, plus hosts LabTray does not watch yet (the Orange Pi again
 * under its tailnet alias, and the OpenWrt router, which nobody answers for).
 * Every address is 127.0.0.1, so importing one never reaches another machine.
 */
export function demoSshConfig(hosts: HostConfig[]): string {
  const withSsh = hosts.filter((h): h is HostConfig & { ssh: SshTarget } => h.ssh !== undefined);
  const board = withSsh.find((h) => h.name === 'orangepi5') ?? withSsh[0];
  const offline = withSsh.find((h) => h.name === 'rockpi5a') ?? board;
  const parts = ['# Written by the LabTray demo lab.', 'Host *', '  ServerAliveInterval 60', '  AddKeysToAgent yes', ''];
  for (const h of withSsh) parts.push(entry(h.name, h.ssh));
  if (board) parts.push(entry('orangepi5-tailnet', { host: board.ssh.host, port: board.ssh.port, user: board.ssh.user, identityFile: board.ssh.identityFile }, 'The same board over Tailscale (MagicDNS), for when I am away'));
  if (offline) parts.push(entry('openwrt', { host: offline.ssh.host, port: offline.ssh.port, user: 'root' }, 'Soft router VM on um560'));
  return parts.join('\n');
}
