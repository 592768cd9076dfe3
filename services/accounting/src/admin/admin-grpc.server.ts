import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServiceError,
  type sendUnaryData,
  status,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import type { Logger } from '@rxpool/observability';
import {
  ADMIN_METHODS,
  type AdminMethodName,
  adminServiceConstructor,
  loadAdminPackageDefinition,
} from '@rxpool/proto';
import type { AdminService } from './admin.service.js';
import type { AdminConfig } from './admin-config.js';
import { AdminError } from './admin-errors.js';

/** One handler with its method's types erased: the request is what the server decoded for that method. */
type Handler = (request: unknown, by: string) => Promise<unknown>;

/**
 * Serves AdminService over gRPC: every call must carry
 * `authorization: Bearer <ADMIN_TOKEN>` (else UNAUTHENTICATED); TLS or mTLS
 * when configured; server reflection on (it describes the API, it calls
 * nothing, so it needs no token).
 */
export class AdminGrpcServer {
  private server: Server | undefined;
  private readonly token: Buffer;

  constructor(
    private readonly config: AdminConfig,
    private readonly service: AdminService,
    private readonly log: Logger,
  ) {
    this.token = Buffer.from(config.token, 'utf8');
  }

  /** Binds and serves; resolves with the bound port (useful with port 0). */
  async start(): Promise<number> {
    const definition = loadAdminPackageDefinition();
    const server = new Server();
    const implementation: UntypedServiceImplementation = {};
    for (const method of ADMIN_METHODS) implementation[method] = this.handler(method);
    server.addService(adminServiceConstructor(definition).service, implementation);
    new ReflectionService(definition).addToServer(server);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${this.config.host}:${this.config.port}`, this.credentials(), (err, bound) =>
        err ? reject(err) : resolve(bound),
      ),
    );
    this.server = server;
    this.log.info(
      {
        host: this.config.host,
        port,
        tls: this.config.tls ? (this.config.tls.caFile ? 'mtls' : 'tls') : 'off',
      },
      'admin gRPC listening',
    );
    return port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, 5_000);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }

  private handler(method: AdminMethodName) {
    const fn = (this.service[method] as Handler).bind(this.service);
    return (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      if (!this.authorized(call.metadata.get('authorization'))) {
        callback(
          grpcError(
            status.UNAUTHENTICATED,
            'a valid bearer token is required (authorization: Bearer <token>)',
          ),
        );
        return;
      }
      fn(call.request, `admin@${call.getPeer()}`).then(
        (response) => callback(null, response),
        (err: unknown) => {
          if (err instanceof AdminError) {
            callback(grpcError(err.code, err.message));
            return;
          }
          this.log.error({ method, err: (err as Error).message }, 'admin call failed');
          callback(grpcError(status.INTERNAL, `${method} failed: ${(err as Error).message}`));
        },
      );
    };
  }

  private authorized(values: readonly (string | Buffer)[]): boolean {
    const value = values[0];
    if (typeof value !== 'string' || !value.startsWith('Bearer ')) return false;
    const given = Buffer.from(value.slice('Bearer '.length).trim(), 'utf8');
    return given.length === this.token.length && this.token.length > 0 && timingSafeEqual(given, this.token);
  }

  private credentials(): ServerCredentials {
    const tls = this.config.tls;
    if (!tls) return ServerCredentials.createInsecure();
    const ca = tls.caFile ? readFileSync(tls.caFile) : null;
    return ServerCredentials.createSsl(
      ca,
      [{ cert_chain: readFileSync(tls.certFile), private_key: readFileSync(tls.keyFile) }],
      ca !== null,
    );
  }
}

function grpcError(code: status, details: string): Partial<ServiceError> {
  return { code, details, message: details };
}
