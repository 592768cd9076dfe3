import { readFileSync } from 'node:fs';
import { type MessageNames, messageNames } from '@rxpool/messages';
import type { HealthRegistry, Logger } from '@rxpool/observability';
import {
  type ConnectionOptions,
  connect,
  DiscardPolicy,
  ErrorCode,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
  type NatsError,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from 'nats';

/** Stream management on a cluster waits for the meta leader and new streams' elections: longer than a publish. */
const STREAM_ADMIN_TIMEOUT_MS = 10_000;
const STREAM_ADMIN_ATTEMPTS = 3;

export interface BusOptions {
  url: string;
  namespace: string;
  name: string;
  user?: string;
  password?: string;
  token?: string;
  credsFile?: string;
  tlsCaFile?: string;
  /** Replicas of the streams and KV buckets (NATS_STREAM_REPLICAS); 1 unless on a cluster. */
  streamReplicas?: number;
}

/**
 * One NATS connection per service: reconnects for ever, mirrors its state
 * into the health registry ('nats'), and declares the JetStream streams
 * every part relies on (idempotently, so any part may start first).
 */
export class NatsBus {
  readonly names: MessageNames;
  private nc: NatsConnection | undefined;
  private closing = false;

  constructor(
    private readonly options: BusOptions,
    private readonly health: HealthRegistry,
    private readonly log: Logger,
  ) {
    this.names = messageNames(options.namespace);
    health.register('nats', 'connecting');
  }

  get connection(): NatsConnection {
    if (!this.nc) throw new Error('NATS is not connected yet');
    return this.nc;
  }

  get jetstream(): JetStreamClient {
    return this.connection.jetstream();
  }

  jetstreamManager(): Promise<JetStreamManager> {
    return this.connection.jetstreamManager();
  }

  /** What every stream and KV bucket of the pool is created (or updated) with. */
  get streamReplicas(): number {
    return this.options.streamReplicas ?? 1;
  }

  async connect(): Promise<NatsConnection> {
    const o = this.options;
    const opts: ConnectionOptions = {
      servers: o.url.split(',').map((s) => s.trim()),
      name: o.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      reconnectJitter: 250,
      waitOnFirstConnect: true,
      pingInterval: 5_000,
      maxPingOut: 2,
    };
    if (o.user) opts.user = o.user;
    if (o.password) opts.pass = o.password;
    if (o.token) opts.token = o.token;
    if (o.tlsCaFile) opts.tls = { caFile: o.tlsCaFile };
    if (o.credsFile) {
      const { credsAuthenticator } = await import('nats');
      opts.authenticator = credsAuthenticator(readFileSync(o.credsFile));
    }
    const nc = await connect(opts);
    this.nc = nc;
    this.health.set('nats', true, 'connected');
    this.log.info({ server: nc.getServer() }, 'nats connected');
    void this.watch(nc);
    return nc;
  }

  /** Streams every part relies on; safe to call from each service at start. */
  async ensureStreams(): Promise<void> {
    // A request lost in an election (or outlasting a busy meta leader) times out; every step is idempotent.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ensureStreamsOnce();
      } catch (err) {
        if ((err as NatsError).code !== ErrorCode.Timeout || attempt >= STREAM_ADMIN_ATTEMPTS) throw err;
        this.log.warn({ attempt }, 'stream set-up timed out; trying again');
      }
    }
  }

  private async ensureStreamsOnce(): Promise<void> {
    const jsm = await this.connection.jetstreamManager({ timeout: STREAM_ADMIN_TIMEOUT_MS });
    const n = this.names;
    const num_replicas = this.streamReplicas;
    await this.ensureStream(jsm, {
      name: n.streams.shares,
      num_replicas,
      subjects: [n.subjects.sharesAccepted, n.subjects.sharesVoided],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      duplicate_window: 120_000_000_000, // 2 min in ns: repeats of a share id inside it are dropped
      max_age: 7 * 24 * 3600 * 1_000_000_000,
      discard: DiscardPolicy.Old,
    });
    await this.ensureStream(jsm, {
      name: n.streams.blocks,
      num_replicas,
      subjects: [n.subjects.blocksCandidate, n.subjects.blocksSubmitted],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      duplicate_window: 3600_000_000_000,
      max_age: 90 * 24 * 3600 * 1_000_000_000,
    });
    await this.ensureStream(jsm, {
      name: n.streams.template,
      num_replicas,
      subjects: [n.subjects.template],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      // The job-manager rebuilds blocks from recent templates, also after a failover.
      max_msgs_per_subject: 256,
    });
    // Buckets are created where they are used (with these replicas); one made before the
    // setting changed is brought to it here, as the streams above are.
    for (const bucket of Object.values(n.buckets)) await this.ensureBucketReplicas(jsm, bucket);
  }

  private async ensureBucketReplicas(jsm: JetStreamManager, bucket: string): Promise<void> {
    const stream = `KV_${bucket}`;
    try {
      const info = await jsm.streams.info(stream);
      if (info.config.num_replicas === this.streamReplicas) return;
      await jsm.streams.update(stream, { num_replicas: this.streamReplicas });
    } catch (err) {
      if (!/stream not found/i.test((err as Error).message)) throw err;
    }
  }

  private async ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }) {
    let current: StreamConfig;
    try {
      current = (await jsm.streams.info(config.name)).config;
    } catch (err) {
      if (!/stream not found/i.test((err as Error).message)) throw err;
      try {
        await jsm.streams.add(config);
        return;
      } catch (raced) {
        // Another service created it meanwhile: compare with what it made.
        if (!/already in use/i.test((raced as Error).message)) throw raced;
        current = (await jsm.streams.info(config.name)).config;
      }
    }
    // Every service starts with this; on a cluster each update is a proposal to the meta leader.
    if (holds(current, config)) return;
    await jsm.streams.update(config.name, config);
  }

  private async watch(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      const type = String(status.type);
      if (type === 'disconnect' || type === 'reconnecting') {
        this.health.set('nats', false, 'disconnected');
        this.log.warn({ status: type }, 'nats disconnected');
      } else if (type === 'reconnect') {
        this.health.set('nats', true, 'connected');
        this.log.info('nats reconnected');
      } else if (type === 'error') {
        this.log.error({ data: String(status.data) }, 'nats error');
      }
    }
    if (!this.closing) this.health.set('nats', false, 'closed');
  }

  async close(): Promise<void> {
    this.closing = true;
    const nc = this.nc;
    if (!nc || nc.isClosed()) return;
    try {
      await nc.drain();
    } catch {
      await nc.close();
    }
  }
}

/** Whether `current` already has every setting of `wanted`. */
function holds(current: StreamConfig, wanted: Partial<StreamConfig>): boolean {
  return Object.entries(wanted).every(
    ([key, value]) => JSON.stringify(current[key as keyof StreamConfig]) === JSON.stringify(value),
  );
}
