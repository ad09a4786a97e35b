import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useLab } from '../store-context';
import { message } from './settings/parts';

/**
 * First run (no config yet): the demo lab runs in the background, and this asks once what to do with it. The core
 * remembers the choice; "Set up my lab" creates an empty config, leaves the demo and lands in Settings → Lab.
 */
export function Welcome() {
  const { t } = useTranslation();
  const api = useApi();
  const setView = useLab((s) => s.setView);
  const [busy, setBusy] = useState<'demo' | 'setup' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const choose = (choice: 'demo' | 'setup'): void => {
    if (!api) return;
    setBusy(choice);
    setError(null);
    api.firstRun({ choice }).then(
      () => {
        setBusy(null);
        setView(choice === 'setup' ? 'settings' : 'overview');
      },
      (err: unknown) => {
        setBusy(null);
        setError(message(err));
      },
    );
  };
  return (
    <main className="welcome" data-testid="welcome" aria-labelledby="welcome-title">
      <div className="welcome-card">
        <h1 id="welcome-title">{t('welcome.title')}</h1>
        <p>{t('welcome.intro')}</p>
        <div className="welcome-choices">
          <div className="welcome-choice">
            <button type="button" data-testid="welcome-demo" disabled={busy !== null} onClick={() => choose('demo')}>
              {t('welcome.demo')}
            </button>
            <p className="small muted">{t('welcome.demoNote')}</p>
          </div>
          <div className="welcome-choice">
            <button type="button" className="btn-primary" data-testid="welcome-setup" disabled={busy !== null} onClick={() => choose('setup')}>
              {busy === 'setup' ? t('welcome.settingUp') : t('welcome.setup')}
            </button>
            <p className="small muted">{t('welcome.setupNote')}</p>
          </div>
        </div>
        {error ? (
          <p className="text-crit small" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    </main>
  );
}
