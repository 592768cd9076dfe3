import { describe, expect, it } from 'vitest';
import {
  chooseDigestChallenge,
  DigestAuthError,
  DigestSession,
  digestAuthorization,
  digestResponse,
  parseDigestChallenges,
} from './digest-auth.js';

describe('digest auth', () => {
  it('reproduces the RFC 2617 §3.5 example', () => {
    const challenge = chooseDigestChallenge([
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    ]);
    const out = digestResponse({
      challenge,
      credentials: { user: 'Mufasa', password: 'Circle Of Life' },
      method: 'GET',
      uri: '/dir/index.html',
      nc: 1,
      cnonce: '0a4f113b',
    });
    expect(out.response).toBe('6629fae49393a05397450978507c4ef1');
    expect(out.nc).toBe('00000001');
  });

  it('reproduces the RFC 7616 §3.9.1 MD5 example', () => {
    const challenge = chooseDigestChallenge([
      'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
      'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    ]);
    expect(challenge.algorithm).toBe('MD5');
    const header = digestAuthorization({
      challenge,
      credentials: { user: 'Mufasa', password: 'Circle of Life' },
      method: 'GET',
      uri: '/dir/index.html',
      nc: 1,
      cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    });
    expect(header).toContain('response="8ca523f5e9506fed4657c9700eebdbec"');
    expect(header).toContain('opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"');
    expect(header).toContain('qop=auth, nc=00000001');
  });

  it('splits challenges joined into one header value and prefers MD5 over MD5-sess', () => {
    const joined =
      'Digest qop="auth",algorithm=MD5-sess,realm="monero-rpc",nonce="abc",stale=false, Digest qop="auth",algorithm=MD5,realm="monero-rpc",nonce="abc",stale=false';
    const all = parseDigestChallenges([joined]);
    expect(all.map((c) => c.algorithm)).toEqual(['MD5-sess', 'MD5']);
    expect(chooseDigestChallenge([joined]).algorithm).toBe('MD5');
  });

  it('computes MD5-sess from the session key', () => {
    const base = { realm: 'r', nonce: 'n', opaque: undefined, qopAuth: true } as const;
    const input = {
      credentials: { user: 'u', password: 'p' },
      method: 'POST',
      uri: '/json_rpc',
      nc: 1,
      cnonce: 'c',
    };
    const plain = digestResponse({ ...input, challenge: { ...base, algorithm: 'MD5' } });
    const sess = digestResponse({ ...input, challenge: { ...base, algorithm: 'MD5-sess' } });
    expect(sess.response).not.toBe(plain.response);
    expect(sess.response).toMatch(/^[0-9a-f]{32}$/);
  });

  it('rejects challenges it cannot answer', () => {
    expect(() => chooseDigestChallenge(['Basic realm="x"'])).toThrow(DigestAuthError);
    expect(() => chooseDigestChallenge(['Digest realm="x", nonce="n", qop="auth-int"'])).toThrow(
      DigestAuthError,
    );
  });

  it('counts requests per nonce and restarts the count on a new challenge', () => {
    const session = new DigestSession({ user: 'u', password: 'p' });
    expect(session.authorization('POST', '/json_rpc')).toBeUndefined();
    session.accept(['Digest realm="r", nonce="n1", qop="auth"']);
    expect(session.authorization('POST', '/json_rpc')).toContain('nc=00000001');
    expect(session.authorization('POST', '/json_rpc')).toContain('nc=00000002');
    session.accept(['Digest realm="r", nonce="n2", qop="auth"']);
    const next = session.authorization('POST', '/json_rpc');
    expect(next).toContain('nonce="n2"');
    expect(next).toContain('nc=00000001');
  });
});
