import type { NatsBus } from '@rxpool/bus';
import { encodeJson } from '@rxpool/messages';
import type { HeldTemplate } from './template-mapping.js';
import type { TemplateStore } from './template-store.js';

/**
 * Publishes templates to the template stream (`Nats-Msg-Id` = template id,
 * so a retried publish is stored once) and keeps them in the local store
 * first, so a candidate for it can be rebuilt as soon as anyone sees it.
 */
export class TemplatePublisher {
  constructor(
    private readonly bus: NatsBus,
    private readonly store: TemplateStore,
  ) {}

  async publish(template: HeldTemplate): Promise<void> {
    this.store.add(template);
    const { event } = template;
    await this.bus.jetstream.publish(this.bus.names.subjects.template, encodeJson(event), {
      msgID: event.templateId,
    });
  }
}
