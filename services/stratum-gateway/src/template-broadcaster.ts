import type { TemplateEvent } from '@rxpool/messages';
import type { Logger } from '@rxpool/observability';
import type { JobDispatcher } from './jobs/job-dispatcher.js';
import type { InstanceIdSource } from './jobs/job-factory.js';
import { TemplateRejectedError } from './jobs/job-template.js';
import type { TemplateBook } from './jobs/template-book.js';
import type { GatewayMetrics } from './metrics.js';
import type { SessionRegistry } from './session/session-registry.js';

export interface BroadcastParts {
  templates: TemplateBook;
  jobs: JobDispatcher;
  sessions: SessionRegistry;
  ids: InstanceIdSource;
  metrics: GatewayMetrics;
  log: Logger;
  now: () => number;
}

/** Turns each new template into a job for every logged-in miner at once. */
export class TemplateBroadcaster {
  constructor(private readonly parts: BroadcastParts) {}

  /** A new template: prepared once, then broadcast; the number of miners sent a job. */
  onTemplate(event: TemplateEvent): number {
    const { templates, jobs, sessions, ids, metrics, log, now } = this.parts;
    const started = now();
    let template: ReturnType<TemplateBook['accept']>;
    try {
      template = templates.accept(event, started);
    } catch (err) {
      if (!(err instanceof TemplateRejectedError)) throw err;
      metrics.templates.inc({ outcome: 'rejected' });
      log.error({ err: err.message, templateId: event.templateId }, 'template rejected');
      return 0;
    }
    if (template === undefined) return 0;
    metrics.templates.inc({ outcome: 'accepted' });
    if (ids.instanceId === undefined) return 0;
    const sent = jobs.broadcast(template, sessions.loggedIn, started);
    const seconds = (now() - started) / 1000;
    metrics.broadcastSeconds.observe(seconds);
    log.info(
      { templateId: template.templateId, height: template.height, miners: sent, seconds },
      'new template sent',
    );
    return sent;
  }

  /** The instance id changed (lease renewed under a new id): everyone gets a job under it. */
  onInstanceIdChanged(): void {
    const { templates, jobs, sessions, ids, now } = this.parts;
    const template = templates.current;
    if (template !== undefined && ids.instanceId !== undefined) {
      jobs.broadcast(template, sessions.loggedIn, now());
    }
  }
}
