import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import { errors } from '../errors';
import type { RequestContext } from '../request/context';
import type { ServerFeature } from './feature';

/**
 * Subscriptions are refused with a 400 saying why (Neo4j Community has no change data capture to
 * drive them), before anything else looks at the operation; graphql-js would otherwise fail it
 * during execution, as an internal error.
 */
export function noSubscriptionsFeature(): ServerFeature {
  const plugin: ApolloServerPlugin<RequestContext> = {
    requestDidStart: async () => ({
      async didResolveOperation({ operation }) {
        if (operation?.operation === OperationTypeNode.SUBSCRIPTION) throw errors.subscriptionsNotOffered();
      },
    }),
  };
  return { name: 'no-subscriptions', plugins: [plugin] };
}
