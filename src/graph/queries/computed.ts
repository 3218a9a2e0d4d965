import type { RequestContext } from '../../request/context';

const collaborationDegree = (parent: { key: string }, _args: unknown, context: RequestContext) => context.loaders.collaborationDegree.load(parent.key);

/** Resolvers of the model's computed (@customResolver) fields: batched, one query per request. */
export const computedFieldResolvers = {
  Organization: { collaborationDegree },
  Person: { collaborationDegree },
  Region: { collaborationDegree },
};
