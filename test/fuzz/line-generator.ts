/**
 * Hostile stratum input, generated from a seed (same seed, same bytes): lines
 * a careless or malicious client might send a gateway, each labelled with
 * what it tries. Pure: no I/O.
 */

export const LINE_KINDS = [
  'malformed-json',
  'wrong-types',
  'huge-numbers',
  'odd-unicode',
  'unknown-method',
  'bad-login',
  'unauthenticated',
  'oversized',
] as const;
export type LineKind = (typeof LINE_KINDS)[number];

/** A fast, seedable PRNG (mulberry32). */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  hex(chars: number): string {
    let s = '';
    for (let i = 0; i < chars; i++) s += '0123456789abcdef'[this.int(16)];
    return s;
  }
}

/** A mainnet-format address that fails its checksum (the gateway must refuse it). */
const BAD_ADDRESS =
  '42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWDx';
const ODD_TEXT = [
  '\u202e\u0645\u0631\u062d\u0628\u0627', // right-to-left override, Arabic
  'z\u0351\u0352\u0353\u0354\u0355\u0356a\u0300\u0301\u0302lgo', // stacked combining marks
  '\u200b\u200c\u200d\ufeff', // zero-width characters and a BOM
  '\ud83d\udca9\ud83e\udd84', // astral-plane emoji
  'l\u043egin', // Cyrillic o: looks like "login"
  '\u0000\u0001\u001f', // control characters
];
const ESCAPED = ['\\ud800', '\\udfff\\ud800', '\\u0000', '\\uffff', '\\u202e'];

export class LineGenerator {
  private id = 0;

  constructor(private readonly rng: Prng) {}

  /** One line of `kind`, newline included. */
  line(kind: LineKind): Buffer {
    switch (kind) {
      case 'malformed-json':
        return text(this.malformedJson());
      case 'wrong-types':
        return text(this.wrongTypes());
      case 'huge-numbers':
        return text(this.hugeNumbers());
      case 'odd-unicode':
        return this.oddUnicode();
      case 'unknown-method':
        return text(this.unknownMethod());
      case 'bad-login':
        return text(this.badLogin());
      case 'unauthenticated':
        return text(this.unauthenticated());
      case 'oversized':
        return this.oversized(16 * 1024 + this.rng.int(112 * 1024));
    }
  }

  /** A line of about `bytes` bytes: over any sane line limit. */
  oversized(bytes: number): Buffer {
    const head = `{"id":${this.nextId()},"method":"login","params":{"login":"`;
    const body = 'A'.repeat(Math.max(0, bytes - head.length - 4));
    // Half of them never end: the gateway must give up on the line by its size alone.
    return Buffer.from(this.rng.next() < 0.5 ? `${head}${body}"}}\n` : `${head}${body}`);
  }

  private nextId(): number {
    this.id += 1;
    return this.id;
  }

  private malformedJson(): string {
    const r = this.rng;
    const valid = `{"id":${this.nextId()},"jsonrpc":"2.0","method":"submit","params":{"id":"${r.hex(8)}","job_id":"${r.hex(16)}","nonce":"${r.hex(8)}","result":"${r.hex(64)}"}}`;
    switch (r.int(9)) {
      case 0:
        return valid.slice(0, 1 + r.int(valid.length - 2)); // cut anywhere
      case 1:
        return `${valid}${r.pick(['}', ']', ',', '{', 'garbage', '\\'])}`; // trailing junk
      case 2:
        return valid.replace(/:/g, r.pick([' ', '=', '::']));
      case 3:
        return '['.repeat(1 + r.int(3000)) + ']'.repeat(r.int(3000)); // deep nesting
      case 4:
        return '{"id":1,"method":"login","params":{"login":"x","pass":"x"'.repeat(1 + r.int(20));
      case 5:
        return r.pick(['', ' ', '\t', 'null', 'true', '0', '""', '[]', '{}', '{"', 'undefined', 'NaN']);
      case 6:
        return Array.from({ length: 1 + r.int(400) }, () => String.fromCharCode(32 + r.int(95))).join('');
      case 7:
        return `{'id':1,'method':'login'}`; // single quotes
      default:
        return `{"id":1,"method":"keepalived","params":{"id":"${r.hex(8)}"}}\r`.repeat(1 + r.int(5));
    }
  }

  private wrongTypes(): string {
    const r = this.rng;
    const id = this.nextId();
    const bad = r.pick(['null', 'true', '[]', '{}', '[1,2]', '{"a":1}', '1.5', '-1', '""']);
    switch (r.int(8)) {
      case 0:
        return `{"id":${bad},"method":"login","params":{"login":"x"}}`;
      case 1:
        return `{"id":${id},"method":${r.pick(['1', 'null', '["login"]', '{"name":"login"}'])},"params":{}}`;
      case 2:
        return `{"id":${id},"method":"login","params":${r.pick(['"x"', '[]', '1', 'null', 'true'])}}`;
      case 3:
        return `{"id":${id},"method":"login","params":{"login":${bad},"pass":${bad},"algo":${r.pick(['"rx/0"', '[1]', '{}'])}}}`;
      case 4:
        return `{"id":${id},"method":"submit","params":{"id":"${r.hex(8)}","job_id":${bad},"nonce":${r.int(2 ** 32)},"result":[${r.int(9)}]}}`;
      case 5:
        return `{"id":${id},"method":"getjob","params":{"id":${bad}}}`;
      case 6:
        return `[{"id":${id},"method":"login","params":{"login":"x"}}]`; // a batch
      default:
        return `{"id":${id},"method":"keepalived","params":{"id":${r.int(1e9)}}}`;
    }
  }

