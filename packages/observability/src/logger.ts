import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Structured JSON logs on stdout, one object a line, with the service name in each. */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
