import {
  type Counter,
  counter,
  type Gauge,
  gauge,
  type Histogram,
  histogram,
  type Registry,
} from '@rxpool/observability';

/** The gateway's metrics, all prefixed `stratum_`. */
export class GatewayMetrics {
  readonly connections: Gauge;
  readonly miners: Gauge;
  readonly connectionsRefused: Counter;
  readonly handshakeTimeouts: Counter;
  readonly logins: Counter;
  readonly jobsSent: Counter;
  readonly sharesAccepted: Counter;
  readonly rejections: Counter;
  readonly bans: Counter;
  readonly validatorUnavailable: Counter;
  readonly submitSeconds: Histogram;
  readonly broadcastSeconds: Histogram;
  readonly templates: Counter;

  constructor(registry: Registry) {
    this.connections = gauge(registry, 'stratum_connections', 'Open miner connections', ['transport']);
    this.miners = gauge(registry, 'stratum_miners', 'Logged-in miner connections');
    this.connectionsRefused = counter(registry, 'stratum_connections_refused_total', 'Connections refused', [
      'reason',
    ]);
    this.handshakeTimeouts = counter(
      registry,
      'stratum_handshake_timeouts_total',
      'Connections closed at the handshake timeout (PROXY header, TLS, a refused login unanswered)',
    );
    this.logins = counter(registry, 'stratum_logins_total', 'Successful logins');
    this.jobsSent = counter(registry, 'stratum_jobs_sent_total', 'Jobs sent to miners', ['cause']);
    this.sharesAccepted = counter(
      registry,
      'stratum_shares_accepted_total',
      'Shares the validators accepted',
    );
    this.rejections = counter(registry, 'stratum_rejections_total', 'Errors sent to miners', ['reason']);
    this.bans = counter(registry, 'stratum_bans_total', 'Bans decided by this gateway');
    this.validatorUnavailable = counter(
      registry,
      'stratum_validator_unavailable_total',
      'Submits answered busy: validators timed out or none listened',
      ['why'],
    );
    this.submitSeconds = histogram(
      registry,
      'stratum_submit_seconds',
      'Submit received to reply sent',
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    );
    this.broadcastSeconds = histogram(
      registry,
      'stratum_broadcast_seconds',
      'New template received to the last miner job written',
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    );
    this.templates = counter(registry, 'stratum_templates_total', 'Templates received', ['outcome']);
  }
}
