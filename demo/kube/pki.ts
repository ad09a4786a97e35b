/**
 * A tiny certificate authority for the fake API server, like the one k3s
 * creates at install: a CA, a serving certificate for 127.0.0.1 and client
 * certificates whose CN is the user and O the group. Keys come from Node's
 * crypto (fast); node-forge builds and signs the X.509 certificates.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface KeyPairPem {
  certPem: string;
  keyPem: string;
}

export interface Ca extends KeyPairPem {
  /** Signs a serving certificate for the given IP addresses / DNS names. */
  issueServer(commonName: string, ips: string[], dns?: string[]): KeyPairPem;
  /** Signs a client certificate: CN = user, O = groups (how kube-apiserver reads them). */
  issueClient(user: string, groups?: string[]): KeyPairPem;
}

function newKey(): { forgeKey: forge.pki.rsa.PrivateKey; forgePub: forge.pki.rsa.PublicKey; keyPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(keyPem);
  const forgePub = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  return { forgeKey, forgePub, keyPem };
}

/** Subject fields as UTF8String: Go's x509 rejects '@' or ':' in a PrintableString. */
function utf8(name: string, value: string): forge.pki.CertificateField {
  return { name, value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class };
}

function serial(): string {
  // Positive, non-zero serial numbers (the high bit clear).
  const b = randomBytes(12);
  b[0] = (b[0] & 0x7f) | 0x01;
  return b.toString('hex');
}

function validity(cert: forge.pki.Certificate, days: number): void {
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60_000);
  cert.validity.notAfter = new Date(now + days * 24 * 60 * 60_000);
}

/** Creates a CA named like k3s names its own (`k3s-server-ca@<seconds>`). */
export function createCa(name: string): Ca {
  const ca = newKey();
  const caCert = forge.pki.createCertificate();
  caCert.publicKey = ca.forgePub;
  caCert.serialNumber = serial();
  validity(caCert, 3650);
  const caSubject = [utf8('commonName', `${name}-server-ca@${Math.floor(Date.now() / 1000)}`)];
  caCert.setSubject(caSubject);
  caCert.setIssuer(caSubject);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(ca.forgeKey, forge.md.sha256.create());

  const issue = (subject: forge.pki.CertificateField[], extensions: object[]): KeyPairPem => {
    const k = newKey();
    const cert = forge.pki.createCertificate();
    cert.publicKey = k.forgePub;
    cert.serialNumber = serial();
    validity(cert, 365);
    cert.setSubject(subject);
    cert.setIssuer(caCert.subject.attributes);
    cert.setExtensions([{ name: 'basicConstraints', cA: false }, { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() }, ...extensions]);
    cert.sign(ca.forgeKey, forge.md.sha256.create());
    return { certPem: forge.pki.certificateToPem(cert), keyPem: k.keyPem };
  };

  return {
    certPem: forge.pki.certificateToPem(caCert),
    keyPem: ca.keyPem,
    issueServer: (commonName, ips, dns = []) =>
      issue(
        [utf8('commonName', commonName)],
        [
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames: [...ips.map((ip) => ({ type: 7, ip })), ...dns.map((value) => ({ type: 2, value }))] },
        ],
      ),
    issueClient: (user, groups = []) =>
      issue(
        [utf8('commonName', user), ...groups.map((g) => utf8('organizationName', g))],
        [
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
          { name: 'extKeyUsage', clientAuth: true },
        ],
      ),
  };
}
