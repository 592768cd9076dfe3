import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ConnectionOptions, connect, createServer, type TLSSocket, type TlsOptions } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import {
  certificateAuthority,
  certificateFingerprint,
  ensureSelfSignedCertificateFiles,
  selfSignedCertificate,
} from './certificates.js';

/** A TLS handshake against a server with these options; resolves with what the server saw. */
async function handshake(server: TlsOptions, client: ConnectionOptions) {
  const tls = createServer(server, (s) => s.end('ok'));
  await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
  const port = (tls.address() as AddressInfo).port;
  const clientCert = new Promise<X509Certificate | undefined>((r) =>
    tls.once('secureConnection', (s: TLSSocket) => r(s.getPeerX509Certificate())),
  );
  try {
    const serverCert = await new Promise<X509Certificate | undefined>((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port, ...client });
      // After the server's 'ok': the server has seen the whole handshake (TLS 1.3 ends with the client).
      s.once('data', () => {
        resolve(s.getPeerX509Certificate());
        s.destroy();
      });
      s.once('error', reject);
    });
    return { serverCert, clientCert: await clientCert };
  } finally {
    await new Promise((r) => tls.close(r));
  }
}

describe('certificates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rxpool-tls-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a self-signed server certificate for its names and addresses, trusted as its own CA', async () => {
    const pair = await selfSignedCertificate({
      commonName: 'pool',
      altNames: ['localhost', '127.0.0.1'],
      days: 2,
    });
    const x = new X509Certificate(pair.cert);
    expect(x.subject).toBe('CN=pool');
    expect(x.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    expect(x.checkPrivateKey(createPrivateKey(pair.key))).toBe(true);
    const days = (Date.parse(x.validTo) - Date.parse(x.validFrom)) / 86_400_000;
    expect(Math.round(days)).toBe(2);
    const { serverCert } = await handshake(pair, { ca: pair.cert, servername: 'localhost' });
    expect(serverCert?.fingerprint256.replaceAll(':', '').toLowerCase()).toBe(
      certificateFingerprint(pair.cert),
    );
  });

  it('a CA that issues a server and a client certificate for mTLS', async () => {
    const ca = await certificateAuthority({ commonName: 'test CA', days: 1 });
    const server = await ca.issue({ commonName: 'localhost', altNames: ['localhost'], days: 1 });
    const client = await ca.issue({
      commonName: 'operator',
      altNames: ['localhost'],
      days: 1,
      purpose: 'client',
    });
    expect(new X509Certificate(server.cert).checkIssued(new X509Certificate(ca.cert))).toBe(true);
    const seen = await handshake(
      { ...server, ca: ca.cert, requestCert: true, rejectUnauthorized: true },
      { ca: ca.cert, servername: 'localhost', cert: client.cert, key: client.key },
    );
    expect(seen.clientCert?.subject).toBe('CN=operator');
    // A client certificate does not serve as a server's, nor a server's as a client's.
    await expect(handshake(client, { ca: ca.cert, servername: 'localhost' })).rejects.toThrow(/purpose/);
  });

  it('writes the files once, the key 0600 in a 0700 folder, and keeps them after', async () => {
    const files = { certFile: join(dir, 'tls', 'cert.pem'), keyFile: join(dir, 'tls', 'key.pem') };
    await ensureSelfSignedCertificateFiles(files, { commonName: 'once', days: 1 });
    expect(statSync(files.keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'tls')).mode & 0o777).toBe(0o700);
    const first = readFileSync(files.certFile, 'utf8');
    await ensureSelfSignedCertificateFiles(files, { commonName: 'once', days: 1 });
    expect(readFileSync(files.certFile, 'utf8')).toBe(first);
    rmSync(files.keyFile);
    await ensureSelfSignedCertificateFiles(files, { commonName: 'once', days: 1 });
    expect(readFileSync(files.certFile, 'utf8')).not.toBe(first);
  });
});
