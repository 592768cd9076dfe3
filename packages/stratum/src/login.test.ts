import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StratumProtocolError } from './errors.js';
import { isValidWorkerName, parseLogin } from './login.js';
import { Rejections } from './rejections.js';

const A = '42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWDm';

function rejection(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StratumProtocolError);
    return (err as StratumProtocolError).rejection.key;
  }
  return 'none';
}

describe('parseLogin', () => {
  it('reads ADDRESS[.WORKER][+DIFF]', () => {
    expect(parseLogin(A)).toEqual({ address: A, worker: 'default' });
    expect(parseLogin(`${A}.rig-1`)).toEqual({ address: A, worker: 'rig-1' });
    expect(parseLogin(`${A}+50000`)).toEqual({ address: A, worker: 'default', fixedDifficulty: 50000 });
    expect(parseLogin(`${A}.rig_2+1`)).toEqual({ address: A, worker: 'rig_2', fixedDifficulty: 1 });
  });

  it('names the worker from rigid, then the password, unless .WORKER is given', () => {
    expect(parseLogin(A, 'x', 'rig7').worker).toBe('rig7');
    expect(parseLogin(A, 'laptop').worker).toBe('laptop');
    expect(parseLogin(A, 'laptop', 'rig7').worker).toBe('rig7');
    expect(parseLogin(`${A}.named`, 'laptop', 'rig7').worker).toBe('named');
    expect(parseLogin(A, 'X').worker).toBe('default');
    expect(parseLogin(A, '').worker).toBe('default');
    // A password that is not a worker name (an e-mail, a note) is ignored, not an error.
    expect(parseLogin(A, 'me@example.com').worker).toBe('default');
    expect(parseLogin(A, 'x', 'bad rig id').worker).toBe('default');
  });

  it('rejects an empty or overlong address, a bad .WORKER and a bad +DIFF', () => {
    expect(rejection(() => parseLogin(''))).toBe(Rejections.InvalidAddress.key);
    expect(rejection(() => parseLogin('.rig'))).toBe(Rejections.InvalidAddress.key);
    expect(rejection(() => parseLogin('+100'))).toBe(Rejections.InvalidAddress.key);
    expect(rejection(() => parseLogin('4'.repeat(129)))).toBe(Rejections.InvalidAddress.key);
    expect(rejection(() => parseLogin(`${A}.`))).toBe(Rejections.InvalidWorker.key);
    expect(rejection(() => parseLogin(`${A}.a.b`))).toBe(Rejections.InvalidWorker.key);
    expect(rejection(() => parseLogin(`${A}.${'w'.repeat(65)}`))).toBe(Rejections.InvalidWorker.key);
    expect(rejection(() => parseLogin(`${A}.rig 1`))).toBe(Rejections.InvalidWorker.key);
    for (const diff of ['', '0', '-5', '1.5', '1e6', '0100', '9'.repeat(16), '100.rig']) {
      expect(rejection(() => parseLogin(`${A}+${diff}`))).toBe(Rejections.InvalidDifficulty.key);
    }
  });

  it('limits worker names to 1-64 characters of A-Z a-z 0-9 _ -', () => {
    expect(isValidWorkerName('w'.repeat(64))).toBe(true);
    expect(isValidWorkerName('')).toBe(false);
    expect(isValidWorkerName('rig.1')).toBe(false);
    expect(isValidWorkerName('rïg')).toBe(false);
  });

  it('round-trips generated logins and throws only typed errors on any input (property)', () => {
    const address = fc.stringMatching(/^[1-9A-HJ-NP-Za-km-z]{1,106}$/);
    const worker = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    const diff = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
    fc.assert(
      fc.property(address, fc.option(worker), fc.option(diff), (a, w, d) => {
        const login = `${a}${w === null ? '' : `.${w}`}${d === null ? '' : `+${d}`}`;
        const expected = {
          address: a,
          worker: w ?? 'default',
          ...(d === null ? {} : { fixedDifficulty: d }),
        };
        expect(parseLogin(login)).toEqual(expected);
      }),
    );
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.option(fc.string(), { nil: undefined }),
        (login, pass, rigid) => {
          try {
            const id = parseLogin(login, pass, rigid);
            expect(isValidWorkerName(id.worker)).toBe(true);
          } catch (err) {
            expect(err).toBeInstanceOf(StratumProtocolError);
          }
        },
      ),
    );
  });
});
