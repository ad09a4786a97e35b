import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A copy button: the text goes to the clipboard, the button says so for a moment. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const [done, setDone] = useState<'ok' | 'failed' | null>(null);
  useEffect(() => {
    if (!done) return;
    const h = setTimeout(() => setDone(null), 1500);
    return () => clearTimeout(h);
  }, [done]);
  return (
    <button
      type="button"
      className="btn-small"
      aria-label={label}
      onClick={() =>
        navigator.clipboard.writeText(text).then(
          () => setDone('ok'),
          () => setDone('failed'),
        )
      }
    >
      {done === 'ok' ? t('guestPanel.copied') : done === 'failed' ? t('guestPanel.copyFailed') : t('guestPanel.copy')}
    </button>
  );
}
