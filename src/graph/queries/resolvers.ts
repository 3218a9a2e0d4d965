import type { GraphContext } from './context';
import { coordinations, type CoordinationArgs } from './coordinations';
import { connections, type ConnectionArgs } from './connections';
import { fundingSummary, type FundingGroupBy } from './funding';
import type { InitiativeFilter } from './initiative-filter';
import { collaborationNetwork, type NetworkArgs } from './network';
import { search, type SearchArgs } from './search';

/** Resolvers of the curated queries declared in schema/queries.graphql. */
export const curatedResolvers = {
  Query: {
    coordinations: (_: unknown, args: CoordinationArgs, context: GraphContext) => coordinations(args, context),
    collaborationNetwork: (_: unknown, args: NetworkArgs, context: GraphContext) => collaborationNetwork(args, context),
    connections: (_: unknown, args: ConnectionArgs, context: GraphContext) => connections(args, context),
    search: (_: unknown, args: SearchArgs, context: GraphContext) => search(args, context),
    fundingSummary: (_: unknown, args: { groupBy: FundingGroupBy; where?: InitiativeFilter }, context: GraphContext) =>
      fundingSummary(args, context),
  },
};
