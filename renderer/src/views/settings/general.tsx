import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../../shared/api';
import type { LabConfig, UiConfig } from '../../../../shared/config';
import type { LanguageChoice } from '../../../../shared/language';
import type { UserPrefs } from '../../../../shared/snapshot';
import { Section } from '../../components/ui';
import { savePrefs } from '../../prefs';
import { languageChoice, themeChoice } from '../../selectors';
import { useApi, useLab, useLabStore } from '../../store-context';
import { message, SaveNote, type SaveSettings, type SaveState } from './parts';

export function Appearance({ config, save }: { config: LabConfig | null; save: SaveSettings }) {
  const { t } = useTranslation();
  const api = useApi();
  const store = useLabStore();
  const language = useLab(languageChoice);
  const theme = useLab(themeChoice);
  const choose = (patch: Partial<UserPrefs>): void => {
    if (api) void savePrefs(api, store, patch, t('app.prefsNotSaved'));
  };
  const [err, setErr] = useState<string | null>(null);
  return (
    <Section id="appearance" title={t('settings.appearance')}>
      <div className="form-grid">
        <label htmlFor="set-language">{t('settings.language')}</label>
        <select id="set-language" value={language} disabled={!api} onChange={(e) => choose({ language: e.target.value as LanguageChoice })}>
          <option value="system">{t('settings.followSystem')}</option>
          <option value="en">English</option>
          <option value="zh-CN">简体中文</option>
        </select>
        <label htmlFor="set-theme">{t('settings.theme')}</label>
        <select id="set-theme" value={theme} disabled={!api} onChange={(e) => choose({ theme: e.target.value as UserPrefs['theme'] })}>
          <option value="system">{t('settings.followSystem')}</option>
          <option value="light">{t('settings.light')}</option>
          <option value="dark">{t('settings.dark')}</option>
        </select>
        <label htmlFor="set-login">{t('settings.startAtLogin')}</label>
        <span>
          <input
            id="set-login"
            type="checkbox"
            disabled={!config}
            checked={config?.ui?.startAtLogin ?? false}
            onChange={(e) => {
              if (config) save({ ...config, ui: { ...config.ui, startAtLogin: e.target.checked } }).catch((x: unknown) => setErr(message(x)));
            }}
          />
          {err ? <span className="text-crit small"> {err}</span> : null}
        </span>
      </div>
    </Section>
  );
}

export function Polling({ view, save }: { view: SettingsView; save: SaveSettings }) {
  const { t } = useTranslation();
  const [fast, setFast] = useState(String((view.config.ui?.fastInterval ?? 10_000) / 1000));
  const [slow, setSlow] = useState(String((view.config.ui?.slowInterval ?? 60_000) / 1000));
  const [state, setState] = useState<string | null>(null);
  return (
    <Section id="polling" title={t('settings.polling')}>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          save({ ...view.config, ui: { ...view.config.ui, fastInterval: Math.round(Number(fast) * 1000), slowInterval: Math.round(Number(slow) * 1000) } }).then(
            () => setState(t('settings.saved')),
            (x: unknown) => setState(message(x)),
          );
        }}
      >
        <label htmlFor="poll-fast">{t('settings.fastInterval')}</label>
        <input id="poll-fast" type="number" min={2} max={3600} value={fast} onChange={(e) => setFast(e.target.value)} />
        <label htmlFor="poll-slow">{t('settings.slowInterval')}</label>
        <input id="poll-slow" type="number" min={10} max={86400} value={slow} onChange={(e) => setSlow(e.target.value)} />
        <span />
        <span className="inline">
          <button type="submit">{t('settings.save')}</button>
          {state ? <span className="small">{state}</span> : null}
        </span>
      </form>
    </Section>
  );
}