  private hugeNumbers(): string {
    const r = this.rng;
    const digits = '9'.repeat(20 + r.int(4000));
    switch (r.int(7)) {
      case 0:
        return `{"id":${r.pick(['1e400', '-1e400', '1e-400', digits, `-${digits}`, '123456789012345678901234567890'])},"method":"keepalived","params":{"id":"x"}}`;
      case 1:
        return `{"id":${this.nextId()},"method":"login","params":{"login":"${BAD_ADDRESS}+${digits.slice(0, 30)}"}}`;
      case 2:
        return `{"id":${this.nextId()},"method":"submit","params":{"id":"x","job_id":"${r.hex(16)}","nonce":"${r.pick(['ffffffffffffffff', '100000000', '-0000001', '0x123456'])}","result":"${r.hex(64)}"}}`;
      case 3:
        return `{"id":${this.nextId()},"method":"submit","params":{"id":"x","job_id":"${r.hex(16)}","nonce":"${r.hex(8)}","result":"${'f'.repeat(64 + r.int(200))}"}}`;
      case 4:
        return `{"id":${digits}.${digits}e${digits.slice(0, 10)},"method":"getjob","params":{"id":"x"}}`;
      case 5:
        return `{"id":${this.nextId()},"method":"login","params":{"login":"${BAD_ADDRESS}","pass":"x","agent":"${'x'.repeat(r.int(4000))}"}}`;
      default:
        return `{"id":${Number.MAX_SAFE_INTEGER + 2},"method":"keepalived","params":{"id":"${r.hex(8)}"}}`;
    }
  }

  private oddUnicode(): Buffer {
    const r = this.rng;
    const odd = r.pick(ODD_TEXT);
    switch (r.int(6)) {
      case 0:
        return text(
          `{"id":${this.nextId()},"method":"login","params":{"login":"${BAD_ADDRESS}.${odd}","pass":"${odd}"}}`,
        );
      case 1:
        return text(`{"id":"${r.pick(ESCAPED)}","method":"keepalived","params":{"id":"${r.pick(ESCAPED)}"}}`);
      case 2: {
        // Bytes that are not UTF-8 at all: lone continuation bytes, overlong forms, 0xff.
        const raw = [0xff, 0xfe, 0xc0, 0xaf, 0x80, 0xed, 0xa0, 0x80, 0xf8, 0x88];
        const junk = Buffer.from(Array.from({ length: 1 + r.int(40) }, () => r.pick(raw)));
        return Buffer.concat([
          Buffer.from(`{"id":${this.nextId()},"method":"login","params":{"login":"`),
          junk,
          Buffer.from('"}}\n'),
        ]);
      }
      case 3:
        return text(`\ufeff{"id":${this.nextId()},"method":"getjob","params":{"id":"x"}}`);
      case 4:
        return text(
          `{"id":${this.nextId()},"method":"${r.pick(['l\u043egin', 'sub\u200bmit', '\u202elogin', 'LOGIN'])}","params":{}}`,
        );
      default:
        return text(odd.repeat(1 + r.int(200)));
    }
  }

  private unknownMethod(): string {
    const r = this.rng;
    const method = r.pick([
      'mining.subscribe',
      'mining.authorize',
      'eth_submitLogin',
      '__proto__',
      'constructor',
      'toString',
      '',
      'submit ',
      'x'.repeat(1000),
    ]);
    if (r.next() < 0.2) return `{"id":${this.nextId()},"__proto__":{"admin":true},"method":"${method}"}`;
    return `{"id":${this.nextId()},"method":"${method}","params":{"id":"${r.hex(8)}"}}`;
  }

  private badLogin(): string {
    const r = this.rng;
    const login = r.pick([
      BAD_ADDRESS,
      'x',
      `${BAD_ADDRESS.slice(0, 40)}`,
      `${BAD_ADDRESS}.${'w'.repeat(300)}`,
      `9${BAD_ADDRESS.slice(1)}`,
      `${BAD_ADDRESS}+0`,
      `${BAD_ADDRESS}+-5`,
    ]);
    return `{"id":${this.nextId()},"jsonrpc":"2.0","method":"login","params":{"login":"${login}","pass":"x","agent":"fuzz/1","algo":${r.pick(['["rx/0"]', '["cn/r"]', '[]'])}}}`;
  }

  /** Well-formed requests with a session id that does not exist: answered, not protocol errors. */
  private unauthenticated(): string {
    const r = this.rng;
    const session = r.hex(8 + r.int(32));
    switch (r.int(3)) {
      case 0:
        return `{"id":${this.nextId()},"jsonrpc":"2.0","method":"keepalived","params":{"id":"${session}"}}`;
      case 1:
        return `{"id":${this.nextId()},"jsonrpc":"2.0","method":"getjob","params":{"id":"${session}"}}`;
      default:
        return `{"id":${this.nextId()},"jsonrpc":"2.0","method":"submit","params":{"id":"${session}","job_id":"${r.hex(16)}","nonce":"${r.hex(8)}","result":"${r.hex(64)}"}}`;
    }
  }
}

function text(line: string): Buffer {
  return Buffer.from(`${line}\n`, 'utf8');
}
