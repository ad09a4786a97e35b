import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PveNode } from '../../../../shared/proxmox';
import { ConfirmDialog } from '../../components/ui';
import { useApi, useLab } from '../../store-context';

/**
 * Shut down a node (gtr5 draws 35 W at low load): always asked first, naming
 * the guests that stop with it and any that carries the way home. Wake brings
 * it back, through another node of the cluster.
 */
export function NodePowerButton({ cluster, node }: { cluster: string; node: PveNode }) {
  const { t } = useTranslation();
  const api = useApi();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busy = useLab((s) => s.snapshot.tasks.some((x) => x.kind === 'node' && x.state === 'running' && x.targetRef === `node:${cluster}/${node.name}`));
  // Selectors return what the snapshot holds (stable until it changes); the lists are derived below.
  const all = useLab((s) => s.snapshot.proxmox.find((c) => c.name === cluster)?.guests);
  const way = useLab((s) => s.snapshot.wayHome);
  const guests = useMemo(() => (all ?? []).filter((g) => g.node === node.name && g.status === 'running' && !g.template), [all, node.name]);
  const guarded = useMemo(() => (way?.guarded ?? []).filter((g) => g.cluster === cluster && guests.some((x) => x.vmid === g.vmid)), [way, cluster, guests]);
  const where = way?.where;
  if (!api || node.status !== 'online') return null;
  return (
    <>
      <button type="button" className="btn-small btn-danger-quiet" disabled={busy} aria-label={t('overview.shutdownNode', { node: node.name })} title={error ?? undefined} onClick={() => setAsking(true)}>
        {busy ? t('overview.shuttingDown') : t('overview.shutdown')}
      </button>
      <ConfirmDialog
        open={asking}
        title={t('overview.shutdownNodeTitle', { node: node.name })}
        body={
          <>
            <p>{guests.length ? t('overview.shutdownNodeGuests', { count: guests.length, names: guests.map((g) => `${g.vmid} (${g.name})`).join(', ') }) : t('overview.shutdownNodeEmpty')}</p>
            {guarded.map((g) => (
              <p key={g.vmid} className="guard-line">
                {t(`guard.${g.reason}`, { name: g.name })}
              </p>
            ))}
            {guarded.length ? <p className="guard-line">{t(where === 'away' ? 'guard.away' : 'guard.home')}</p> : null}
            <p>{t('overview.shutdownNodeWake')}</p>
          </>
        }
        confirm={t('overview.shutdownNodeConfirm', { node: node.name })}
        danger
        onConfirm={() => {
          setError(null);
          api.nodePower({ cluster, node: node.name, action: 'shutdown' }).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
        }}
        onClose={() => setAsking(false)}
      />
      {error ? <span className="text-crit small"> {error}</span> : null}
    </>
  );
}
