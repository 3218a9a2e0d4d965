import { GraphQLError } from 'graphql';

/** The environment variable that sets each limit: every rejection names it. */
export const LIMIT_VARIABLES = {
  depth: 'GRAPHQL_MAX_DEPTH',
  cost: 'GRAPHQL_MAX_COST',
  aliases: 'GRAPHQL_MAX_ALIASES',
  directives: 'GRAPHQL_MAX_DIRECTIVES',
  tokens: 'GRAPHQL_MAX_TOKENS',
  body: 'HTTP_MAX_BODY_BYTES',
} as const;

export type LimitName = keyof typeof LIMIT_VARIABLES;

/** extensions.code of every limit rejection (besides Apollo's own GRAPHQL_VALIDATION_FAILED for validation rules). */
export const LIMIT_CODE = 'QUERY_LIMIT_EXCEEDED';

/** "Query depth 14 exceeds the maximum of 12 (GRAPHQL_MAX_DEPTH)", with the figures in extensions. */
export function limitError(limit: LimitName, what: string, value: number, maximum: number): GraphQLError {
  const variable = LIMIT_VARIABLES[limit];
  return new GraphQLError(`${what} ${formatCount(value)} exceeds the maximum of ${maximum} (${variable})`, {
    extensions: { code: LIMIT_CODE, limit: variable, value: finite(value), maximum, http: { status: 400 } },
  });
}

function finite(value: number): number | string {
  return Number.isFinite(value) && value <= Number.MAX_SAFE_INTEGER ? value : 'more than 2^53';
}

function formatCount(value: number): string {
  return typeof finite(value) === 'number' ? String(value) : 'over 9007199254740991';
}
