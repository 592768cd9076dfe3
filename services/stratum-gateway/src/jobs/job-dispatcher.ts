import type { StratumJob } from '@rxpool/stratum';
import type { GatewayMetrics } from '../metrics.js';
import type { MinerSession } from '../session/miner-session.js';
import { type JobFactory, NoInstanceIdError } from './job-factory.js';
import type { JobTemplate } from './job-template.js';
import { addRecentJob, type MinerJob, retireOldestJob } from './miner-job.js';
import type { TemplateBook } from './template-book.js';

export class NoTemplateError extends Error {
  constructor() {
    super('no block template received yet');
    this.name = 'NoTemplateError';
  }
}

export type JobCause = 'login' | 'template' | 'retarget' | 'getjob';

export interface JobDispatchSettings {
  maxJobsPerMiner: number;
  templateGraceMs: number;
  retargetGraceMs: number;
}

/**
 * Hands jobs to miners: one for a session (login, retarget, getjob) or one for every
 * logged-in session when a template arrives. The job replaced stays valid for a grace
 * period: the template grace when the template changed, else the retarget grace; a new
 * template also ends every older template's jobs within the template grace.
 */
export class JobDispatcher {
  constructor(
    private readonly factory: JobFactory,
    private readonly templates: TemplateBook,
    private readonly settings: JobDispatchSettings,
    private readonly metrics: GatewayMetrics,
  ) {}

  /** A new job for the session on the current template at its difficulty (not sent). */
  issue(session: MinerSession, now: number): StratumJob {
    const template = this.templates.current;
    if (template === undefined) throw new NoTemplateError();
    return this.issueFor(session, template, now);
  }

  /** Issues and sends a job notification. */
  send(session: MinerSession, now: number, cause: JobCause): void {
    const template = this.templates.current;
    if (template === undefined) throw new NoTemplateError();
    session.send(this.issueLine(session, template, now));
    this.metrics.jobsSent.inc({ cause });
  }

  /**
   * A job on `template` for every session; returns how many were sent. Stops when no job
   * can be made (no instance id, or its counter spent): the rest get one with the new id.
   */
  broadcast(template: JobTemplate, sessions: Iterable<MinerSession>, now: number): number {
    let sent = 0;
    try {
      for (const session of sessions) {
        if (!session.isOpen) continue;
        session.send(this.issueLine(session, template, now));
        sent++;
      }
    } catch (err) {
      if (!(err instanceof NoInstanceIdError)) throw err;
    }
    this.metrics.jobsSent.inc({ cause: 'template' }, sent);
    return sent;
  }

  private issueFor(session: MinerSession, template: JobTemplate, now: number): StratumJob {
    const { difficulty, nicehashByte } = session;
    return this.make(session, template, now, (reuse) =>
      this.factory.create(template, difficulty, nicehashByte, reuse),
    ).wire;
  }

  private issueLine(session: MinerSession, template: JobTemplate, now: number): string {
    const { difficulty, nicehashByte } = session;
    return this.make(session, template, now, (reuse) =>
      this.factory.createLine(template, difficulty, nicehashByte, reuse),
    ).line;
  }

  /** Retires the oldest job for reuse and remembers the new one; no job made, nothing retired. */
  private make<T extends { job: MinerJob }>(
    session: MinerSession,
    template: JobTemplate,
    now: number,
    build: (reuse: MinerJob | undefined) => T,
  ): T {
    const reuse = this.retire(session);
    let made: T;
    try {
      made = build(reuse);
    } catch (err) {
      if (reuse !== undefined) session.jobs?.unshift(reuse);
      throw err;
    }
    this.remember(session, made.job, template, now);
    return made;
  }

  private retire(session: MinerSession): MinerJob | undefined {
    return session.jobs === undefined
      ? undefined
      : retireOldestJob(session.jobs, this.settings.maxJobsPerMiner);
  }

  private remember(session: MinerSession, job: MinerJob, template: JobTemplate, now: number): void {
    if (session.jobs === undefined) session.jobs = [];
    const previous = session.newestJob;
    const { templateGraceMs, retargetGraceMs, maxJobsPerMiner } = this.settings;
    if (previous !== undefined && previous.template !== template) {
      // A job a retarget replaced would keep its longer grace: the old template's ends now.
      const end = now + templateGraceMs;
      for (const old of session.jobs) {
        if (old.template !== template && (old.expiresAt === 0 || old.expiresAt > end)) old.expiresAt = end;
      }
    }
    addRecentJob(session.jobs, job, maxJobsPerMiner, now, retargetGraceMs);
  }
}
