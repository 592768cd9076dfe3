import { describe, expect, it } from 'vitest';
import { parseCliArgs, USAGE } from './args.js';
import { runCli } from './cli.js';

describe('rxpool-admin resolve', () => {
  it('takes the batch, the outcome, --reason and --tx-hash', () => {
    const a = parseCliArgs(['resolve', '7', 'paid', '--reason', 'on chain', '--tx-hash', 'ab'], {
      RXPOOL_ADMIN_TOKEN: 't',
    });
    expect(a).toMatchObject({
      command: 'resolve',
      positionals: ['7', 'paid'],
      reason: 'on chain',
      txHash: 'ab',
    });
    expect(USAGE).toMatch(/resolve <batch-id> <paid\|not-paid> --reason R \[--tx-hash H\]/);
  });

  it('refuses a resolution without a batch, an outcome or a reason before asking the server', async () => {
    const errors: string[] = [];
    // Nothing listens here: a call that got through would fail with 1, not 2.
    const io = { out: () => undefined, err: (t: string) => errors.push(t), env: { RXPOOL_ADMIN_TOKEN: 't' } };
    const cli = (...argv: string[]) => runCli(['--addr', '127.0.0.1:1', ...argv], io);
    expect(await cli('resolve', '7', 'paid')).toBe(2);
    expect(errors.pop()).toBe('rxpool-admin: resolve needs --reason: what was checked, and why');
    expect(await cli('resolve', '7', 'paid', '--reason', '  ')).toBe(2);
    expect(errors.pop()).toMatch(/resolve needs --reason/);
    expect(await cli('resolve', '7', 'refunded', '--reason', 'x')).toBe(2);
    expect(errors.pop()).toBe('rxpool-admin: resolve needs an outcome: paid or not-paid, got "refunded"');
    expect(await cli('resolve', '7', '--reason', 'x')).toBe(2);
    expect(errors.pop()).toBe('rxpool-admin: resolve needs an outcome (paid or not-paid)');
    expect(await cli('resolve', '--reason', 'x')).toBe(2);
    expect(errors.pop()).toBe('rxpool-admin: resolve needs a payout batch id');
  });
});
