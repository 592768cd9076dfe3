import type { PreparedTemplate } from '@rxpool/cryptonote';
import type { TemplateEvent } from '@rxpool/messages';
import { describe, expect, it } from 'vitest';
import type { HeldTemplate } from './template-mapping.js';
import { TemplateStore } from './template-store.js';

const held = (templateId: string, createdAt: number): HeldTemplate => ({
  event: { templateId, createdAt } as TemplateEvent,
  prepared: {} as PreparedTemplate,
  txSection: '',
});

describe('TemplateStore', () => {
  it('finds templates by id and forgets the oldest beyond its capacity', () => {
    const store = new TemplateStore(3);
    for (let i = 1; i <= 4; i++) store.add(held(`t${i}`, i));
    expect(store.size).toBe(3);
    expect(store.get('t1')).toBeUndefined();
    expect(store.get('t4')?.event.createdAt).toBe(4);
    expect(store.latest?.event.templateId).toBe('t4');
  });

  it('keeps the newest as latest when older templates arrive later (stream replay)', () => {
    const store = new TemplateStore(10);
    store.add(held('new', 100));
    store.add(held('old', 50));
    store.add(held('new', 200));
    expect(store.latest?.event.templateId).toBe('new');
    expect(store.latest?.event.createdAt).toBe(100);
    expect(store.size).toBe(2);
  });
});
