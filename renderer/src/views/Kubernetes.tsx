import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog, Empty, Section, StaleMark, StatusDot, TableHead } from '../components/ui';
import { ago } from '../time-text';
import { useLanguage, useNow } from '../hooks';
import { kubeActionKey, nodeAction, podActions, type KubeActionInput } from '../kube-actions';
import { useApi, useLab, useLabStore } from '../store-context';
import type { KubeCluster } from '../../../shared/kube';
import { textIn } from '../../../shared/message';

/** An action sent to the core: its task (once known) or why it did not start. */
interface Sent {
  taskId: string | null;
  error: string | null;
}

export function Kubernetes() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const api = useApi();
  const store = useLabStore();
  const clusters = useLab((s) => s.snapshot.kubernetes);
  const sources = useLab((s) => s.snapshot.sources);
  const tasks = useLab((s) => s.snapshot.tasks);
  const now = useNow();
  const [ask, setAsk] = useState<KubeActionInput | null>(null);
  const [sent, setSent] = useState<Record<string, Sent>>({});

  const run = (a: KubeActionInput): void => {
    if (!api) return;
    const key = kubeActionKey(a);
    setSent((s) => ({ ...s, [key]: { taskId: null, error: null } }));
    api.kubeAction(a).then(
      (ref) => setSent((s) => ({ ...s, [key]: { taskId: ref.taskId, error: null } })),
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        setSent((s) => ({ ...s, [key]: { taskId: null, error: message } }));
        store.getState().pushNotice({ id: `kube-${key}-${Date.now()}`, level: 'warn', title: t('kube.failedToStart'), body: message, at: new Date().toISOString() });
      },
    );
  };

  /** The button for one action, busy while its task runs, with the task's error when it failed. */
  const actionButton = (a: KubeActionInput, label: string) => {
    const s = sent[kubeActionKey(a)];
    const task = s?.taskId ? tasks.find((x) => x.id === s.taskId) : undefined;
    const busy = s !== undefined && !s.error && (!task || task.state === 'running');
    const error = s?.error ?? (task?.state === 'error' ? (task.message ?? 'failed') : null);
    return (
      <span className="kube-action" key={a.action}>
        <button type="button" className={`btn-small ${a.action === 'delete-pod' ? 'btn-danger-quiet' : ''}`} disabled={busy || !api} aria-label={t('kube.actionOn', { action: t(`kube.action.${a.action}`), name: label })} onClick={() => setAsk(a)}>
          {busy ? <span className="spinner" aria-hidden="true" /> : null}
          {busy ? t('kube.working') : t(`kube.action.${a.action}`)}
        </button>
        {error ? (
          <span className="text-crit small" title={error}>
            {t('kube.failed', { error })}
          </span>
        ) : null}
      </span>
    );
  };

  return (
    <div className="view view-kube">
      <h1 className="view-title">{t('views.kubernetes')}</h1>
      {clusters.length === 0 ? <Empty>{t('kube.none')}</Empty> : null}
      {clusters.map((k) => {
        const meta = sources.find((s) => s.id === `kubernetes:${k.context}`);
        return (
          <Section
            key={k.context}
            id={`kube-${k.context}`}
            title={
              <>
                <StatusDot status={k.reachable ? (k.unhealthyPods.length || k.nodes.some((n) => !n.ready) ? 'warn' : 'ok') : 'crit'} /> {k.context}
                {meta?.stale ? <StaleMark error={meta.error} /> : null}
              </>
            }
            actions={
              <span className="muted">
                {[k.version, k.server, k.reachable ? t('kube.podCount', { count: k.podCount }) : t('kube.unreachable')].filter(Boolean).join(' · ')}
              </span>
            }
          >
            {!k.reachable && meta?.error ? <p className="text-crit">{meta.error}</p> : null}
            <KubeNodes cluster={k} actionButton={actionButton} />
            <KubePods cluster={k} actionButton={actionButton} />
            <KubeWarnings cluster={k} now={now} lng={lng} />
          </Section>
        );
      })}
      <ConfirmDialog
        open={ask !== null}
        title={ask ? t(`kube.confirm.${ask.action}.title`, { name: ask.name }) : ''}
        body={ask ? <p>{t(`kube.confirm.${ask.action}.body`, { name: ask.name, namespace: ask.namespace ?? '', context: ask.context })}</p> : null}
        confirm={ask ? t(`kube.action.${ask.action}`) : ''}
        danger={ask?.action === 'delete-pod'}
        onConfirm={() => {
          if (ask) run(ask);
        }}
        onClose={() => setAsk(null)}
      />
    </div>
  );
}

