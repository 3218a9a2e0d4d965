import { SignJWT, type KeyLike, type JWTPayload } from 'jose';

export const TEST_SECRET = 'ecograph-test-secret-0123456789-abcdefghijklmnop';
export const TEST_ISSUER = 'https://issuer.ecograph.test/';
export const TEST_AUDIENCE = 'ecograph-test';

export interface TokenOptions {
  key?: KeyLike | Uint8Array;
  alg?: string;
  kid?: string;
  issuer?: string;
  audience?: string;
  /** Seconds from now; negative for an expired token; null for no exp. */
  expiresIn?: number | null;
  /** Seconds from now. */
  notBefore?: number;
}

/** A signed JWT for tests: HS256 with TEST_SECRET, for TEST_ISSUER and TEST_AUDIENCE, valid for an hour, unless told otherwise. */
export async function signToken(claims: JWTPayload, options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT', ...(options.kid ? { kid: options.kid } : {}) })
    .setIssuedAt(now - 60)
    .setIssuer(options.issuer ?? TEST_ISSUER)
    .setAudience(options.audience ?? TEST_AUDIENCE)
    .setSubject('test-user');
  if (options.expiresIn !== null) jwt = jwt.setExpirationTime(now + (options.expiresIn ?? 3600));
  if (options.notBefore !== undefined) jwt = jwt.setNotBefore(now + options.notBefore);
  return jwt.sign(options.key ?? new TextEncoder().encode(TEST_SECRET));
}

/** An unsecured JWT (`alg: none`, empty signature), as an attacker would send one. */
export function unsignedToken(claims: JWTPayload): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ iss: TEST_ISSUER, aud: TEST_AUDIENCE, exp: now + 3600, ...claims })}.`;
}
