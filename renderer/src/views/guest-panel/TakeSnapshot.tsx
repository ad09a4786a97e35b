import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SNAPSHOT_NAME_MAX, snapshotNameProblem } from '../../../../shared/snapshot-name';
import { guardOf } from '../../../../shared/way-home';
import { ConfirmDialog } from '../../components/ui';
import { useApi, useLab } from '../../store-context';

/** The name offered for a new snapshot: `labtray_YYYYMMDD_HHMM` in local time (PVE's pve-configid takes no '-'). */
export function defaultSnapshotName(at: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `labtray_${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}_${p(at.getHours())}${p(at.getMinutes())}`;
}

interface Props {
  cluster: string;
  vmid: number;
  name: string;
  type: 'qemu' | 'lxc';
  running: boolean;
  /** Called when the task ended OK: the panel reads the guest again. */
  onTaken(): void;
}

/**
 * "Take snapshot": a name (prefilled), a description and, for a running VM, its memory; a guarded guest is asked
 * about first, as for shutdown. The task's progress and its end show in place.
 */
export function TakeSnapshot({ cluster, vmid, name, type, running, onTaken }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [form, setForm] = useState<{ name: string; description: string; vmstate: boolean } | null>(null);
  const [asking, setAsking] = useState(false);
  const [taskId, setTaskId] = useState<string | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [sent, setSent] = useState('');
  const guard = useLab((s) => guardOf(s.snapshot.wayHome, cluster, vmid));
  const where = useLab((s) => s.snapshot.wayHome?.where);
  const task = useLab((s) => (taskId ? (s.snapshot.tasks.find((x) => x.id === taskId) ?? null) : null));
  const valid = form ? snapshotNameProblem(form.name) === null : false;

  useEffect(() => {
    if (task?.state === 'ok') onTaken();
  }, [task?.state, onTaken]);

  const send = (): void => {
    if (!api || !form) return;
    setStartError(null);
    api.snapshotGuest({ cluster, vmid, name: form.name, ...(form.description ? { description: form.description } : {}), ...(type === 'qemu' && running ? { vmstate: form.vmstate } : {}) }).then(
      (ref) => {
        setSent(form.name);
        setTaskId(ref.taskId);
        setForm(null);
      },
      (e: unknown) => setStartError(e instanceof Error ? e.message : String(e)),
    );
  };
  const submit = (): void => {
    if (!valid) return;
    if (guard) setAsking(true);
    else send();
  };
  const taken = taskId && task ? (form ? null : task) : null;

  return (
    <div className="take-snapshot">
      {form ? (
        <form
          className="snapshot-form"
          aria-label={t('guestPanel.takeSnapshot')}
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <label>
            {t('guestPanel.snapshotName')}
            <input className="mono" value={form.name} maxLength={SNAPSHOT_NAME_MAX} autoFocus aria-invalid={!valid} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </label>
          {!valid ? <p className="text-crit" role="alert">{t('guestPanel.snapshotNameRule')}</p> : null}
          <label>
            {t('guestPanel.snapshotDescription')}
            <input value={form.description} maxLength={1024} onChange={(e) => setForm({ ...form, description: e.target.value })} />
          </label>
          {type === 'qemu' && running ? (
            <label className="check">
              <input type="checkbox" checked={form.vmstate} onChange={(e) => setForm({ ...form, vmstate: e.target.checked })} />
              {t('guestPanel.snapshotVmstate')}
            </label>
          ) : null}
          <div className="form-buttons">
            <button type="submit" disabled={!valid}>
              {t('guestPanel.takeSnapshot')}
            </button>
            <button type="button" className="btn-link" onClick={() => setForm(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          className="btn-small"
          disabled={task?.state === 'running'}
          onClick={() => {
            setTaskId(null);
            setForm({ name: defaultSnapshotName(new Date()), description: '', vmstate: false });
          }}
        >
          {t('guestPanel.takeSnapshot')}
        </button>
      )}
      {startError ? <p className="text-crit" role="alert">{t('guestPanel.snapshotFailed', { error: startError })}</p> : null}
      {taken ? (
        <p data-testid="snapshot-task" role="status" className={taken.state === 'error' ? 'text-crit' : undefined}>
          {taken.state === 'running' ? (
            <>
              {t('guestPanel.snapshotTaking', { name: sent })} <progress max={1} value={taken.progress ?? undefined} />
              {taken.log.length ? <span className="muted mono"> {taken.log.at(-1)}</span> : null}
            </>
          ) : taken.state === 'ok' ? (
            t('guestPanel.snapshotDone', { name: sent })
          ) : (
            t('guestPanel.snapshotFailed', { error: taken.message ?? '' })
          )}
        </p>
      ) : null}
      <ConfirmDialog
        open={asking}
        title={t('guestPanel.snapshotAsk', { name })}
        body={
          guard ? (
            <>
              <p>{t('guestPanel.snapshotPause', { name })}</p>
              <p className="guard-line">{t(`guard.${guard.reason}`, { name })}</p>
              <p className="guard-line">{t(where === 'away' ? 'guard.away' : 'guard.home')}</p>
            </>
          ) : null
        }
        confirm={t('guard.anyway', { action: t('guestPanel.takeSnapshot') })}
        danger
        onConfirm={send}
        onClose={() => setAsking(false)}
      />
    </div>
  );
}
