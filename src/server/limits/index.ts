import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, MaxIntrospectionDepthRule } from 'graphql';
import type { QueryLimits } from '../../config/env';
import { errors } from '../../errors';
import type { RequestContext } from '../../request/context';
import type { ServerFeature } from '../feature';
import { type ArgumentsModel, pageArgumentProblem, variablesProblem } from './arguments';
import type { GraphStatistics } from '../../graph/statistics';
import { type CostExplanation, type CostModel, explainCost } from './cost';
import { maxNesting, maxTokens } from './http';
import { inputDepthError, inputValueDepth, maxAliasesRule, maxDepthRule, maxDirectivesRule, maxInputDepthRule } from './rules';

export { explainCost, operationCost } from './cost';

/** A request carrying this header (any value) gets its cost, and how each list was priced, in the response's `extensions.cost`. */
export const COST_HEADER = 'ecograph-cost';

/** The graph's statistics as the cost rule reads them: the latest, or none yet. */
export interface StatisticsSource {
  readonly current: GraphStatistics | undefined;
}
export { aliasesOf, depthOf, directivesOf } from '../../graph/selections';

/**
 * Limits on what one request may ask: tokens, depth, aliases, directives, input nesting, cost
 * (with the variables' page sizes, priced by the model's bounds), introspection, and what errors
 * reveal in production. Every rejection is a 4xx whose message names the limit, its environment
 * variable and the value, e.g. "Query depth 14 exceeds the maximum of 12 (GRAPHQL_MAX_DEPTH)".
 */
export function limitsFeature(limits: QueryLimits, model: CostModel & ArgumentsModel, production: boolean, statistics?: StatisticsSource): ServerFeature {
  return {
    name: 'limits',
    graphqlMiddleware: [maxNesting(4 * limits.maxDepth), maxTokens(limits.maxTokens)],
    validationRules: [
      maxDepthRule(limits.maxDepth),
      maxInputDepthRule(limits.maxDepth),
      maxAliasesRule(limits.maxAliases),
      maxDirectivesRule(limits.maxDirectives),
      // graphql-js's guard against nested __schema/__type fields { type { fields … } } chains.
      MaxIntrospectionDepthRule,
    ],
    plugins: [costPlugin(limits, model, statistics)],
    apollo: {
      // A backstop: maxTokens() above refuses longer documents with a message naming the limit.
      parseOptions: { maxTokens: limits.maxTokens },
      introspection: limits.introspection,
      allowBatchedHttpRequests: false,
      hideSchemaDetailsFromClientErrors: production,
    },
  };
}

/** Most variable sets kept per document (a dashboard repeats a few; a search box sends many). */
const VARIABLE_SETS_PER_DOCUMENT = 64;

/**
 * The cost and page checks of an operation of a document with given variables, kept while the
 * graph statistics that priced them are current: a dashboard repeats the same few requests, and
 * walking the operation again for each took about a tenth of a small request's time. Apollo
 * parses each document text once (its document store), so a repeated request brings the same
 * DocumentNode. Only outcomes are kept, never an error object (each request gets its own).
 */
class CheckMemo<T> {
  private readonly byDocument = new WeakMap<DocumentNode, { statistics: unknown; byVariables: Map<string, T> }>();

  get(document: DocumentNode, key: string, statistics: unknown, compute: () => T): T {
    let entry = this.byDocument.get(document);
    if (!entry || entry.statistics !== statistics) {
      entry = { statistics, byVariables: new Map() };
      this.byDocument.set(document, entry);
    }
    let value = entry.byVariables.get(key);
    if (value === undefined) {
      value = compute();
      if (entry.byVariables.size >= VARIABLE_SETS_PER_DOCUMENT) entry.byVariables.delete(entry.byVariables.keys().next().value!);
      entry.byVariables.set(key, value);
    }
    return value;
  }
}

function costPlugin(limits: QueryLimits, model: CostModel & ArgumentsModel, statistics?: StatisticsSource): ApolloServerPlugin<RequestContext> {
  const checks = new CheckMemo<{ priced: CostExplanation; pagesOk: boolean }>();
  return {
    requestDidStart: async ({ request }) => {
      const explain = request.http?.headers.has(COST_HEADER) ?? false;
      let priced: CostExplanation | undefined;
      return {
        async didResolveOperation({ request, document, operation, schema }) {
          const variables = request.variables ?? {};
          const depth = inputValueDepth(variables, limits.maxDepth);
          if (depth > limits.maxDepth) throw inputDepthError(depth, limits.maxDepth);
          if (!operation) return;
          const variableProblem = variablesProblem(schema, operation, variables);
          if (variableProblem) throw variableProblem;
          const checked = checks.get(document, `${operation.name?.value ?? ''}\u0000${JSON.stringify(variables)}`, statistics?.current, () => ({
            priced: explainCost(schema, model, document, operation, variables, statistics?.current),
            pagesOk: pageArgumentProblem(schema, model, document, operation, variables) === undefined,
          }));
          priced = checked.priced;
          if (priced.cost > limits.maxCost) throw errors.limitExceeded('cost', 'Query cost', priced.cost, limits.maxCost);
          if (!checked.pagesOk) throw pageArgumentProblem(schema, model, document, operation, variables)!;
        },
        async willSendResponse({ response }) {
          if (!explain || !priced || response.body.kind !== 'single') return;
          const { singleResult } = response.body;
          const value = Number.isSafeInteger(priced.cost) ? priced.cost : 'more than 2^53';
          singleResult.extensions = { ...singleResult.extensions, cost: { value, maximum: limits.maxCost, lists: priced.lists } };
        },
      };
    },
  };
}
