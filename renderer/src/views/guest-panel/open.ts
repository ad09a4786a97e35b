import { useCallback, useState, type MouseEvent } from 'react';

/**
 * Which guest's panel is open, and one click listener for a whole list: a click
 * on anything marked `data-open-guest="cluster/vmid"` opens that guest's panel
 * (rows stay memoised, no callback per row).
 */
export function useGuestPanel(): { panel: string | null; close(): void; onClick(e: MouseEvent<HTMLElement>): void } {
  const [panel, setPanel] = useState<string | null>(null);
  const onClick = useCallback((e: MouseEvent<HTMLElement>): void => {
    const key = (e.target as HTMLElement).closest('[data-open-guest]')?.getAttribute('data-open-guest');
    if (key) setPanel(key);
  }, []);
  const close = useCallback(() => setPanel(null), []);
  return { panel, close, onClick };
}
