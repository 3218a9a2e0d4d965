import { GraphQLError } from 'graphql';

/** The roles ecograph knows, weakest first: each implies the ones before it. */
export const ROLES = ['reader', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking, as the auth feature puts it in the request context. */
export interface Caller {
  /** The verified token's claims; absent for an anonymous request. */
  jwt?: Record<string, unknown>;
  /** Effective roles (admin ⇒ editor ⇒ reader); empty when anonymous. */
  roles: string[];
}

/** The value at a claim name or a dotted path (`realm_access.roles`) of a token's claims. */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  // A claim whose own name contains dots (e.g. a namespaced "https://example.org/roles") wins.
  if (Object.hasOwn(claims, path)) return claims[path];
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * The effective roles named by a claim value: a string (one role, or several separated by
 * spaces or commas) or an array of strings. Unknown roles are ignored; a role brings the
 * weaker ones with it (admin ⇒ editor ⇒ reader).
 */
export function effectiveRoles(claim: unknown): Role[] {
  const named = typeof claim === 'string' ? claim.split(/[\s,]+/) : Array.isArray(claim) ? claim.filter((r): r is string => typeof r === 'string') : [];
  const strongest = Math.max(-1, ...named.map((r) => ROLES.indexOf(r.trim().toLowerCase() as Role)));
  return ROLES.slice(0, strongest + 1);
}

export function rolesFromClaims(claims: Record<string, unknown>, rolesClaim: string): Role[] {
  return effectiveRoles(claimAt(claims, rolesClaim));
}

const BEARER_CHALLENGE = 'Bearer realm="ecograph"';

/** 401: no usable credentials. The message says what is wrong; it never repeats the token. */
export function unauthenticated(message: string, tokenProblem = false): GraphQLError {
  const challenge = tokenProblem ? `${BEARER_CHALLENGE}, error="invalid_token"` : BEARER_CHALLENGE;
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: new Map([['www-authenticate', challenge]]) } },
  });
}

/** 403: a valid caller without the role needed. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
}

function describeRoles(caller: Caller): string {
  return caller.roles.length ? `your token grants ${caller.roles.join(', ')}` : 'your token grants no ecograph role';
}

/** Throws unless the caller may read (always, unless reading requires the reader role). */
export function assertMayRead(caller: Caller, requireForRead: boolean): void {
  if (!requireForRead || caller.roles.includes('reader')) return;
  if (!caller.jwt) throw unauthenticated('this server requires a token to read: send Authorization: Bearer <token>');
  throw forbidden(`reading needs the reader, editor or admin role; ${describeRoles(caller)}`);
}

/** Throws unless the caller may change data (editor or admin). */
export function assertMayWrite(caller: Caller, acceptsTokens: boolean): void {
  if (caller.roles.includes('editor')) return;
  if (!acceptsTokens) {
    throw forbidden('mutations are disabled: this server has no AUTH_JWT_SECRET or AUTH_JWKS_URL to verify an editor’s token');
  }
  if (!caller.jwt) throw unauthenticated('mutations need a token with the editor or admin role: send Authorization: Bearer <token>');
  throw forbidden(`mutations need the editor or admin role; ${describeRoles(caller)}`);
}
