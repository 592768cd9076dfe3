import { execFileSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

/** A self-signed certificate for stratum over TLS, made once with openssl and kept in the state folder. */
export function ensureTlsCertificate(stateDir: string, host: string): TlsFiles {
  const dir = join(stateDir, 'tls');
  const certFile = join(dir, 'stratum-cert.pem');
  const keyFile = join(dir, 'stratum-key.pem');
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const san = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? `IP:${host}` : `DNS:${host}`;
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '3650',
        '-subj',
        '/CN=rxpool local pool',
        '-addext',
        `subjectAltName=${san},DNS:localhost`,
      ],
      { stdio: 'ignore' },
    );
  }
  return { certFile, keyFile, fingerprint: tlsFingerprint(readFileSync(certFile, 'utf8')) };
}

export function tlsFingerprint(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256.replaceAll(':', '').toLowerCase();
}
