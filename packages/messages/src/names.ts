/**
 * Every NATS subject, stream, consumer, queue group and KV bucket name.
 * A namespace (NATS_NAMESPACE) prefixes subjects and suffixes streams and
 * buckets, so tests and several pools can share one NATS server.
 */
export interface MessageNames {
  readonly subjects: {
    readonly template: string;
    readonly validate: string;
    readonly sharesAccepted: string;
    readonly blocksCandidate: string;
    readonly blocksSubmitted: string;
    readonly chainHeader: string;
    readonly bansChanged: string;
    /** Core NATS, validator → validators: a miner's trust ended (TrustRevoked). */
    readonly trustRevoked: string;
    /** Stream SHARES, validator → accounting: shares accepted on trust to void (SharesVoided). */
    readonly sharesVoided: string;
  };
  readonly streams: { readonly template: string; readonly shares: string; readonly blocks: string };
  readonly queueGroups: { readonly validators: string };
  readonly consumers: {
    readonly accountingShares: string;
    readonly accountingBlocks: string;
    /** accounting's consumer of shares.voided.v1. */
    readonly accountingVoids: string;
    readonly jobManagerCandidates: string;
  };
  readonly buckets: {
    readonly gatewayInstances: string;
    readonly jobManagerLeader: string;
    readonly bans: string;
  };
}

export const SUBJECT_VERSION = 'v1';

export function messageNames(namespace = ''): MessageNames {
  if (namespace !== '' && !/^[A-Za-z0-9_-]+$/.test(namespace)) {
    throw new Error(`NATS namespace must match [A-Za-z0-9_-]+, got ${JSON.stringify(namespace)}`);
  }
  const subject = (s: string) => (namespace ? `${namespace}.${s}` : s);
  const name = (s: string) => (namespace ? `${s}_${namespace.toUpperCase().replace(/-/g, '_')}` : s);
  const bucket = (s: string) => (namespace ? `${s}_${namespace.replace(/-/g, '_')}` : s);
  return {
    subjects: {
      template: subject('pool.template.v1'),
      validate: subject('shares.validate.v1'),
      sharesAccepted: subject('shares.accepted.v1'),
      blocksCandidate: subject('blocks.candidate.v1'),
      blocksSubmitted: subject('blocks.submitted.v1'),
      chainHeader: subject('chain.header.v1'),
      bansChanged: subject('miners.bans.v1'),
      trustRevoked: subject('validator.trust.revoked.v1'),
      sharesVoided: subject('shares.voided.v1'),
    },
    streams: { template: name('POOL_TEMPLATE'), shares: name('SHARES'), blocks: name('BLOCKS') },
    queueGroups: { validators: 'validators' },
    consumers: {
      accountingShares: 'accounting-shares',
      accountingBlocks: 'accounting-blocks',
      accountingVoids: 'accounting-voids',
      jobManagerCandidates: 'job-manager-candidates',
    },
    buckets: {
      gatewayInstances: bucket('gateway_instances'),
      jobManagerLeader: bucket('job_manager_leader'),
      bans: bucket('miners_bans'),
    },
  };
}
