/** Test-only: the test's handle on a stratum client running in a namespace's agent (netns.ts). */
import type { ServerMessage, StratumJob } from '@rxpool/stratum';
import type { LoginParams, Reply, SubmitOutcome, SubmitParams } from '@rxpool/stratum-client';
import type { ClientHost } from './netns.js';
import type { ClientMethod } from './netns-agent.js';

/** A raw socket in a namespace: `closed` resolves with when, and what the server had sent. */
export interface RemoteRaw {
  closed: Promise<{ at: number; received: string }>;
  write(bytes: Buffer): Promise<void>;
  destroy(): Promise<void>;
}

export class RemoteClient {
  /** Resolves with the time (ms since epoch) the connection closed. */
  readonly closed: Promise<number>;

  constructor(
    private readonly host: ClientHost,
    private readonly id: number,
  ) {
    this.closed = host
      .event((m) => m.event === 'closed' && m.client === id)
      .then((m) => (m.event === 'closed' ? m.at : Date.now()));
  }

  private invoke(method: ClientMethod, ...args: unknown[]): Promise<unknown> {
    return this.host.call('call', [this.id, method, args]);
  }

  login(params: LoginParams): Promise<unknown> {
    return this.invoke('login', params);
  }

  submit(params: SubmitParams): Promise<SubmitOutcome> {
    return this.invoke('submit', params) as Promise<SubmitOutcome>;
  }

  request(method: string, params: unknown): Promise<Reply> {
    return this.invoke('request', method, params) as Promise<Reply>;
  }

  keepalived(): Promise<Reply> {
    return this.invoke('keepalived') as Promise<Reply>;
  }

  nextUnsolicited(timeoutMs?: number): Promise<ServerMessage> {
    return this.invoke('nextUnsolicited', timeoutMs) as Promise<ServerMessage>;
  }

  async sendRaw(data: string): Promise<void> {
    await this.invoke('sendRaw', data);
  }

  async state(): Promise<{ isOpen: boolean; job: StratumJob | undefined; sessionId: string | undefined }> {
    return (await this.host.call('state', [this.id])) as {
      isOpen: boolean;
      job: StratumJob | undefined;
      sessionId: string | undefined;
    };
  }

  async close(): Promise<void> {
    await this.invoke('close');
  }

  async destroy(): Promise<void> {
    await this.invoke('destroy');
  }
}
