import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname } from 'node:path';
import type { generate } from 'selfsigned';

/** A certificate and its private key, PEM. */
export interface CertificatePair {
  cert: string;
  key: string;
}

export interface CertificateRequest {
  commonName: string;
  /** Host names and IP addresses it is for (subjectAltName); an IP literal becomes an IP entry. */
  altNames?: readonly string[];
  /** Valid from now for this many days. */
  days: number;
  /** 'server' (the default): TLS server authentication; 'client': a TLS client's (mTLS). */
  purpose?: 'server' | 'client';
}

export interface CertificateAuthority extends CertificatePair {
  /** A certificate signed by this authority. */
  issue(request: CertificateRequest): Promise<CertificatePair>;
}

type Extensions = NonNullable<NonNullable<Parameters<typeof generate>[1]>['extensions']>;

// ECDSA P-256 with SHA-256: small, fast to make, accepted by every TLS client we meet (XMRig, Node).
const KEY = { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' } as const;

/** A self-signed certificate (what a pool gives when the operator has none: miners pin its fingerprint). */
export async function selfSignedCertificate(request: CertificateRequest): Promise<CertificatePair> {
  return make(request, leafExtensions(request));
}

/** A certificate authority of its own (tests of mTLS), issuing server and client certificates. */
export async function certificateAuthority(o: {
  commonName: string;
  days: number;
}): Promise<CertificateAuthority> {
  const ca = await make(o, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
  ]);
  return { ...ca, issue: (request) => make(request, leafExtensions(request), ca) };
}

/** SHA-256 of the certificate (DER), lower-case hex without colons: XMRig's --tls-fingerprint. */
export function certificateFingerprint(certPem: string | Buffer): string {
  return new X509Certificate(certPem).fingerprint256.replaceAll(':', '').toLowerCase();
}

/**
 * Writes a self-signed certificate to certFile and keyFile unless both exist (then they are
 * kept: the fingerprint miners pinned stays). The folder is made 0700, the key written 0600.
 */
export async function ensureSelfSignedCertificateFiles(
  files: { certFile: string; keyFile: string },
  request: CertificateRequest,
): Promise<void> {
  if (existsSync(files.certFile) && existsSync(files.keyFile)) return;
  const pair = await selfSignedCertificate(request);
  for (const file of [files.certFile, files.keyFile])
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(files.keyFile, pair.key, { mode: 0o600 });
  writeFileSync(files.certFile, pair.cert);
}

async function make(
  request: { commonName: string; days: number },
  extensions: Extensions,
  issuer?: CertificatePair,
): Promise<CertificatePair> {
  const notBeforeDate = new Date();
  const notAfterDate = new Date(notBeforeDate.getTime() + request.days * 86_400_000);
  // Loaded here, not at import: it (with @peculiar/x509) takes most of a second, which every
  // service importing service-kit would pay at start though few ever make a certificate.
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: request.commonName }], {
    ...KEY,
    notBeforeDate,
    notAfterDate,
    extensions,
    ...(issuer ? { ca: issuer } : {}),
  });
  return { cert: pems.cert, key: pems.private };
}

function leafExtensions(request: CertificateRequest): Extensions {
  const client = request.purpose === 'client';
  const extensions: Extensions = [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, critical: true },
    { name: 'extKeyUsage', serverAuth: !client, clientAuth: client },
  ];
  const altNames = (request.altNames ?? []).map((n) =>
    isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n },
  );
  if (altNames.length > 0) extensions.push({ name: 'subjectAltName', altNames });
  return extensions;
}
