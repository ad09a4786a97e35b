/** A certificate's SHA-256 fingerprint did not match any pinned one; no request was sent. */
export class CertificateMismatchError extends Error {
  readonly code = 'certificate-changed';
  constructor(
    readonly host: string,
    readonly expected: string[],
    readonly actual: string,
  ) {
    super(
      `certificate fingerprint mismatch for ${host}: expected ${expected.join(' or ')} got ${actual} ` +
        '— the server certificate changed; nothing was sent. If you renewed it yourself, trust the new fingerprint in Settings.',
    );
    this.name = 'CertificateMismatchError';
  }
}

/**
 * A CA-signed certificate that names other hosts than the one dialled. The
 * connection is refused as Node refuses it (ERR_TLS_CERT_ALTNAME_INVALID); the
 * error only carries another code, so undici fails every queued request at
 * once instead of leaving some unanswered (it special-cases Node's code).
 */
export class CertificateNameError extends Error {
  readonly code = 'certificate-name';
  constructor(
    readonly host: string,
    /** The certificate's names, as Node lists them (`DNS:nas.example.org, IP Address:…`). */
    readonly names: string,
  ) {
    super(`the certificate of ${host} was issued for another name (${names || 'no subject alternative names'}), not ${host.replace(/:\d+$/, '')}: refused`);
    this.name = 'CertificateNameError';
  }
}

/** Finds a CertificateMismatchError anywhere in an error's cause chain (undici wraps it in `fetch failed`). */
export function findMismatch(err: unknown): CertificateMismatchError | null {
  let e: unknown = err;
  for (let depth = 0; e && depth < 8; depth++) {
    if (e instanceof CertificateMismatchError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}
