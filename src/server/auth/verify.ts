import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import type { AuthConfig } from '../../config/env';
import { EcographError, errors as ecographErrors } from '../../errors';

/** Algorithms accepted with the shared secret. */
export const SECRET_ALGORITHMS = ['HS256'];
/** Algorithms accepted with keys from a JWKS. */
export const JWKS_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];
/** Allowed difference between our clock and the issuer's, for exp and nbf. */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** Verifies a compact JWS token; resolves to its claims or rejects with an EcographError (401, or 503). */
export type TokenVerifier = (token: string) => Promise<JWTPayload>;

/** A verifier for the configured secret or JWKS, or undefined when neither is configured. */
export function createTokenVerifier(config: AuthConfig): TokenVerifier | undefined {
  let key: Uint8Array | ReturnType<typeof createRemoteJWKSet>;
  let algorithms: string[];
  if (config.jwtSecret) {
    key = new TextEncoder().encode(config.jwtSecret);
    algorithms = SECRET_ALGORITHMS;
  } else if (config.jwksUrl) {
    key = createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    algorithms = JWKS_ALGORITHMS;
  } else {
    return undefined;
  }
  const options: JWTVerifyOptions = {
    algorithms,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ['exp'],
    ...(config.issuer ? { issuer: config.issuer } : {}),
    ...(config.audience ? { audience: config.audience } : {}),
  };

  return async (token) => {
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw ecographErrors.unauthenticated('the bearer token is malformed: expected a signed JWT (header.payload.signature)', true);
    }
    if (typeof alg !== 'string' || alg.toLowerCase() === 'none') {
      throw ecographErrors.unauthenticated('the bearer token is not signed (alg "none"); only signed tokens are accepted', true);
    }
    if (!algorithms.includes(alg)) {
      throw ecographErrors.unauthenticated(
        `the bearer token's algorithm ${JSON.stringify(alg.slice(0, 20))} is not accepted; expected ${algorithms.join(', ')}`,
        true,
      );
    }
    try {
      // jwtVerify accepts either a key or a key-resolving function; the union is ours to narrow.
      const { payload } = await (typeof key === 'function' ? jwtVerify(token, key, options) : jwtVerify(token, key, options));
      return payload;
    } catch (error) {
      throw explain(error, config);
    }
  };
}

/** A clear reason for a rejected token, without repeating the token or its claims. */
function explain(error: unknown, config: AuthConfig): EcographError {
  if (error instanceof EcographError) return error;
  if (error instanceof errors.JWTExpired) return ecographErrors.unauthenticated('the bearer token has expired', true);
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return ecographErrors.unauthenticated(`the bearer token was not issued by ${config.issuer ?? 'the configured issuer'}`, true);
      case 'aud':
        return ecographErrors.unauthenticated(`the bearer token is not meant for this audience (${config.audience ?? 'the configured audience'})`, true);
      case 'nbf':
        return ecographErrors.unauthenticated('the bearer token is not valid yet (nbf is in the future)', true);
      case 'exp':
        return ecographErrors.unauthenticated(
          error.reason === 'missing' ? 'the bearer token has no expiry (exp); tokens must expire' : 'the bearer token has an invalid expiry (exp)',
          true,
        );
      default:
        return ecographErrors.unauthenticated(`the bearer token's ${JSON.stringify(error.claim)} claim is invalid`, true);
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return ecographErrors.unauthenticated("the bearer token's signature does not verify", true);
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return ecographErrors.unauthenticated('no key of the configured JWKS matches the bearer token (kid/alg)', true);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return ecographErrors.unauthenticated("the bearer token's algorithm is not accepted", true);
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || isKeyFetchFailure(error)) {
    return ecographErrors.signingKeysUnavailable();
  }
  // JWTInvalid, JWSInvalid, JOSENotSupported, JWKInvalid, …: the token itself is unusable.
  return ecographErrors.unauthenticated('the bearer token is malformed or unusable', true);
}

/** Fetching the JWKS failed: a network error, or jose's generic error for a non-200 answer. */
function isKeyFetchFailure(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true;
  return error.code === 'ERR_JOSE_GENERIC' && /JSON Web Key Set/i.test(error.message);
}
