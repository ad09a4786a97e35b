import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { pickLanguage } from '../../shared/language';
import { App } from './App';
import { resolveApi } from './api';
import { migrateLegacyPrefs } from './prefs';
import { createLabStore } from './store';
import { StoreContext } from './store-context';
import { warmFormatters } from './time-text';
import { loadWindowState, saveWindowState } from './window-state';
import './styles.css';

const storage = window.localStorage;
const store = createLabStore(loadWindowState(storage));
store.subscribe((s, prev) => {
  if (s.view !== prev.view || s.guestSort !== prev.guestSort || s.guestFilters !== prev.guestFilters) saveWindowState(storage, s);
});
const api = resolveApi(window, (state) => store.getState().setConnection(state));
// Favourites, language and theme kept here by earlier versions move into the config once.
if (api) migrateLegacyPrefs(api, store, storage);

// The page waits for the first snapshot anyway: load the locale data of the likely language now rather than in the first paint of the rows.
setTimeout(() => warmFormatters(pickLanguage('system', navigator.languages)), 0);

const root = createRoot(document.getElementById('root') as HTMLElement);
root.render(
  <StrictMode>
    <StoreContext.Provider value={{ store, api }}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
