import { useTranslation } from 'react-i18next';
import { pathStory, PATH_HISTORY_MS, type PathEvent } from '../../../shared/path-history';
import { formatDuration } from '../../../shared/units';
import { useLanguage } from '../hooks';
import { dateTime } from '../time-text';

/** A peer's week as a thin strip (direct, relayed, offline), and how often and how long it was relayed. */
export function PathStrip({ events, now }: { events: readonly PathEvent[]; now: number }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const story = pathStory(events, now);
  if (story.segments.length === 0) return null;
  const from = now - PATH_HISTORY_MS;
  const said = story.relayedTimes ? t('network.pathStory', { count: story.relayedTimes, total: formatDuration(Math.round(story.relayedMs / 1000), lng) }) : t('network.pathNeverRelayed');
  return (
    <div className="path-history">
      <div className="path-strip" role="img" aria-label={said}>
        {story.segments.map((s) => (
          <span
            key={s.from}
            className={`path-seg path-${s.path}`}
            style={{ left: `${((s.from - from) / PATH_HISTORY_MS) * 100}%`, width: `${Math.max(0.5, ((s.to - s.from) / PATH_HISTORY_MS) * 100)}%` }}
            title={`${t(`network.pathState.${s.path}`, { region: s.region ?? '?' })}: ${dateTime(s.from, lng)} – ${dateTime(s.to, lng)}`}
          />
        ))}
      </div>
      <span className="muted small">{said}</span>
    </div>
  );
}
