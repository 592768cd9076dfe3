import type { SeedObserver, SeedRole } from './seed-context-manager.js';

/**
 * The seed manager's observer: every event goes to the metrics, and the current seed
 * becoming ready also to one listener (the responder joins its queue group then, so a
 * starting replica never takes requests it would have to refuse). Breaks the cycle
 * seeds → responder → validator → seeds.
 */
export class SeedEvents implements SeedObserver {
  private onReady: () => void = () => undefined;

  constructor(private readonly metrics: SeedObserver) {}

  whenCurrentReady(listener: () => void): void {
    this.onReady = listener;
  }

  building(seedHex: string, role: SeedRole): void {
    this.metrics.building(seedHex, role);
  }

  progress(seedHex: string, role: SeedRole, fraction: number): void {
    this.metrics.progress(seedHex, role, fraction);
  }

  built(seedHex: string, role: SeedRole, seconds: number): void {
    this.metrics.built(seedHex, role, seconds);
  }

  failed(seedHex: string, role: SeedRole, err: unknown, retryInMs: number): void {
    this.metrics.failed(seedHex, role, err, retryInMs);
  }

  retired(seedHex: string): void {
    this.metrics.retired(seedHex);
  }

  currentReady(ready: boolean, detail: string): void {
    this.metrics.currentReady(ready, detail);
    if (ready) this.onReady();
  }
}
