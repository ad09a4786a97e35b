import { useTranslation } from 'react-i18next';
import type { CertificateInfo } from '../../../../shared/api';
import { sameCertFingerprint } from '../../../../shared/fingerprint';

/** A fetched certificate beside the pinned fingerprint: trusting it pins it (first contact, or after it changed). */
export function CertificateBox({ cert, pinned, onTrust }: { cert: CertificateInfo | string; pinned: string | null; onTrust(fp: string): void }) {
  const { t } = useTranslation();
  if (typeof cert === 'string') return <p className="text-crit small">{cert}</p>;
  const same = sameCertFingerprint(pinned, cert.fingerprint);
  return (
    <div className={`cert ${same ? 'cert-same' : 'cert-new'}`} role="group" aria-label={t('settings.certificate')}>
      <dl className="kv kv-wide">
        <dt>{t('settings.fingerprint')}</dt>
        <dd className="mono small break">{cert.fingerprint}</dd>
        <dt>{t('settings.subject')}</dt>
        <dd>{cert.subject}</dd>
        {cert.names?.length ? (
          <>
            <dt>{t('settings.certNames')}</dt>
            <dd className="mono small break">{cert.names.join(', ')}</dd>
          </>
        ) : null}
        <dt>{t('settings.issuer')}</dt>
        <dd>{cert.issuer}</dd>
        <dt>{t('settings.valid')}</dt>
        <dd>
          {cert.validFrom} – {cert.validTo}
        </dd>
      </dl>
      {cert.caTrusted && !same ? <p className="text-ok small">{t('settings.certCaTrusted')}</p> : null}
      {same ? (
        <p className="text-ok small">{t('settings.certMatches')}</p>
      ) : (
        <>
          <p className="text-warn small">{pinned ? t('settings.certChanged') : t('settings.certCompare')}</p>
          <button type="button" className="btn-primary" onClick={() => onTrust(cert.fingerprint)}>
            {t('settings.trust')}
          </button>
        </>
      )}
    </div>
  );
}
