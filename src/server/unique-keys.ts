import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import { createdKeys, keyConflict } from '../graph/keys';
import type { GraphModel } from '../graph/model';
import type { RequestContext } from '../request/context';
import type { ServerFeature } from './feature';

/**
 * A mutation that would create a node with a key already taken (or give one key to two new nodes)
 * is refused with a 409 naming the key and where it is given, before it runs. It comes after
 * authentication in the request's path: only a caller who may write learns whether a key is taken.
 */
export function uniqueKeysFeature(model: Pick<GraphModel, 'nodeTypes'>): ServerFeature {
  const plugin: ApolloServerPlugin<RequestContext> = {
    requestDidStart: async () => ({
      async didResolveOperation({ operation, document, schema, request, contextValue }) {
        if (operation?.operation !== OperationTypeNode.MUTATION) return;
        const keys = createdKeys(schema, model, document, operation, request.variables ?? {});
        if (keys.length === 0) return;
        const conflict = await keyConflict(contextValue, model, keys);
        if (conflict) throw conflict;
      },
    }),
  };
  return { name: 'unique-keys', plugins: [plugin] };
}