/** Renders one action's button (busy while its task runs, its error when it failed). */
type ActionButton = (a: KubeActionInput, label: string) => ReactNode;

/** A cluster's nodes: readiness, roles, taints and the cordon action. */
function KubeNodes({ cluster: k, actionButton }: { cluster: KubeCluster; actionButton: ActionButton }) {
  const { t } = useTranslation();
  if (!k.nodes.length) return null;
  return (
    <table className="table-plain">
      <caption className="sr-only">{t('kube.nodesOf', { context: k.context })}</caption>
      <TableHead columns={[t('kube.col.node'), t('kube.col.ready'), t('kube.col.roles'), t('kube.col.arch'), t('kube.col.version'), t('kube.col.problems'), t('kube.actions')]} />
      <tbody>
        {k.nodes.map((n) => (
          <tr key={n.name} id={`kube-node-${k.context}-${n.name}`} data-kube-node={n.name} data-unschedulable={n.unschedulable}>
            <td>
              <strong>{n.name}</strong>
            </td>
            <td className="nowrap">
              <StatusDot status={n.ready ? 'ok' : 'crit'} /> {n.ready ? t('kube.ready') : t('kube.notReady')}
              {n.unschedulable ? <span className="tag">{t('kube.cordoned')}</span> : null}
            </td>
            <td>{n.roles.join(', ') || '–'}</td>
            <td>{n.arch ?? '–'}</td>
            <td className="mono">{n.kubeletVersion ?? '–'}</td>
            <td>
              {[...n.problems, ...n.taints.map((x) => `${x.key}${x.value ? `=${x.value}` : ''}:${x.effect}`)].map((p) => (
                <span key={p} className="tag">
                  {p}
                </span>
              ))}
            </td>
            <td className="nowrap">{actionButton(nodeAction(k.context, n), n.name)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The pods that are not healthy, with their restart and delete actions. */
function KubePods({ cluster: k, actionButton }: { cluster: KubeCluster; actionButton: ActionButton }) {
  const lng = useLanguage();
  const { t } = useTranslation();
  return (
    <>
      {k.unhealthyPods.length ? <h3 className="sub-title">{t('kube.unhealthyPods', { count: k.unhealthyPods.length })}</h3> : null}
      {k.unhealthyPods.length ? (
        <table className="table-plain">
          <TableHead columns={[t('kube.col.pod'), t('kube.col.reason'), t('kube.col.restarts'), t('kube.col.node'), t('kube.actions')]} />
          <tbody>
            {k.unhealthyPods.map((p) => (
              <tr key={`${p.namespace}/${p.name}`} data-kube-pod={`${p.namespace}/${p.name}`}>
                <td>
                  <span className="muted">{p.namespace}/</span>
                  {p.name}
                </td>
                <td>
                  <span className="text-warn">{p.reason}</span>
                  {p.message ? <span className="muted small"> {textIn(lng, p.messageMsg, p.message)}</span> : null}
                </td>
                <td className="num">{p.restarts}</td>
                <td className="nowrap">{p.node ?? '–'}</td>
                <td className="nowrap">{podActions(k.context, p).map((a) => actionButton(a, a.name))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="all-good">{t('kube.allPodsHealthy')}</p>
      )}
    </>
  );
}

/** The cluster's recent warning events. */
function KubeWarnings({ cluster: k, now, lng }: { cluster: KubeCluster; now: number; lng: string }) {
  const { t } = useTranslation();
  if (!k.warnings.length) return null;
  return (
    <>
      <h3 className="sub-title">{t('kube.warnings')}</h3>
      <ul className="events">
        {k.warnings.slice(0, 20).map((w, i) => (
          <li key={i}>
            <span className="text-warn">{w.reason}</span> <span className="muted">{`${w.namespace}/${w.object}`}</span> {w.message}
            {w.count > 1 ? <span className="muted"> ×{w.count}</span> : null} <span className="muted small">{ago(w.lastSeen, now, lng)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
