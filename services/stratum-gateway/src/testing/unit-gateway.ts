/** Test-only: a StratumGateway on fake sockets, a scripted validator and a clock the test moves. */
import { EnvReader } from '@rxpool/config';
import type { BanEntry, ValidateRequest } from '@rxpool/messages';
import { createLogger, Registry } from '@rxpool/observability';
import { readGatewayConfig } from '../config.js';
import { StratumGateway } from '../gateway.js';
import type { InstanceIdSource } from '../jobs/job-factory.js';
import type { Keccak256 } from '../jobs/keccak.js';
import { GatewayMetrics } from '../metrics.js';
import type { MinerSession } from '../session/miner-session.js';
import type { ShareValidator, ValidationOutcome } from '../shares/share-validator.js';
import { type FakeSocket, fakeSession, written } from './fake-session.js';
import { templateEvent, WALLET } from './fixtures.js';

/** A result whose bytes 24..31 are zero: under any target. */
export const GOOD_RESULT = `${'ab'.repeat(24)}${'00'.repeat(8)}`;

/** A validator double for the gateway's own logic; real validation is tested end to end. */
export class ScriptedValidator implements ShareValidator {
  requests: ValidateRequest[] = [];
  answer: (r: ValidateRequest) => ValidationOutcome = (r) => ({
    kind: 'reply',
    reply: { ok: true, shareId: r.shareId, blockCandidate: false, hashDifficulty: '100' },
  });
  async validate(request: ValidateRequest): Promise<ValidationOutcome> {
    this.requests.push(request);
    return this.answer(request);
  }
}

export interface Reply {
  id?: unknown;
  error: { message: string } | null;
  result: unknown;
}

export interface JobMessage {
  params: { job_id: string; target: string };
}

export interface UnitGateway {
  gw: StratumGateway;
  validator: ScriptedValidator;
  /** Bans the gateway decided (published for every gateway). */
  bans: BanEntry[];
  session: MinerSession;
  socket: FakeSocket;
  sessionId: string;
  firstJob: string;
  submit(id: number, jobId: string, nonce: string, result?: string): Promise<Reply>;
  /** A getjob; its reply. */
  getJob(id: number): Reply;
  advance(ms: number): void;
  now(): number;
  jobs(): JobMessage[];
}

/**
 * A gateway holding template t1 (height 10) and one logged-in miner (`login`) from
 * 10.0.0.1, test-sized settings that `env` overrides.
 */
export function unitGateway(
  keccak: Keccak256,
  env: Record<string, string> = {},
  options: { ids?: InstanceIdSource; login?: string } = {},
): UnitGateway {
  let now = 1_000_000;
  const validator = new ScriptedValidator();
  const bans: BanEntry[] = [];
  const config = readGatewayConfig(
    new EnvReader({
      STRATUM_MIN_DIFFICULTY: '100',
      STRATUM_START_DIFFICULTY: '1000',
      VARDIFF_RETARGET_SECONDS: '10',
      VARDIFF_RETARGET_GRACE_MS: '5000',
      STRATUM_TEMPLATE_GRACE_MS: '2000',
      ...env,
    }),
  );
  const gw = new StratumGateway({
    config,
    log: createLogger('test', 'silent'),
    metrics: new GatewayMetrics(new Registry()),
    validator,
    ids: options.ids ?? { instanceId: 0x11223344, counterExhausted() {} },
    keccak,
    publishBan: (entry) => bans.push(entry),
    name: () => 'gateway-test',
    now: () => now,
  });
  gw.onTemplate(templateEvent({ id: 't1', height: 10 }));
  const { session, socket } = fakeSession({ now });
  gw.sessions.add(session);
  const login = { id: 1, method: 'login', params: { login: options.login ?? WALLET, pass: 'x' } };
  gw.handleLine(session, JSON.stringify(login), now);
  const reply = written(socket)[0] as { result: { id: string; job: { job_id: string } } };
  const sessionId = reply.result.id;
  const replyTo = (id: number) => written(socket).find((m) => m.id === id) as unknown as Reply;
  return {
    gw,
    validator,
    bans,
    session,
    socket,
    sessionId,
    firstJob: reply.result.job.job_id,
    submit: async (id, jobId, nonce, result = GOOD_RESULT) => {
      const params = { id: sessionId, job_id: jobId, nonce, result };
      gw.handleLine(session, JSON.stringify({ id, method: 'submit', params }), now);
      await new Promise((r) => setImmediate(r));
      return replyTo(id);
    },
    getJob: (id) => {
      gw.handleLine(session, JSON.stringify({ id, method: 'getjob', params: { id: sessionId } }), now);
      return replyTo(id);
    },
    advance: (ms) => {
      now += ms;
    },
    now: () => now,
    jobs: () => written(socket).filter((m) => m.method === 'job') as unknown as JobMessage[],
  };
}
