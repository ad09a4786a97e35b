import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { LabApi } from '../../shared/api';
import type { LabState } from './store';

export interface AppContext {
  store: StoreApi<LabState>;
  api: LabApi | null;
}

export const StoreContext = createContext<AppContext | null>(null);

function useApp(): AppContext {
  const ctx = useContext(StoreContext);
  if (!ctx) throw new Error('StoreContext is missing');
  return ctx;
}

/** Reads a slice of the lab store; re-renders only when the slice changes. */
export function useLab<T>(selector: (s: LabState) => T): T {
  return useStore(useApp().store, selector);
}

export function useLabStore(): StoreApi<LabState> {
  return useApp().store;
}

export function useApi(): LabApi | null {
  return useApp().api;
}
