import pino, { type Logger } from 'pino';
import type { LogLevel } from './config/env';

export type { Logger };

export function createLogger(level: LogLevel): Logger {
  return pino({ name: 'ecograph', level });
}
