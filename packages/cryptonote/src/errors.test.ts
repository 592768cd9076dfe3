import { describe, expect, it } from 'vitest';
import { AddressError, Base58Error, CryptonoteError, isCryptonoteError } from './errors.js';

describe('errors', () => {
  it('form one family that callers can tell apart by class, code and reason', () => {
    const address = new AddressError('checksum', 'address checksum does not match');
    const base58 = new Base58Error('overflow', 'block too large');
    expect(address).toBeInstanceOf(CryptonoteError);
    expect(address.code).toBe('address');
    expect(address.reason).toBe('checksum');
    expect(address.name).toBe('AddressError');
    expect(base58.code).toBe('base58');
    expect(base58.name).toBe('Base58Error');
    expect(isCryptonoteError(address)).toBe(true);
    expect(isCryptonoteError(new CryptonoteError('hex', 'x'))).toBe(true);
    expect(isCryptonoteError(new Error('x'))).toBe(false);
    expect(isCryptonoteError('x')).toBe(false);
  });
});
