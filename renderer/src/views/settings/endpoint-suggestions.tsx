import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EndpointSuggestion } from '../../../../shared/api';
import { useApi, useLab } from '../../store-context';
import { message } from './parts';

/**
 * The cluster form's "Find on my tailnet": peers that look like PVE nodes (named like a node, or answering on
 * 8006), each offered as a second endpoint through the tailnet. Nothing is added until one is clicked.
 */
export function TailnetEndpoints({ id, endpoints, add }: { id: string; endpoints: readonly string[]; add(url: string): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const hasTailnet = useLab((s) => (s.snapshot.tailscale?.peers.length ?? 0) > 0);
  const [found, setFound] = useState<EndpointSuggestion[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!hasTailnet || !api) return null;
  const find = (): void => {
    setBusy(true);
    setError(null);
    api
      .tailnetEndpoints(undefined)
      .then(setFound, (e: unknown) => setError(message(e)))
      .finally(() => setBusy(false));
  };
  const offered = (found ?? []).filter((s) => !endpoints.includes(s.url));
  return (
    <>
      <span className="form-label">{t('epSuggest.title')}</span>
      <div className="tailnet-offers" id={id}>
        <div className="tailnet-offer">
          <button type="button" className="btn-small" data-testid="tailnet-find" disabled={busy} onClick={find}>
            {busy ? t('epSuggest.looking') : t('epSuggest.find')}
          </button>
        </div>
        {found && !offered.length ? <span className="muted small">{t('epSuggest.none')}</span> : null}
        {offered.map((s) => (
          <div key={s.url} className="tailnet-offer">
            <button type="button" className="btn-small" data-testid={`tailnet-endpoint-${s.peer}`} onClick={() => add(s.url)}>
              {t('epSuggest.add', { url: s.url })}
            </button>
            <span className="muted small">{t(s.why === 'name' ? 'epSuggest.byName' : 'epSuggest.byPort', { peer: s.peer })}</span>
          </div>
        ))}
        {error ? <span className="text-crit small">{error}</span> : null}
      </div>
    </>
  );
}
