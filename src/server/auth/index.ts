import type { ApolloServerPlugin } from '@apollo/server';
import type { Request } from 'express';
import { OperationTypeNode } from 'graphql';
import type { AuthConfig } from '../../config/env';
import { errors } from '../../errors';
import { assertMayRead, assertMayWrite, type Caller } from '../../request/access';
import type { RequestContext } from '../../request/context';
import type { ServerFeature } from '../feature';
import { rolesFromClaims } from './claims';
import { createTokenVerifier, type TokenVerifier } from './verify';

export { effectiveRoles, rolesFromClaims } from './claims';
export { createTokenVerifier } from './verify';

const BEARER = /^Bearer +([A-Za-z0-9_.~+/=-]+) *$/i;

/**
 * Bearer-token authentication and roles (reader, editor, admin).
 *
 * - `context`: no Authorization header = anonymous (roles []); a header that is there must carry
 *   a valid token, or the request is refused with 401 UNAUTHENTICATED. The verified claims go to
 *   `context.jwt` (with `roles` replaced by the effective roles, which the model's
 *   @authentication rules read) and the roles to `context.roles`.
 * - a plugin: every mutation needs editor or admin; with requireForRead, every query needs reader.
 */
export function authFeature(config: AuthConfig): ServerFeature<Caller> {
  const verify = createTokenVerifier(config);
  return {
    name: 'auth',
    context: (req) => authenticate(req, config, verify),
    plugins: [rolePlugin(config, verify !== undefined)],
  };
}

async function authenticate(req: Request, config: AuthConfig, verify: TokenVerifier | undefined): Promise<Caller> {
  const header = req.headers.authorization;
  if (header === undefined) {
    if (config.requireForRead) throw errors.unauthenticated('this server requires a token: send Authorization: Bearer <token>');
    return { roles: [] };
  }
  if (!verify) {
    throw errors.unauthenticated('this server does not accept tokens (no AUTH_JWT_SECRET or AUTH_JWKS_URL is configured); send no Authorization header', true);
  }
  const token = BEARER.exec(header)?.[1];
  if (!token) throw errors.unauthenticated('the Authorization header is malformed: expected "Bearer <token>"', true);
  const claims = await verify(token);
  const roles = rolesFromClaims(claims, config.rolesClaim);
  // @neo4j/graphql trusts context.jwt as already verified; `roles` there is the normalized list
  // whatever claim the issuer put them in (see the JWT type in schema/model.graphql).
  return { jwt: { ...claims, roles }, roles };
}

/** The request-level rule, whatever field is asked for: generated, @cypher or curated. */
function rolePlugin(config: AuthConfig, acceptsTokens: boolean): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation === OperationTypeNode.MUTATION) assertMayWrite(contextValue, acceptsTokens);
          else assertMayRead(contextValue, config.requireForRead);
        },
      };
    },
  };
}
