import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import { errors } from '../errors';
import type { Readiness } from '../readiness';
import type { RequestContext } from '../request/context';
import type { ServerFeature } from './feature';

const onlyIntrospection = (operation: OperationDefinitionNode) =>
  operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'));

/**
 * Requests before the database is ready get a 503 at once (introspection excepted, so tools can
 * load the schema); outages and time-outs later are the errors feature's to explain.
 */
export function availabilityFeature(readiness: Readiness): ServerFeature {
  const plugin: ApolloServerPlugin<RequestContext> = {
    requestDidStart: async () => ({
      async didResolveOperation({ operation }) {
        if (readiness.prepared || (operation && onlyIntrospection(operation))) return;
        throw errors.notReady(readiness.problem);
      },
    }),
  };
  return { name: 'availability', plugins: [plugin] };
}
