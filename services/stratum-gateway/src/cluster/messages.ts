/** What a worker tells the primary about itself (node:cluster IPC). */
export interface WorkerHealthMessage {
  type: 'rxpool-gateway-health';
  ready: boolean;
  detail: string;
}

export function isWorkerHealthMessage(value: unknown): value is WorkerHealthMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'rxpool-gateway-health' &&
    typeof (value as { ready?: unknown }).ready === 'boolean'
  );
}
