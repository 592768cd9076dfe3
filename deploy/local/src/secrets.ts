import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { certificateFingerprint, ensureSelfSignedCertificateFiles } from '@rxpool/service-kit';

/** The admin gRPC token: generated on the first run, then read from the state folder. */
export function ensureAdminToken(stateDir: string): string {
  const file = join(stateDir, 'admin-token');
  if (!existsSync(file)) {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(file, `${randomBytes(24).toString('hex')}\n`, { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

export interface TlsFiles {
  certFile: string;
  keyFile: string;
  /** SHA-256 of the certificate (DER), lower-case hex without colons, as XMRig's --tls-fingerprint takes it. */
  fingerprint: string;
}

/** A self-signed certificate for stratum over TLS (for host and localhost), made once and kept in the state folder. */
export async function ensureTlsCertificate(stateDir: string, host: string): Promise<TlsFiles> {
  const dir = join(stateDir, 'tls');
  const certFile = join(dir, 'stratum-cert.pem');
  const keyFile = join(dir, 'stratum-key.pem');
  await ensureSelfSignedCertificateFiles(
    { certFile, keyFile },
    { commonName: 'rxpool local pool', altNames: [host, 'localhost'], days: 3650 },
  );
  return { certFile, keyFile, fingerprint: certificateFingerprint(readFileSync(certFile, 'utf8')) };
}
