import { Neo4jError } from 'neo4j-driver';

/** What a database error means for the caller, read from its code (never from its message). */
export type DatabaseFailure = 'unavailable' | 'timeout' | 'conflict';

const UNAVAILABLE = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'ProtocolError',
  'N/A',
  // Transactions a stopping database ends.
  'Neo.TransientError.Transaction.Terminated',
  'Neo.ClientError.Transaction.Terminated',
]);
const TIMED_OUT = new Set(['Neo.ClientError.Transaction.TransactionTimedOut', 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration']);
const CONFLICT = new Set(['Neo.ClientError.Schema.ConstraintValidationFailed']);

/**
 * Classifies a driver error by its code: Neo4j unreachable or gone (the driver's own codes, and
 * 'N/A' for its internal failures such as a connection pool that gave up), a transaction stopped
 * by its timeout, a constraint violated. Anything else is not a database condition a client can
 * act on, and gets undefined.
 */
export function databaseFailure(error: unknown): DatabaseFailure | undefined {
  if (!(error instanceof Neo4jError)) return undefined;
  if (TIMED_OUT.has(error.code)) return 'timeout';
  if (CONFLICT.has(error.code)) return 'conflict';
  if (UNAVAILABLE.has(error.code) || error.code.startsWith('Neo.TransientError.General.DatabaseUnavailable')) return 'unavailable';
  return undefined;
}
