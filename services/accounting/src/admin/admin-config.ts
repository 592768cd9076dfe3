import { existsSync } from 'node:fs';
import type { EnvReader } from '@rxpool/config';

export const DEFAULT_ADMIN_GRPC_PORT = 50051;

export interface AdminConfig {
  enabled: boolean;
  host: string;
  port: number;
  /** Bearer token every call must carry. */
  token: string;
  /** TLS when cert and key are set; mTLS (client certificates required) when ca is set too. */
  tls: { certFile: string; keyFile: string; caFile: string | undefined } | undefined;
}

/**
 * The admin API serves when ADMIN_TOKEN is set (ADMIN_GRPC_ENABLED=false
 * turns it off). Asking for it (ADMIN_GRPC_PORT or ADMIN_GRPC_ENABLED=true)
 * without a token is an error: an API that holds payouts and bans miners
 * never runs without authentication.
 */
export function readAdminConfig(env: EnvReader): AdminConfig {
  const token = env.string('ADMIN_TOKEN', '');
  const asked = env.optionalString('ADMIN_GRPC_PORT') !== undefined;
  const enabled = env.bool('ADMIN_GRPC_ENABLED', token !== '' || asked);
  env.check('ADMIN_TOKEN', !enabled || token !== '', 'is required to serve the admin gRPC API');
  env.check('ADMIN_TOKEN', token === '' || token.length >= 16, 'must be at least 16 characters');
  const certFile = env.optionalString('ADMIN_TLS_CERT');
  const keyFile = env.optionalString('ADMIN_TLS_KEY');
  const caFile = env.optionalString('ADMIN_TLS_CA');
  env.check(
    'ADMIN_TLS_KEY',
    (certFile === undefined) === (keyFile === undefined),
    'and ADMIN_TLS_CERT go together',
  );
  env.check(
    'ADMIN_TLS_CA',
    caFile === undefined || certFile !== undefined,
    'needs ADMIN_TLS_CERT and ADMIN_TLS_KEY',
  );
  for (const [name, file] of [
    ['ADMIN_TLS_CERT', certFile],
    ['ADMIN_TLS_KEY', keyFile],
    ['ADMIN_TLS_CA', caFile],
  ] as const) {
    if (file !== undefined) env.check(name, existsSync(file), `file ${file} does not exist`);
  }
  return {
    enabled,
    host: env.string('ADMIN_GRPC_HOST', '0.0.0.0'),
    port: env.port('ADMIN_GRPC_PORT', DEFAULT_ADMIN_GRPC_PORT),
    token,
    tls: certFile && keyFile ? { certFile, keyFile, caFile } : undefined,
  };
}
