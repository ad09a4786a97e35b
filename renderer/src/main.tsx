import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { resolveApi } from './api';
import { setupI18n } from './i18n';
import { warmFormatters } from './format';
import { createLabStore, loadPrefs, savePrefs } from './store';
import { StoreContext } from './store-context';
import './styles.css';

const store = createLabStore(loadPrefs(window.localStorage));
store.subscribe((s, prev) => {
  if (s.prefs !== prev.prefs) savePrefs(window.localStorage, s.prefs);
});
const i18n = setupI18n(store.getState().prefs.language, navigator.languages);
const api = resolveApi(window, (state) => store.getState().setConnection(state));

// The page waits for the first snapshot anyway: load the locale data now rather than in the first paint of the rows.
setTimeout(() => warmFormatters(i18n.language), 0);

const root = createRoot(document.getElementById('root') as HTMLElement);
root.render(
  <StrictMode>
    <StoreContext.Provider value={{ store, api, i18n }}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
