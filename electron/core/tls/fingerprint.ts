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

/** Finds a CertificateMismatchError anywhere in an error's cause chain (undici wraps it in `fetch failed`). */
export function findMismatch(err: unknown): CertificateMismatchError | null {
  let e: unknown = err;
  for (let depth = 0; e && depth < 8; depth++) {
    if (e instanceof CertificateMismatchError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}
