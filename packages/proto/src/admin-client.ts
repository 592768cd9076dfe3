import {
  type CallOptions,
  type ChannelCredentials,
  type Client,
  credentials as grpcCredentials,
  Metadata,
  type ServiceError,
} from '@grpc/grpc-js';
import type { AdminMethodName, AdminRequestInput, AdminResponse } from './admin-methods.js';
import { adminServiceConstructor } from './admin-proto.js';

export interface AdminClientOptions {
  /** host:port */
  address: string;
  token: string;
  /** PEM; TLS when set (server CA), mTLS when clientCert and clientKey are set too. */
  tls?: { ca?: Buffer; clientCert?: Buffer; clientKey?: Buffer };
  /** Per-call deadline (default 10 s). */
  timeoutMs?: number;
}

type UnaryMethod = (
  request: unknown,
  metadata: Metadata,
  options: CallOptions,
  callback: (err: ServiceError | null, response: unknown) => void,
) => void;

/** A promise-returning AdminService client that sends the bearer token with every call. */
export class AdminClient {
  private readonly client: Client;

  constructor(private readonly options: AdminClientOptions) {
    const Ctor = adminServiceConstructor();
    this.client = new Ctor(options.address, channelCredentials(options));
  }

  call<M extends AdminMethodName>(method: M, request: AdminRequestInput<M>): Promise<AdminResponse<M>> {
    const metadata = new Metadata();
    if (this.options.token !== '') metadata.set('authorization', `Bearer ${this.options.token}`);
    const deadline = new Date(Date.now() + (this.options.timeoutMs ?? 10_000));
    const fn = (this.client as unknown as Record<string, UnaryMethod>)[method];
    if (!fn) throw new Error(`AdminService has no method ${method}`);
    return new Promise((resolve, reject) => {
      fn.call(this.client, request, metadata, { deadline }, (err, response) => {
        if (err) reject(err);
        else resolve(response as AdminResponse<M>);
      });
    });
  }

  close(): void {
    this.client.close();
  }
}

function channelCredentials(o: AdminClientOptions): ChannelCredentials {
  if (!o.tls) return grpcCredentials.createInsecure();
  return grpcCredentials.createSsl(o.tls.ca ?? null, o.tls.clientKey ?? null, o.tls.clientCert ?? null);
}
