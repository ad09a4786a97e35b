import { useTranslation } from 'react-i18next';
import { Empty, Section, StaleMark, StatusDot } from '../components/ui';
import { ago } from '../format';
import { useNow } from '../hooks';
import { useLab } from '../store-context';

export function Kubernetes() {
  const { t, i18n } = useTranslation();
  const clusters = useLab((s) => s.snapshot.kubernetes);
  const sources = useLab((s) => s.snapshot.sources);
  const now = useNow();
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
            {k.nodes.length ? (
              <table className="table-plain">
                <caption className="sr-only">{t('kube.nodesOf', { context: k.context })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('kube.col.node')}</th>
                    <th scope="col">{t('kube.col.ready')}</th>
                    <th scope="col">{t('kube.col.roles')}</th>
                    <th scope="col">{t('kube.col.arch')}</th>
                    <th scope="col">{t('kube.col.version')}</th>
                    <th scope="col">{t('kube.col.problems')}</th>
                  </tr>
                </thead>
                <tbody>
                  {k.nodes.map((n) => (
                    <tr key={n.name}>
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
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {k.unhealthyPods.length ? <h3 className="sub-title">{t('kube.unhealthyPods', { count: k.unhealthyPods.length })}</h3> : null}
            {k.unhealthyPods.length ? (
              <table className="table-plain">
                <thead>
                  <tr>
                    <th scope="col">{t('kube.col.pod')}</th>
                    <th scope="col">{t('kube.col.reason')}</th>
                    <th scope="col">{t('kube.col.restarts')}</th>
                    <th scope="col">{t('kube.col.node')}</th>
                  </tr>
                </thead>
                <tbody>
                  {k.unhealthyPods.map((p) => (
                    <tr key={`${p.namespace}/${p.name}`}>
                      <td>
                        <span className="muted">{p.namespace}/</span>
                        {p.name}
                      </td>
                      <td>
                        <span className="text-warn">{p.reason}</span>
                        {p.message ? <span className="muted small"> {p.message}</span> : null}
                      </td>
                      <td className="num">{p.restarts}</td>
                      <td>{p.node ?? '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="all-good">{t('kube.allPodsHealthy')}</p>
            )}
            {k.warnings.length ? (
              <>
                <h3 className="sub-title">{t('kube.warnings')}</h3>
                <ul className="events">
                  {k.warnings.slice(0, 20).map((w, i) => (
                    <li key={i}>
                      <span className="text-warn">{w.reason}</span> <span className="muted">{`${w.namespace}/${w.object}`}</span> {w.message}
                      {w.count > 1 ? <span className="muted"> ×{w.count}</span> : null} <span className="muted small">{ago(w.lastSeen, now, i18n.language)}</span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </Section>
        );
      })}
    </div>
  );
}
