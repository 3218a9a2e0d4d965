import { errors } from '../errors';

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

function describeRoles(caller: Caller): string {
  return caller.roles.length ? `your token grants ${caller.roles.join(', ')}` : 'your token grants no ecograph role';
}

/** Throws unless the caller may read (always, unless reading requires the reader role). */
export function assertMayRead(caller: Caller, requireForRead: boolean): void {
  if (!requireForRead || caller.roles.includes('reader')) return;
  if (!caller.jwt) throw errors.unauthenticated('this server requires a token to read: send Authorization: Bearer <token>');
  throw errors.forbidden(`reading needs the reader, editor or admin role; ${describeRoles(caller)}`);
}

/** Throws unless the caller may change data (editor or admin). */
export function assertMayWrite(caller: Caller, acceptsTokens: boolean): void {
  if (caller.roles.includes('editor')) return;
  if (!acceptsTokens) {
    throw errors.forbidden('mutations are disabled: this server has no AUTH_JWT_SECRET or AUTH_JWKS_URL to verify an editor’s token');
  }
  if (!caller.jwt) throw errors.unauthenticated('mutations need a token with the editor or admin role: send Authorization: Bearer <token>');
  throw errors.forbidden(`mutations need the editor or admin role; ${describeRoles(caller)}`);
}

/** Who may read, as AuthConfig says. */
export interface ReadAccess {
  /** Reading needs the reader role (AUTH_REQUIRE_FOR_READ). */
  requireForRead: boolean;
}
