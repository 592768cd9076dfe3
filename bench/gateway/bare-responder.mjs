/**
 * The bare baseline of P4: answers NATS requests on BARE_SUBJECT (queue group) after a
 * JetStream publish-with-ack of the request's payload (with the request's `id` as
 * Nats-Msg-Id), as a validator stores an accepted share before it answers. Plain
 * JavaScript, run with plain `node`.
 * Env: NATS_URL, BARE_SUBJECT, BARE_STREAM, BARE_STORE_SUBJECT. Prints "ready" on stdout.
 */
import { connect, StorageType } from 'nats';

const nc = await connect({ servers: process.env.NATS_URL, name: 'bare-responder' });
const jsm = await nc.jetstreamManager();
const stream = process.env.BARE_STREAM;
const storeSubject = process.env.BARE_STORE_SUBJECT;
try {
  await jsm.streams.info(stream);
} catch {
  await jsm.streams.add({
    name: stream,
    subjects: [storeSubject],
    storage: StorageType.File,
    duplicate_window: 120_000_000_000,
  });
}
const js = nc.jetstream();
const decoder = new TextDecoder();
const sub = nc.subscribe(process.env.BARE_SUBJECT, { queue: 'bare' });
process.stdout.write('ready\n');
for await (const m of sub) {
  const { id } = JSON.parse(decoder.decode(m.data));
  await js.publish(storeSubject, m.data, { msgID: String(id), timeout: 5_000 });
  m.respond(m.data.subarray(0, 64));
}
