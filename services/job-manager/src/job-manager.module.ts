import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import {
  BUS,
  configToken,
  HEALTH,
  LOGGER,
  METRICS,
  provider,
  serviceModule,
  valueToken,
} from '@rxpool/service-kit';
import { BlockSubmitter } from './blocks/block-submitter.js';
import { CandidateConsumer } from './blocks/candidate-consumer.js';
import { ChainHeaderResponder } from './chain/chain-header-responder.js';
import type { JobManagerConfig } from './config.js';
import { StuckTemplateAlarm } from './health/stuck-template-alarm.js';
import { JobManager } from './job-manager.js';
import { LeaderDuties } from './leadership/leader-duties.js';
import { LeaderLease } from './leadership/leader-lease.js';
import { JobManagerMetrics } from './metrics/job-manager-metrics.js';
import { MonerodClient } from './monerod/monerod-client.js';
import { MonerodRpc } from './monerod/monerod-rpc.js';
import { MonerodStatusPoller } from './monerod/monerod-status-poller.js';
import { ZmqBlockListener } from './monerod/zmq-block-listener.js';
import { TemplatePublisher } from './templates/template-publisher.js';
import { TemplateSource } from './templates/template-source.js';
import { TemplateStore } from './templates/template-store.js';
import { TemplateStreamFollower } from './templates/template-stream-follower.js';

const CONFIG = configToken<JobManagerConfig>();
/** This process's name in the leader lease. */
export const INSTANCE_ID = valueToken<string>('job-manager.instance-id');
/** monerod's ZMQ block notices; undefined without MONEROD_ZMQ_URL (new blocks are then seen by polling). */
const ZMQ = valueToken<ZmqBlockListener | undefined>('job-manager.zmq');

const monerod: Provider[] = [
  provider(
    MonerodClient,
    { config: CONFIG, metrics: JobManagerMetrics, log: LOGGER },
    ({ config, metrics, log }) =>
      new MonerodClient({
        urls: config.monerodUrls,
        login: config.monerodLogin,
        timeoutMs: config.rpcTimeoutMs,
        attempts: config.rpcAttempts,
        observer: {
          onCall: (...args) => metrics.onCall(...args),
          onFailover: (from, to) => {
            metrics.onFailover(from);
            if (from !== undefined) log.warn({ from, to }, 'monerod failover');
          },
        },
      }),
  ),
  provider(MonerodRpc, { client: MonerodClient }, ({ client }) => new MonerodRpc(client)),
  provider(
    MonerodStatusPoller,
    { rpc: MonerodRpc, health: HEALTH, metrics: JobManagerMetrics, log: LOGGER, config: CONFIG },
    ({ rpc, health, metrics, log, config }) =>
      new MonerodStatusPoller(rpc, health, metrics, log, config.pollIntervalMs),
  ),
  provider(ZMQ, { config: CONFIG, log: LOGGER }, ({ config, log }) =>
    config.zmqUrl ? new ZmqBlockListener(config.zmqUrl, log) : undefined,
  ),
];

const templates: Provider[] = [
  provider(TemplateStore, { config: CONFIG }, ({ config }) => new TemplateStore(config.templateHistory)),
  provider(
    TemplatePublisher,
    { bus: BUS, store: TemplateStore },
    ({ bus, store }) => new TemplatePublisher(bus, store),
  ),
  provider(
    TemplateSource,
    {
      rpc: MonerodRpc,
      publisher: TemplatePublisher,
      poller: MonerodStatusPoller,
      zmq: ZMQ,
      metrics: JobManagerMetrics,
      log: LOGGER,
      config: CONFIG,
    },
    ({ rpc, publisher, poller, zmq, metrics, log, config }) =>
      new TemplateSource(rpc, publisher, poller, zmq, metrics, log, {
        walletAddress: config.walletAddress,
        reserveSize: config.reserveSize,
        refreshMs: config.templateRefreshMs,
      }),
  ),
  provider(
    TemplateStreamFollower,
    { bus: BUS, store: TemplateStore, log: LOGGER },
    ({ bus, store, log }) => new TemplateStreamFollower(bus, store, log),
  ),
  provider(
    StuckTemplateAlarm,
    {
      poller: MonerodStatusPoller,
      source: TemplateSource,
      health: HEALTH,
      metrics: JobManagerMetrics,
      log: LOGGER,
      config: CONFIG,
    },
    ({ poller, source, health, metrics, log, config }) =>
      new StuckTemplateAlarm(
        {
          chainHeight: () => poller.lastTip?.height,
          templateHeight: () => source.published?.event.height,
        },
        health,
        metrics,
        log,
        config.stuckTemplateMs,
      ),
  ),
];

const blocks: Provider[] = [
  provider(
    BlockSubmitter,
    {
      store: TemplateStore,
      rpc: MonerodRpc,
      metrics: JobManagerMetrics,
      log: LOGGER,
      source: TemplateSource,
    },
    ({ store, rpc, metrics, log, source }) =>
      new BlockSubmitter(store, rpc, metrics, log, () => source.request({ reason: 'rejected' })),
  ),
  provider(
    CandidateConsumer,
    { bus: BUS, submitter: BlockSubmitter, log: LOGGER },
    ({ bus, submitter, log }) => new CandidateConsumer(bus, submitter, log),
  ),
  provider(
    ChainHeaderResponder,
    { bus: BUS, rpc: MonerodRpc, log: LOGGER },
    ({ bus, rpc, log }) => new ChainHeaderResponder(bus, rpc, log),
  ),
];

const leadership: Provider[] = [
  provider(INSTANCE_ID, {}, () => `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`),
  provider(
    LeaderDuties,
    {
      follower: TemplateStreamFollower,
      source: TemplateSource,
      alarm: StuckTemplateAlarm,
      consumer: CandidateConsumer,
      store: TemplateStore,
      metrics: JobManagerMetrics,
      log: LOGGER,
      instanceId: INSTANCE_ID,
    },
    (parts) => new LeaderDuties(parts),
  ),
  provider(
    LeaderLease,
    { bus: BUS, instanceId: INSTANCE_ID, config: CONFIG, log: LOGGER, duties: LeaderDuties },
    ({ bus, instanceId, config, log, duties }) =>
      new LeaderLease(bus, instanceId, config.leaderLeaseTtlMs, log, (leader) => duties.change(leader)),
  ),
];

/** Nest composes the job-manager's classes; they stay plain, and JobManager starts and stops them. */
@Module({})
export class JobManagerModule {
  static forRoot(kit: DynamicModule, config: JobManagerConfig): DynamicModule {
    return serviceModule({
      module: JobManagerModule,
      kit,
      config,
      providers: [
        provider(JobManagerMetrics, { registry: METRICS }, ({ registry }) => new JobManagerMetrics(registry)),
        ...monerod,
        ...templates,
        ...blocks,
        ...leadership,
        provider(
          JobManager,
          {
            instanceId: INSTANCE_ID,
            config: CONFIG,
            log: LOGGER,
            client: MonerodClient,
            poller: MonerodStatusPoller,
            follower: TemplateStreamFollower,
            responder: ChainHeaderResponder,
            alarm: StuckTemplateAlarm,
            lease: LeaderLease,
            duties: LeaderDuties,
            store: TemplateStore,
            source: TemplateSource,
            submitter: BlockSubmitter,
          },
          ({ config, ...parts }) => new JobManager({ ...parts, monerodUrls: config.monerodUrls }),
        ),
      ],
      runtime: JobManager,
      exports: [JobManager],
    });
  }
}
