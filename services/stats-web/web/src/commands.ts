import type { ConnectView } from '../../src/api/api-types.js';

export interface MinerInput {
  host: string;
  address: string;
  worker: string;
}

/** An XMRig line from the API's template, with the miner's own values where given. */
export function fillCommand(
  template: string,
  placeholders: ConnectView['placeholders'],
  v: MinerInput,
): string {
  const worker = v.worker.trim().replace(/\s+/g, '_');
  return template
    .replaceAll(placeholders.host, v.host)
    .replaceAll(placeholders.address, v.address.trim() || placeholders.address)
    .replaceAll(placeholders.worker, worker || placeholders.worker);
}
