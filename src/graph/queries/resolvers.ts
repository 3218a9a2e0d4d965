import type { GraphQLFieldResolver, GraphQLResolveInfo } from 'graphql';
import { errors } from '../../errors';
import { assertMayRead, type ReadAccess } from '../../request/access';
import { read, type RequestContext } from '../../request/context';
import type { ArgumentBounds } from '../bounds';
import { coordinations, type CoordinationArgs } from './coordinations';
import { connections, type ConnectionArgs } from './connections';
import { fundingSummary, type FundingGroupBy } from './funding';
import type { InitiativeFilter } from './initiative-filter';
import { collaborationNetwork, type NetworkArgs } from './network';
import { search, type SearchArgs } from './search';
import { Selection } from './selection';

type Resolver = GraphQLFieldResolver<unknown, RequestContext, any>;

/** Throws when the network's centre is no entity: named before any other argument's problem. */
async function assertCentreExists(args: NetworkArgs, context: RequestContext): Promise<void> {
  if (!args.around) return;
  const found = await read(context, 'MATCH (n:Entity {key: $key}) RETURN n.key', { key: args.around });
  if (found.length === 0) throw errors.noSuchEntity('around', args.around);
}

/**
 * Resolvers of the curated queries declared in schema/queries.graphql. Each first checks that the
 * caller may read (a second line behind the server's request-level check, for any way the schema
 * is executed) and that its arguments are within the bounds the type definitions declare
 * (@bounds); each computes only what the query selects (Selection).
 */
export function curatedResolvers(bounds: ArgumentBounds, access: ReadAccess): { Query: Record<string, Resolver> } {
  const checked =
    (field: string, resolve: Resolver, beforeBounds?: (args: any, context: RequestContext) => Promise<void>): Resolver =>
    async (root, args: Record<string, unknown>, context, info) => {
      assertMayRead(context, access.requireForRead);
      const problem = bounds.problem(`Query.${field}`, args);
      if (problem) {
        await beforeBounds?.(args, context);
        throw problem;
      }
      return resolve(root, args, context, info);
    };
  return {
    Query: {
      coordinations: checked('coordinations', (_, args: CoordinationArgs, context, info: GraphQLResolveInfo) =>
        coordinations(args, context, Selection.of(info)),
      ),
      collaborationNetwork: checked(
        'collaborationNetwork',
        (_, args: NetworkArgs, context, info: GraphQLResolveInfo) => collaborationNetwork(args, context, Selection.of(info)),
        assertCentreExists,
      ),
      connections: checked('connections', (_, args: ConnectionArgs, context) => connections(args, context)),
      search: checked('search', (_, args: SearchArgs, context, info: GraphQLResolveInfo) => search(args, context, Selection.of(info))),
      fundingSummary: checked('fundingSummary', (_, args: { groupBy: FundingGroupBy; where?: InitiativeFilter }, context, info: GraphQLResolveInfo) =>
        fundingSummary(args, context, Selection.of(info)),
      ),
    },
  };
}
