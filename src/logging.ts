import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config/env';

export type { Logger };

/** JSON logs; secrets (tokens, passwords) are never logged, and redacted should one slip in. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    name: 'ecograph',
    level,
    redact: { paths: ['*.authorization', '*.headers.authorization', '*.headers.cookie', '*.password', '*.token'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
