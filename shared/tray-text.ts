import { textEngine } from './i18n';
import type { Language } from './language';
import type { TaskInfo } from './tasks';

/** The tray's words in one language: its i18next instance, the `tray` namespace first. */
export type TrayT = (key: string, options?: Record<string, unknown>) => string;

export function trayText(language: Language | undefined): TrayT {
  return textEngine(language ?? 'en').i18n.getFixedT(null, 'tray');
}

/** A guest's state while a task runs on it: `starting…`, `启动中…`. */
export function busyText(t: TrayT, r: Pick<TaskInfo, 'kind' | 'action'>): string {
  const which = r.kind === 'backup' ? 'backup' : r.action;
  return t(`busy.${which}`, { defaultValue: t('busy.other', { action: r.action }) });
}
