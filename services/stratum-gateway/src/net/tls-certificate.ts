import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { certificateFingerprint, ensureSelfSignedCertificateFiles } from '@rxpool/service-kit';

export interface TlsCertificate {
  cert: string;
  key: string;
  /** SHA-256 of the DER certificate, lower-case hex without colons: XMRig's --tls-fingerprint. */
  fingerprint: string;
  /** 'files' (operator's) or 'self-signed' (generated for local use). */
  source: 'files' | 'self-signed';
}

export class TlsCertificateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TlsCertificateError';
  }
}

/**
 * The gateway's TLS certificate: the operator's files (TLS_CERT_FILE / TLS_KEY_FILE), or
 * a self-signed one generated once into the state directory and reused after (miners pin
 * its fingerprint). Its fingerprint is written beside it.
 */
export async function loadTlsCertificate(options: {
  certFile: string | undefined;
  keyFile: string | undefined;
  stateDir: string;
}): Promise<TlsCertificate> {
  const { certFile, keyFile, stateDir } = options;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new TlsCertificateError('TLS_CERT_FILE and TLS_KEY_FILE go together: set both or neither');
  }
  if (certFile !== undefined && keyFile !== undefined) {
    return { ...readPair(certFile, keyFile), source: 'files' };
  }
  const dir = join(stateDir, 'tls');
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  try {
    await ensureSelfSignedCertificateFiles(
      { certFile: cert, keyFile: key },
      { commonName: 'rxpool-stratum', days: 3650 },
    );
  } catch (err) {
    throw new TlsCertificateError(`could not generate a self-signed certificate: ${(err as Error).message}`);
  }
  const pair = readPair(cert, key);
  writeFileSync(join(dir, 'fingerprint'), `${pair.fingerprint}\n`);
  return { ...pair, source: 'self-signed' };
}

function readPair(certFile: string, keyFile: string): Omit<TlsCertificate, 'source'> {
  let cert: string;
  let key: string;
  try {
    cert = readFileSync(certFile, 'utf8');
    key = readFileSync(keyFile, 'utf8');
  } catch (err) {
    throw new TlsCertificateError(`cannot read the TLS certificate or key: ${(err as Error).message}`);
  }
  let fingerprint: string;
  try {
    fingerprint = certificateFingerprint(cert);
  } catch (err) {
    throw new TlsCertificateError(`${certFile} is not a PEM certificate: ${(err as Error).message}`);
  }
  return { cert, key, fingerprint };
}
