import type { TemplateEvent } from '@rxpool/messages';
import { JobTemplate } from './job-template.js';
import type { Keccak256 } from './keccak.js';

/** The template miners work on now. Older ones live on only through the jobs that name them. */
export class TemplateBook {
  private currentTemplate: JobTemplate | undefined;
  private seq = 0;

  constructor(private readonly keccak: Keccak256) {}

  get current(): JobTemplate | undefined {
    return this.currentTemplate;
  }

  /**
   * Prepares a new template and makes it current; undefined when it is the current one
   * again (a redelivery). Throws TemplateRejectedError for a template that cannot be used.
   */
  accept(event: TemplateEvent, now: number): JobTemplate | undefined {
    if (this.currentTemplate?.templateId === event.templateId) return undefined;
    const template = new JobTemplate(event, ++this.seq, now, this.keccak);
    this.currentTemplate = template;
    return template;
  }
}
