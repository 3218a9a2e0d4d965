import pino, { type DestinationStream, type Logger } from 'pino';
import pinoPretty from 'pino-pretty';
import type { LogFormat, LogLevel } from './config/env';

export type { Logger };

export interface LoggerOptions {
  /** `auto` (the default): pretty on a terminal, JSON lines otherwise. */
  format?: LogFormat;
  /** Where JSON lines go (a test's stream); standard output by default. */
  destination?: DestinationStream;
}

const REDACT = { paths: ['*.authorization', '*.headers.authorization', '*.headers.cookie', '*.password', '*.token'], censor: '[redacted]' };

/**
 * The logger: JSON lines (pino) for containers, CI and files; on a terminal, or with
 * LOG_FORMAT=pretty, one coloured line per event (pino-pretty). Secrets (tokens, passwords) are
 * never logged, and redacted should one slip in.
 */
export function createLogger(level: LogLevel, options: LoggerOptions | DestinationStream = {}): Logger {
  const { format = 'auto', destination } = 'write' in options ? { destination: options } : options;
  const settings = { name: 'ecograph', level, redact: REDACT };
  if (destination) return pino(settings, destination);
  const pretty = format === 'pretty' || (format === 'auto' && process.stdout.isTTY === true);
  return pretty ? pino(settings, prettyStream()) : pino(settings);
}

/** pino-pretty, writing synchronously (nothing is lost when the process exits), one line per event. */
function prettyStream(): DestinationStream {
  return pinoPretty({
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,name',
    hideObject: true,
    messageFormat: (log, messageKey) => oneLine(log, messageKey),
  });
}

/** What pino-http logs of a request and its response (see src/server/observability). */
interface HttpFields {
  req?: { id?: string; method?: string; path?: string };
  res?: { statusCode?: number };
  responseTime?: number;
}

/**
 * The message, then the event's fields as key=value: a request as `POST /graphql 200 12ms`, an
 * error by its message (the JSON format keeps its stack).
 */
export function oneLine(log: Record<string, unknown>, messageKey = 'msg'): string {
  const { req, res, responseTime } = log as HttpFields;
  const message = log[messageKey];
  const parts = [typeof message === 'string' ? message : JSON.stringify(message ?? '')];
  if (req) parts.push(`${req.method} ${req.path}${res ? ` ${res.statusCode}` : ''}${responseTime !== undefined ? ` ${responseTime}ms` : ''}`);
  for (const [key, value] of Object.entries(log)) {
    if (['level', 'time', 'pid', 'hostname', 'name', messageKey, 'req', 'res', 'responseTime'].includes(key) || value === undefined) continue;
    parts.push(`${key}=${formatValue(key, value)}`);
  }
  if (req?.id !== undefined) parts.push(`(${req.id})`);
  return parts.filter(Boolean).join(' ');
}

function formatValue(key: string, value: unknown): string {
  if (key === 'err' && value && typeof value === 'object') {
    const { type, message } = value as { type?: unknown; message?: unknown };
    return JSON.stringify(`${typeof type === 'string' ? `${type}: ` : ''}${String(message)}`);
  }
  if (typeof value === 'string') return /^[\w./:@+-]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}
