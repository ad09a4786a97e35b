import { createHash, generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export interface SimCertificate {
  key: string;
  cert: string;
  /** SHA-256 of the DER certificate, `AB:CD:…` as `pvenode cert info` shows it. */
  fingerprint: string;
}

/**
 * A self-signed certificate like pveproxy's own (pve-ssl.pem), for 127.0.0.1 and localhost; signed by
 * `issuer` when given. `names` replaces the alternative names (a certificate issued for another host).
 */
export function generateCertificate(commonName = 'um560.lab.home.arpa', issuer?: SimCertificate, names?: string[]): SimCertificate {
  // Native key generation is fast; forge builds and signs the certificate.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const pubPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(pubPem);
  cert.serialNumber = createHash('sha1').update(`${commonName}${Date.now()}${Math.random()}`).digest('hex').slice(0, 16);
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 24 * 3600_000);
  cert.validity.notAfter = new Date(now.getTime() + 2 * 365 * 24 * 3600_000);
  const subject = [
    { name: 'organizationName', value: 'PVE Cluster Node' },
    { shortName: 'OU', value: 'PVE Cluster Node' },
    { name: 'commonName', value: commonName },
  ];
  cert.setSubject(subject);
  const ca = issuer ? forge.pki.certificateFromPem(issuer.cert) : null;
  cert.setIssuer(ca ? ca.subject.attributes : subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, nonRepudiation: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: (names ?? ['127.0.0.1', 'localhost', commonName]).map((n) => (/^[\d.]+$/.test(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(issuer ? issuer.key : keyPem), forge.md.sha256.create());
  return finish(cert, keyPem);
}

/** A cluster CA like pve-root-ca.pem, to sign node certificates for the CA-file mode. */
export function generateCa(): SimCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600_000);
  const name = [
    { shortName: 'CN', value: 'Proxmox Virtual Environment' },
    { shortName: 'OU', value: 'labtray-sim' },
    { name: 'organizationName', value: 'PVE Cluster Manager CA' },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true }]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  return finish(cert, keyPem);
}

function finish(cert: forge.pki.Certificate, keyPem: string): SimCertificate {
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  const fingerprint = createHash('sha256')
    .update(Buffer.from(der, 'binary'))
    .digest('hex')
    .toUpperCase()
    .match(/../g)!
    .join(':');
  return { key: keyPem, cert: forge.pki.certificateToPem(cert), fingerprint };
}
