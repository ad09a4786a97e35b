import type { LabConfig } from '../../../shared/config';

/**
 * Fields that name a program LabTray runs, or a file or socket that decides one: the Tailscale CLI and
 * LocalAPI socket, and the kubeconfig files (their credential plugins are commands). Settings shows them
 * but cannot change them: only the user's own edit of the config file can, so a renderer that has been
 * taken over cannot make the core run something.
 */
export function lockedChanges(current: LabConfig, next: LabConfig): string[] {
  const out: string[] = [];
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  if (!same(current.tailscale?.cli, next.tailscale?.cli)) out.push('tailscale.cli');
  if (!same(current.tailscale?.socket, next.tailscale?.socket)) out.push('tailscale.socket');
  if (!same(current.kubernetes?.kubeconfig, next.kubernetes?.kubeconfig)) out.push('kubernetes.kubeconfig');
  // Sending a credential unencrypted is the user's own decision, written in the file.
  if (!same(current.metrics?.plainHttp, next.metrics?.plainHttp)) out.push('metrics.plainHttp');
  return out;
}