const clockTime = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Daily quiet hours (may cross midnight) and whether critical alerts still come through. */
export function QuietHours({ view, save }: { view: SettingsView; save: SaveSettings }) {
  const { t } = useTranslation();
  const ui = view.config.ui;
  const [enabled, setEnabled] = useState(ui?.quietHours !== undefined);
  const [from, setFrom] = useState(ui?.quietHours?.from ?? '22:00');
  const [to, setTo] = useState(ui?.quietHours?.to ?? '07:00');
  const [breaks, setBreaks] = useState(ui?.criticalBreaksQuiet === true);
  const [state, setState] = useState<SaveState | null>(null);
  const problem = !enabled ? null : !clockTime.test(from) || !clockTime.test(to) ? t('settings.quietInvalid') : from === to ? t('settings.quietSame') : null;
  return (
    <Section id="quiet-hours" title={t('settings.notifications')}>
      <form
        className="form-grid"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (problem) return setState({ ok: false, text: problem });
          const next: UiConfig = { ...ui, criticalBreaksQuiet: breaks };
          if (enabled) next.quietHours = { from, to };
          else delete next.quietHours;
          save({ ...view.config, ui: next }).then(
            () => setState({ ok: true, text: t('settings.saved') }),
            (x: unknown) => setState({ ok: false, text: message(x) }),
          );
        }}
      >
        <label htmlFor="quiet-on">{t('settings.quietHours')}</label>
        <span>
          <input id="quiet-on" type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        </span>
        <label htmlFor="quiet-from">{t('settings.quietFrom')}</label>
        <input id="quiet-from" type="time" value={from} disabled={!enabled} aria-invalid={problem !== null} aria-describedby="quiet-help" onChange={(e) => setFrom(e.target.value)} />
        <label htmlFor="quiet-to">{t('settings.quietTo')}</label>
        <input id="quiet-to" type="time" value={to} disabled={!enabled} aria-invalid={problem !== null} aria-describedby="quiet-help" onChange={(e) => setTo(e.target.value)} />
        <span />
        <p id="quiet-help" className={`small form-note ${problem ? 'text-crit' : 'muted'}`} aria-live="polite">
          {problem ?? (enabled ? (from > to ? t('settings.quietOvernight', { from, to }) : t('settings.quietDaily', { from, to })) : t('settings.quietOff'))}
        </p>
        <label htmlFor="quiet-breaks">{t('settings.criticalBreaksQuiet')}</label>
        <span>
          <input id="quiet-breaks" type="checkbox" checked={breaks} onChange={(e) => setBreaks(e.target.checked)} />
        </span>
        <span />
        <span className="inline">
          <button type="submit">{t('settings.save')}</button>
          <SaveNote state={state} />
        </span>
      </form>
    </Section>
  );
}

/** Update checks (on or off, stable or beta) and where the log files are. */
export function UpdatesAndLogs({ view, save }: { view: SettingsView; save: SaveSettings }) {
  const { t } = useTranslation();
  const api = useApi();
  const ui = view.config.ui;
  const [check, setCheck] = useState(ui?.updates?.check !== false);
  const [channel, setChannel] = useState<'stable' | 'beta'>(ui?.updates?.channel ?? 'stable');
  const [state, setState] = useState<SaveState | null>(null);
  const [opened, setOpened] = useState<SaveState | null>(null);
  return (
    <Section id="updates" title={t('settings.updates')}>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          save({ ...view.config, ui: { ...ui, updates: { check, channel } } }).then(
            () => setState({ ok: true, text: t('settings.saved') }),
            (x: unknown) => setState({ ok: false, text: message(x) }),
          );
        }}
      >
        <label htmlFor="updates-check">{t('settings.checkUpdates')}</label>
        <span>
          <input id="updates-check" type="checkbox" checked={check} onChange={(e) => setCheck(e.target.checked)} />
        </span>
        <label htmlFor="updates-channel">{t('settings.updateChannel')}</label>
        <select id="updates-channel" value={channel} disabled={!check} onChange={(e) => setChannel(e.target.value === 'beta' ? 'beta' : 'stable')}>
          <option value="stable">{t('settings.channelStable')}</option>
          <option value="beta">{t('settings.channelBeta')}</option>
        </select>
        <span />
        <p className="small form-note muted">{t('settings.updatesNote')}</p>
        <span />
        <span className="inline">
          <button type="submit">{t('settings.save')}</button>
          <SaveNote state={state} />
        </span>
        <span className="label">{t('settings.logFolder')}</span>
        {view.logDir === null ? (
          <p className="small form-note muted">{t('settings.noLogFolder')}</p>
        ) : (
          <span className="inline">
            <code className="small">{view.logDir}</code>
            <button
              type="button"
              disabled={!api}
              onClick={() => {
                api?.openLogFolder(undefined).then(
                  () => setOpened(null),
                  (x: unknown) => setOpened({ ok: false, text: message(x) }),
                );
              }}
            >
              {t('settings.openLogFolder')}
            </button>
            <SaveNote state={opened} />
          </span>
        )}
      </form>
    </Section>
  );
}
