import type { GraphQLFieldResolver, GraphQLResolveInfo } from 'graphql';
import { assertMayRead } from '../../server/auth/roles';
import type { GraphContext } from './context';
import { coordinations, type CoordinationArgs } from './coordinations';
import { connections, type ConnectionArgs } from './connections';
import { fundingSummary, type FundingGroupBy } from './funding';
import type { InitiativeFilter } from './initiative-filter';
import { collaborationNetwork, type NetworkArgs } from './network';
import { search, type SearchArgs } from './search';
import { Selection } from './selection';

/** Resolvers of the curated queries declared in schema/queries.graphql. */
export const curatedResolvers = {
  Query: {
    // Each computes only what the query selects (Selection): unasked-for parts cost no database work.
    coordinations: (_: unknown, args: CoordinationArgs, context: GraphContext, info?: GraphQLResolveInfo) => coordinations(args, context, Selection.of(info)),
    collaborationNetwork: (_: unknown, args: NetworkArgs, context: GraphContext, info?: GraphQLResolveInfo) =>
      collaborationNetwork(args, context, Selection.of(info)),
    connections: (_: unknown, args: ConnectionArgs, context: GraphContext) => connections(args, context),
    search: (_: unknown, args: SearchArgs, context: GraphContext, info?: GraphQLResolveInfo) => search(args, context, Selection.of(info)),
    fundingSummary: (_: unknown, args: { groupBy: FundingGroupBy; where?: InitiativeFilter }, context: GraphContext, info?: GraphQLResolveInfo) =>
      fundingSummary(args, context, Selection.of(info)),
  },
};

/** Who may read, as AuthConfig says. */
export interface ReadAccess {
  /** Reading needs the reader role (AUTH_REQUIRE_FOR_READ). */
  requireForRead: boolean;
}

/**
 * The curated resolvers, each checking first that the caller may read: a second line behind the
 * server's request-level check (src/server/auth/), for any way the schema is executed.
 */
export function guardedCuratedResolvers(access: ReadAccess): typeof curatedResolvers {
  const Query = Object.fromEntries(
    Object.entries(curatedResolvers.Query).map(([field, resolve]) => {
      const guarded: GraphQLFieldResolver<unknown, GraphContext, any> = (root, args, context, info) => {
        assertMayRead(context, access.requireForRead);
        return (resolve as GraphQLFieldResolver<unknown, GraphContext, any>)(root, args, context, info);
      };
      return [field, guarded];
    }),
  );
  // Every curated field, guarded: a new one in curatedResolvers is covered without a change here.
  return { Query } as typeof curatedResolvers;
}
