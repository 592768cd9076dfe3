import type { HeldTemplate } from './template-mapping.js';

/**
 * Recent templates by id, so a block candidate can be rebuilt from its
 * template id. Bounded: the oldest go first (the stream keeps as many).
 */
export class TemplateStore {
  private readonly byId = new Map<string, HeldTemplate>();
  private newest: HeldTemplate | undefined;

  constructor(private readonly capacity: number) {}

  get latest(): HeldTemplate | undefined {
    return this.newest;
  }

  get size(): number {
    return this.byId.size;
  }

  has(templateId: string): boolean {
    return this.byId.has(templateId);
  }

  get(templateId: string): HeldTemplate | undefined {
    return this.byId.get(templateId);
  }

  add(template: HeldTemplate): void {
    const id = template.event.templateId;
    if (this.byId.has(id)) return;
    this.byId.set(id, template);
    if (!this.newest || template.event.createdAt >= this.newest.event.createdAt) this.newest = template;
    while (this.byId.size > this.capacity) {
      const oldest = this.byId.keys().next().value as string;
      this.byId.delete(oldest);
    }
  }
}
