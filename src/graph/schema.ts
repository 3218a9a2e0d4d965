import { Neo4jGraphQL } from '@neo4j/graphql';
import type { GraphQLSchema } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { computedFieldResolvers } from './queries/computed';
import type { GraphModel } from './model';
import type { ReadAccess } from '../request/access';
import { curatedResolvers } from './queries/resolvers';
import { orderListsByKeyIndex } from './key-order';
import { pageInIndexOrder } from './ordered-pages';

function neo4jGraphQL(driver: Driver, model: GraphModel, access: ReadAccess = { requireForRead: false }): Neo4jGraphQL {
  return new Neo4jGraphQL({
    typeDefs: access.requireForRead ? `${model.typeDefs}\n${readRules(model)}` : model.typeDefs,
    driver,
    resolvers: { ...curatedResolvers(model.argumentBounds, access), ...computedFieldResolvers },
    features: { filters: { String: { CASE_INSENSITIVE: true } } },
  });
}

export interface BuildOptions {
  /** Run the library's database checks now (the service runs them once Neo4j answers instead). */
  checkDatabase?: boolean;
  /**
   * Who may read (AuthConfig.requireForRead; pass config.auth). With requireForRead, every node
   * type also gets a model rule that reading needs the reader role, and the curated resolvers
   * check it too. Writing always needs editor (schema/model.graphql).
   */
  auth?: ReadAccess;
}

/** With AUTH_REQUIRE_FOR_READ: reading any node type needs the reader role, in the model too. */
function readRules(model: GraphModel): string {
  return [
    // Anonymous callers: refused outright, whatever the answer would hold.
    'extend schema @authentication(operations: [READ, AGGREGATE])',
    // Callers with a token: every node read must be one a reader may see.
    ...model.nodeTypes.map(
      (t) => `extend type ${t.name} @authorization(validate: [{ operations: [READ, AGGREGATE], where: { jwt: { roles: { includes: "reader" } } } }])`,
    ),
  ].join('\n');
}

/**
 * @neo4j/graphql warns on every build that its authorization feature has no key, a warning it
 * says to ignore when a decoded JWT is passed in context.jwt on every request: ecograph verifies
 * tokens itself (src/server/auth) and does exactly that. Only that one message is dropped.
 */
async function withoutJwtWarning<T>(build: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes("pass a decoded JWT into 'context.jwt'")) return;
    warn(...args);
  };
  try {
    return await build();
  } finally {
    console.warn = warn;
  }
}

export interface GraphSchema {
  schema: GraphQLSchema;
  /** @neo4j/graphql's check of the indexes its directives (@fulltext, @vector) declare, when the model has any. */
  checkDatabase: () => Promise<void>;
}

/** Whether the model uses a directive that makes @neo4j/graphql expect an index. */
const declaresIndexes = (model: GraphModel) => /@(fulltext|vector)\b/.test(model.typeDefs);

/**
 * The GraphQL schema: the API @neo4j/graphql generates from the model, plus the curated
 * relationship queries (schema/queries.graphql), bound to the database. Building it does not
 * touch the database; its checks run when asked. The library's version and APOC check
 * (checkNeo4jCompat) is not run: verifyNeo4jServer checks the same in one query, and each query
 * counts on a Neo4j that has just started.
 */
export async function graphSchema(driver: Driver, database: string, model: GraphModel, auth?: ReadAccess): Promise<GraphSchema> {
  const neoSchema = neo4jGraphQL(driver, model, auth);
  const schema = await withoutJwtWarning(() => neoSchema.getSchema());
  orderListsByKeyIndex(schema, model);
  pageInIndexOrder(schema, model);
  return {
    schema,
    checkDatabase: async () => {
      if (declaresIndexes(model)) await neoSchema.assertIndexesAndConstraints({ sessionConfig: { database } });
    },
  };
}

/** The schema, with the database checks run at once. */
export async function buildGraphSchema(driver: Driver, database: string, model: GraphModel, options: BuildOptions = {}): Promise<GraphQLSchema> {
  const built = await graphSchema(driver, database, model, options.auth);
  if (options.checkDatabase ?? true) await built.checkDatabase();
  return built.schema;
}
