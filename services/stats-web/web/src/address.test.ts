import { describe, expect, it } from 'vitest';
import { addressProblem } from './address.js';

// From monero's functional tests (see /work/shared/reference: address vectors).
const MAINNET =
  '42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWDm';
const MAINNET_SUB =
  '82pP87g1Vkd3LUMssBCumk3MfyEsFqLAaGDf6oxddu61EgSFzt8gCwUD4tr3kp9TUfdPs2CnpD7xLZzyC1Ei9UsW3oyCWDf';
const MAINNET_INTEGRATED =
  '4CMe2PUhs4J4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfSbLRB61BQVATzerHGj';
const TESTNET =
  '9ujeXrjzf7bfeK3KZdCqnYaMwZVFuXemPU8Ubw335rj2FN1CdMiWNyFV3ksEfMFvRp9L9qum5UxkP5rN9aLcPxbH1au4WAB';
const STAGENET =
  '53teqCAESLxeJ1REzGMAat1ZeHvuajvDiXqboEocPaDRRmqWoVPzy46GLo866qRFjbNhfkNckyhST3WEvBviDwpUDd7DSzB';

describe('addressProblem', () => {
  it("takes the network's standard, subaddress and integrated addresses", () => {
    for (const a of [MAINNET, MAINNET_SUB, MAINNET_INTEGRATED])
      expect(addressProblem(a, 'mainnet')).toBeUndefined();
    expect(addressProblem(TESTNET, 'testnet')).toBeUndefined();
    expect(addressProblem(STAGENET, 'stagenet')).toBeUndefined();
  });

  it("refuses another network's address, saying whose it is", () => {
    expect(addressProblem(TESTNET, 'mainnet')).toBe('this is a testnet address; this pool runs on mainnet');
    expect(addressProblem(MAINNET, 'stagenet')).toBe('this is a mainnet address; this pool runs on stagenet');
  });

  it('refuses shell metacharacters and other characters outside base58, naming the first', () => {
    expect(addressProblem(`${MAINNET.slice(0, 90)};id;#`, 'mainnet')).toBe(
      'character 91 (";") cannot be in a Monero address',
    );
    expect(addressProblem(`$(curl evil)${MAINNET}`, 'mainnet')).toMatch(/^character 1 \("\$"\)/);
    expect(addressProblem(`${MAINNET.slice(0, 94)}0`, 'mainnet')).toMatch(/^character 95 \("0"\)/);
  });

  it('refuses a wrong length and a base58 string of no network', () => {
    expect(addressProblem(MAINNET.slice(1), 'mainnet')).toBe(
      'a Monero address has 95 characters (integrated: 106), this one 94',
    );
    expect(addressProblem('z'.repeat(95), 'mainnet')).toBe('this is not a Monero address');
    expect(addressProblem(`1${MAINNET.slice(1)}`, 'mainnet')).toBe('this is not a Monero address');
  });
});
