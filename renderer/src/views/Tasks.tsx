import { useTranslation } from 'react-i18next';
import type { TaskInfo } from '../../../shared/tasks';
import { Empty, Section, StatusDot, TableHead } from '../components/ui';
import type { Language } from '../../../shared/language';
import { formatPercent } from '../../../shared/units';
import { ago } from '../time-text';
import { useLanguage, useNow } from '../hooks';
import { useLab } from '../store-context';

export function Tasks() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const tasks = useLab((s) => s.snapshot.tasks);
  const clusters = useLab((s) => s.snapshot.proxmox);
  const now = useNow(5_000);
  const running = tasks.filter((x) => x.state === 'running');
  const recent = tasks.filter((x) => x.state !== 'running');
  const pveTasks = clusters.flatMap((c) => c.tasks.map((x) => ({ ...x, cluster: c.name }))).sort((a, b) => b.starttime - a.starttime).slice(0, 50);
  return (
    <div className="view view-tasks">
      <h1 className="view-title">{t('views.tasks')}</h1>
      <Section id="tasks-running" title={t('tasks.running')}>
        {running.length ? <TaskList tasks={running} now={now} lng={lng} /> : <Empty>{t('tasks.noneRunning')}</Empty>}
      </Section>
      <Section id="tasks-recent" title={t('tasks.recent')}>
        {recent.length ? <TaskList tasks={recent} now={now} lng={lng} /> : <Empty>{t('tasks.noneRecent')}</Empty>}
      </Section>
      {pveTasks.length ? (
        <Section id="tasks-cluster" title={t('tasks.cluster')}>
          <table className="table-plain">
            <TableHead columns={[t('tasks.col.started'), t('tasks.col.type'), t('tasks.col.target'), t('tasks.col.node'), t('tasks.col.user'), t('tasks.col.status')]} />
            <tbody>
              {pveTasks.map((x) => (
                <tr key={x.upid}>
                  <td>{ago(x.starttime * 1000, now, lng)}</td>
                  <td>{x.type}</td>
                  <td className="mono">{x.id || '–'}</td>
                  <td>{x.node}</td>
                  <td className="muted">{x.user}</td>
                  <td>
                    <StatusDot status={x.status === null ? 'unknown' : x.status === 'OK' ? 'ok' : /^WARNINGS/.test(x.status) ? 'warn' : 'crit'} label={x.status ?? t('tasks.state.running')} /> {x.status ?? t('tasks.state.running')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      ) : null}
    </div>
  );
}

function TaskList({ tasks, now, lng }: { tasks: TaskInfo[]; now: number; lng: Language }) {
  const { t } = useTranslation();
  return (
    <ul className="task-list">
      {tasks.map((x) => (
        <li key={x.id} className={`task task-${x.state}`}>
          {x.state === 'running' ? <span className="spinner" aria-hidden="true" /> : <StatusDot status={x.state === 'ok' ? 'ok' : 'crit'} label={t(`tasks.state.${x.state}`)} />}
          <span className="task-action">{t(`taskAction.${x.action}`, { defaultValue: x.action })}</span>
          <span>{x.target}</span>
          {x.state === 'running' && x.progress !== null ? <progress max={1} value={x.progress} aria-label={t('backups.progressOf', { target: x.target })} /> : null}
          {x.state === 'running' && x.progress !== null ? <span className="muted">{formatPercent(x.progress)}</span> : null}
          <span className="muted small">{ago(x.endedAt ?? x.startedAt, now, lng)}</span>
          {x.message && x.state !== 'running' ? <span className={x.state === 'error' ? 'text-crit small' : 'muted small'}>{x.message}</span> : null}
        </li>
      ))}
    </ul>
  );
}
