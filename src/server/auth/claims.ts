import { ROLES, type Role } from '../../request/access';

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
 * spaces or commas) or an array of strings. A role is matched exactly as the issuer writes it
 * (`editor`; not `EDITOR`, nor `" editor "` in an array); unknown roles are ignored; a role brings
 * the weaker ones with it (admin ⇒ editor ⇒ reader).
 */
export function effectiveRoles(claim: unknown): Role[] {
  const named = typeof claim === 'string' ? claim.split(/[\s,]+/) : Array.isArray(claim) ? claim.filter((r): r is string => typeof r === 'string') : [];
  const strongest = Math.max(-1, ...named.map((r) => ROLES.indexOf(r as Role)));
  return ROLES.slice(0, strongest + 1);
}

export function rolesFromClaims(claims: Record<string, unknown>, rolesClaim: string): Role[] {
  return effectiveRoles(claimAt(claims, rolesClaim));
}
