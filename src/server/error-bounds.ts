import type { GraphQLFormattedError } from 'graphql';

/** Longest message (and text in extensions) an error answer carries: a client's input echoed back is cut here. */
export const MAX_MESSAGE_CHARS = 1_000;
/** Most errors one answer carries; the rest are counted in the last one. */
export const MAX_ERRORS = 100;

/** Text cut to `max` characters, saying how much was left out. */
export function truncated(text: string, max = MAX_MESSAGE_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

function boundedExtensions(extensions: GraphQLFormattedError['extensions'], requestId: string | undefined): Record<string, unknown> {
  const bounded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(extensions ?? {})) {
    bounded[name] = typeof value === 'string' && name !== 'stacktrace' ? truncated(value) : value;
  }
  if (requestId !== undefined) bounded.requestId = requestId;
  return bounded;
}

/** One error as answered: its message and text details truncated, and the request id added. */
export function boundedError(error: GraphQLFormattedError, requestId: string | undefined): GraphQLFormattedError {
  return { ...error, message: truncated(error.message), extensions: boundedExtensions(error.extensions, requestId) };
}

/**
 * An answer's errors, bounded: at most MAX_ERRORS, the last of them saying how many more there
 * were (with the code of the first one left out), so an answer never grows with a hostile request
 * (a 200 KB operation name, thousands of failing list items).
 */
export function boundedErrors(errors: readonly GraphQLFormattedError[], requestId: string | undefined): GraphQLFormattedError[] {
  const shown = errors.length <= MAX_ERRORS ? errors : errors.slice(0, MAX_ERRORS - 1);
  const bounded = shown.map((error) => boundedError(error, requestId));
  const omitted = errors.length - shown.length;
  if (omitted > 0) {
    bounded.push({
      message: `${omitted} more errors are not shown (an answer carries at most ${MAX_ERRORS})`,
      extensions: { code: errors[shown.length]?.extensions?.code, omitted, ...(requestId !== undefined ? { requestId } : {}) },
    });
  }
  return bounded;
}
