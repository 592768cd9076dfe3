import { openBansBucket } from '@rxpool/bus';
import { type BanEntry, banKey, decodeBanEntry, decodeJson, encodeJson } from '@rxpool/messages';
import type { Logger } from '@rxpool/observability';
import type { JetStreamClient, KV, KvEntry, QueuedIterator } from 'nats';

/**
 * The shared bans bucket: every entry (from any gateway or an admin) is applied here
 * (expired ones are ignored), deletions lift a ban, and bans this gateway decides are
 * written to it. The bucket's max age bounds what a start replays.
 */
export class BanSync {
  private watcher: QueuedIterator<KvEntry> | undefined;
  private done: Promise<void> | undefined;

  private constructor(
    private readonly kv: KV,
    private readonly log: Logger,
  ) {}

  static async open(js: JetStreamClient, bucket: string, log: Logger, replicas = 1): Promise<BanSync> {
    return new BanSync(await openBansBucket(js, bucket, replicas), log);
  }

  /** Applies every current entry, then follows changes. Resolves once the current ones are in. */
  async start(onBan: (entry: BanEntry) => void, onLift: (key: string) => void): Promise<void> {
    let initialized: () => void = () => {};
    const ready = new Promise<void>((resolve) => {
      initialized = resolve;
    });
    const watcher = await this.kv.watch({ initializedFn: () => initialized() });
    this.watcher = watcher;
    this.done = (async () => {
      for await (const entry of watcher) {
        if (entry.operation !== 'PUT') {
          onLift(entry.key);
          continue;
        }
        try {
          onBan(decodeJson(entry.value, decodeBanEntry));
        } catch (err) {
          this.log.warn({ key: entry.key, err: (err as Error).message }, 'unreadable ban entry ignored');
        }
      }
    })();
    await ready;
  }

  /** Best effort: the ban already holds locally; a NATS hiccup only delays sharing it. */
  publish(entry: BanEntry): void {
    this.kv.put(banKey(entry.kind, entry.target), encodeJson(entry)).catch((err: unknown) => {
      this.log.warn({ err: (err as Error).message, target: entry.target }, 'could not share a ban');
    });
  }

  async stop(): Promise<void> {
    this.watcher?.stop();
    await this.done;
  }
}
