import { pino } from 'pino';
import type { Logger } from 'pino';

/** The process logger: JSON lines on stderr, level from `KUBETS_LOG_LEVEL` (default info). */
export function createLogger(name: string): Logger {
  return pino({ name, level: process.env.KUBETS_LOG_LEVEL ?? 'info' }, pino.destination(2));
}

export type { Logger };
