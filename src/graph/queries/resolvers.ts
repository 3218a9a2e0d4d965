import type { GraphQLFieldResolver, GraphQLResolveInfo } from 'graphql';
import { errors } from '../../errors';
import { assertMayRead, type ReadAccess } from '../../request/access';
import { read, type RequestContext } from '../../request/context';
import type { ArgumentBounds } from '../bounds';
import { coordinations, type CoordinationArgs } from './coordinations';
import { connections, type ConnectionArgs } from './connections';
import { type FundingArgs, fundingSummary } from './funding';
import { collaborationNetwork, type NetworkArgs } from './network';
import { search, type SearchArgs } from './search';
import { Selection } from './selection';

/** A resolver of the Query type, whatever its arguments. */
type QueryResolver = GraphQLFieldResolver<unknown, RequestContext, never>;

/** Throws when the network's centre is no entity: named before any other argument's problem. */
async function assertCentreExists(args: NetworkArgs, context: RequestContext): Promise<void> {
  if (!args.around) return;
  const found = await read(context, 'MATCH (n:Entity {key: $key}) RETURN n.key AS key', { key: args.around });
  if (found.length === 0) throw errors.noSuchEntity('around', args.around);
}

/**
 * Resolvers of the curated queries declared in schema/queries.graphql. Each first checks that the
 * caller may read (a second line behind the server's request-level check, for any way the schema
 * is executed) and that its arguments are within the bounds the type definitions declare
 * (@bounds); each computes only what the query selects (Selection).
 */
export function curatedResolvers(bounds: ArgumentBounds, access: ReadAccess): { Query: Record<string, QueryResolver> } {
  const checked =
    <Args extends object>(
      field: string,
      resolve: (args: Args, context: RequestContext, info: GraphQLResolveInfo) => unknown,
      beforeBounds?: (args: Args, context: RequestContext) => Promise<void>,
    ): GraphQLFieldResolver<unknown, RequestContext, Args> =>
    async (_root, args, context, info) => {
      assertMayRead(context, access.requireForRead);
      const problem = bounds.problem(`Query.${field}`, args);
      if (problem) {
        await beforeBounds?.(args, context);
        throw problem;
      }
      return resolve(args, context, info);
    };
  return {
    Query: {
      coordinations: checked('coordinations', (args: CoordinationArgs, context, info) => coordinations(args, context, Selection.of(info))),
      collaborationNetwork: checked(
        'collaborationNetwork',
        (args: NetworkArgs, context, info) => collaborationNetwork(args, context, Selection.of(info)),
        assertCentreExists,
      ),
      connections: checked('connections', (args: ConnectionArgs, context) => connections(args, context)),
      search: checked('search', (args: SearchArgs, context, info) => search(args, context, Selection.of(info))),
      fundingSummary: checked('fundingSummary', (args: FundingArgs, context, info) => fundingSummary(args, context, Selection.of(info))),
    },
  };
}
