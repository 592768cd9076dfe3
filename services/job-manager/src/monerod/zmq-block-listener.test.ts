import { describe, expect, it } from 'vitest';
import { CHAIN_MAIN_TOPIC, parseChainMain } from './zmq-block-listener.js';

const a = 'aa'.repeat(32);
const b = 'bb'.repeat(32);

describe('parseChainMain', () => {
  it('reads monerod json-minimal-chain_main frames', () => {
    const frame = `${CHAIN_MAIN_TOPIC}:${JSON.stringify({ first_height: 4, first_prev_id: '00'.repeat(32), ids: [a, b] })}`;
    expect(parseChainMain(frame, 7)).toEqual({ nextHeight: 6, topHash: b, receivedAt: 7 });
  });

  it('ignores other topics and malformed bodies', () => {
    expect(parseChainMain(`json-full-chain_main:{"first_height":4,"ids":["${a}"]}`)).toBeUndefined();
    expect(parseChainMain(`${CHAIN_MAIN_TOPIC}:{not json`)).toBeUndefined();
    expect(parseChainMain(`${CHAIN_MAIN_TOPIC}:{"first_height":4,"ids":[]}`)).toBeUndefined();
    expect(parseChainMain(`${CHAIN_MAIN_TOPIC}:{"first_height":"4","ids":["${a}"]}`)).toBeUndefined();
    expect(parseChainMain('no colon here')).toBeUndefined();
  });
});
