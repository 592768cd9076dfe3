import type { BanEntry } from '@rxpool/messages';
import type { Logger } from '@rxpool/observability';
import { AbuseGuard } from './abuse/abuse-guard.js';
import { Admission } from './abuse/admission.js';
import { BanList } from './abuse/ban-list.js';
import { addressGroup, IpAllowlist } from './abuse/ip-address.js';
import { PreloginThrottle } from './abuse/prelogin-throttle.js';
import type { GatewayConfig } from './config.js';
import { JobDispatcher } from './jobs/job-dispatcher.js';
import { type InstanceIdSource, JobFactory } from './jobs/job-factory.js';
import type { Keccak256 } from './jobs/keccak.js';
import { TargetCache } from './jobs/target-cache.js';
import { TemplateBook } from './jobs/template-book.js';
import type { GatewayMetrics } from './metrics.js';
import { LoginHandler } from './session/login-handler.js';
import { Replier } from './session/replier.js';
import type { SessionRegistry } from './session/session-registry.js';
import type { ShareValidator } from './shares/share-validator.js';
import { SubmitHandler } from './shares/submit-handler.js';
import { VardiffController } from './vardiff/vardiff-controller.js';

export interface GatewayDeps {
  config: GatewayConfig;
  log: Logger;
  metrics: GatewayMetrics;
  validator: ShareValidator;
  ids: InstanceIdSource;
  keccak: Keccak256;
  /** Stores a ban this gateway decided in the shared bucket. */
  publishBan: (entry: BanEntry) => void;
  /** Name for the `by` of bans (e.g. "gateway-<instance id>"). */
  name: () => string;
  now?: () => number;
}

/** The plain classes a StratumGateway routes requests to, wired to one another. */
export interface StratumParts {
  templates: TemplateBook;
  abuse: AbuseGuard;
  admission: Admission;
  replier: Replier;
  vardiff: VardiffController;
  jobs: JobDispatcher;
  login: LoginHandler;
  submit: SubmitHandler;
}

/**
 * Builds the gateway's parts from its settings. `enforceBan` closes the sessions a new
 * ban covers (the gateway's, which holds the sessions).
 */
export function buildStratumParts(
  deps: GatewayDeps,
  sessions: SessionRegistry,
  now: () => number,
  enforceBan: (entry: BanEntry) => void,
): StratumParts {
  const { config, metrics } = deps;
  const templates = new TemplateBook(deps.keccak);
  const { limits } = config;
  const groupOf = (ip: string) => addressGroup(ip, limits.ipv6GroupPrefix);
  const abuse = new AbuseGuard(
    config.bans,
    limits,
    new BanList(groupOf),
    new PreloginThrottle(limits.preloginErrorLimit, limits.preloginErrorHalfLifeMs),
    {
      countRejection: (r) => metrics.rejections.inc({ reason: r.key }),
      countAccepted: () => metrics.sharesAccepted.inc(),
      publishBan: (entry) => {
        metrics.bans.inc();
        deps.log.warn({ ban: entry }, 'banned');
        deps.publishBan(entry);
      },
      enforceBan,
    },
    deps.name,
  );
  const admission = new Admission(limits, new IpAllowlist(config.bans.allowlist), abuse, groupOf);
  const replier = new Replier(abuse);
  const vardiff = new VardiffController(config.vardiff, config.difficulty.min, config.difficulty.max);
  const factory = new JobFactory(deps.ids, new TargetCache(), 2 ** config.jobs.counterBits - 1);
  const jobs = new JobDispatcher(
    factory,
    templates,
    {
      maxJobsPerMiner: config.jobs.maxJobsPerMiner,
      templateGraceMs: config.jobs.templateGraceMs,
      retargetGraceMs: config.vardiff.retargetGraceMs,
    },
    metrics,
  );
  const login = new LoginHandler(
    {
      network: config.common.network,
      defaultScheme: config.defaultScheme,
      schemes: config.schemes,
      difficulty: config.difficulty,
      submitBurst: config.limits.submitBurst,
    },
    sessions,
    jobs,
    abuse,
    replier,
    metrics,
  );
  const submit = new SubmitHandler(
    config.limits,
    deps.validator,
    abuse,
    replier,
    jobs,
    vardiff,
    metrics,
    now,
  );
  return { templates, abuse, admission, replier, vardiff, jobs, login, submit };
}
