import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ItemHistory } from '../../../../shared/guest-detail';
import { useApi } from '../../store-context';

/** Whether the element is on screen and the window is shown: only then is a history read worth its request. */
function useSeen(ref: React.RefObject<HTMLElement | null>): boolean {
  const [onScreen, setOnScreen] = useState(false);
  const [shown, setShown] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const io = new IntersectionObserver((entries) => setOnScreen(entries.some((e) => e.isIntersecting)));
    io.observe(el);
    const vis = (): void => setShown(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', vis);
    return () => {
      io.disconnect();
      document.removeEventListener('visibilitychange', vis);
    };
  }, [ref]);
  return onScreen && shown;
}

/**
 * The last hour of a node's (or guest's) CPU as a tiny line. Read when the card
 * first shows on screen in a shown window, and again when it comes back after
 * the core's cache has expired; never on a timer.
 */
export function CpuSparkline({ cluster, node, vmid }: { cluster: string; node: string; vmid?: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const box = useRef<HTMLDivElement>(null);
  const seen = useSeen(box);
  const [hist, setHist] = useState<ItemHistory | null>(null);
  useEffect(() => {
    if (!api || !seen) return;
    let live = true;
    // A call that throws at once (an older core without this method) must not take the card down with it.
    Promise.resolve()
      .then(() => api.history({ cluster, node, vmid, timeframe: 'hour' }))
      .then(
      (h) => live && setHist(h),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, seen, cluster, node, vmid]);
  useEffect(() => {
    const el = box.current;
    if (!el || !hist) return;
    const plot = new uPlot(
      {
        width: 120,
        height: 24,
        legend: { show: false },
        cursor: { show: false },
        axes: [{ show: false }, { show: false }],
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1] } },
        series: [{}, { stroke: '#3b82f6', width: 1, fill: 'rgba(59,130,246,0.15)' }],
      },
      [hist.points.map((p) => p.time), hist.points.map((p) => p.cpu)],
      el,
    );
    return () => plot.destroy();
  }, [hist]);
  return <div ref={box} className="sparkline" data-loaded={hist ? 'true' : 'false'} role="img" aria-label={t('guestPanel.sparkline', { name: vmid ?? node })} />;
}
