import { type DocumentNode, getArgumentValues, getNamedType, getVariableValues, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { type EcographError, errors } from '../../errors';
import { type Bounds, within } from '../../graph/bounds';
import { cursorOffset, INT_MAX } from '../../graph/cursors';
import type { GraphModel } from '../../graph/model';
import { foldOperation } from '../../graph/selections';

/** Variable problems reported one by one; graphql-js stops coercing after as many (its own default). */
export const MAX_VARIABLE_PROBLEMS = 50;

export type ArgumentsModel = Pick<GraphModel, 'argumentBounds' | 'listLimits'>;

/**
 * Pages of the generated API, checked before anything reaches Neo4j: `limit` and `first` from 0 to
 * the list type's @limit maximum, `offset` not negative, `after` a cursor this API gave out.
 * Curated queries declare their own bounds (@bounds) and check them in their resolvers.
 */
export function pageArgumentProblem(
  schema: GraphQLSchema,
  model: ArgumentsModel,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): EcographError | undefined {
  // Variables as execution will see them (defaults applied); ones that do not coerce are graphql-js's to report.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: MAX_VARIABLE_PROBLEMS });
  if (coerced.errors) return undefined;
  const widest = Math.max(...[...model.listLimits.values()].map((l) => l.max));
  let problem: EcographError | undefined;
  foldOperation<number, null>(
    document,
    operation,
    {
      empty: 0,
      combine: () => 0,
      scopeKey: () => '',
      field: ({ node, parentType, fieldDef }, scope, children) => {
        if (problem || !fieldDef || !parentType || fieldDef.args.length === 0) return children(scope);
        const coordinate = `${parentType.name}.${fieldDef.name}`;
        const args = getArgumentValues(fieldDef, node, coerced.coerced);
        const max = model.listLimits.get(getNamedType(fieldDef.type).name)?.max ?? widest;
        const pages: [string, Bounds][] = [
          ['limit', { min: 0, max }],
          ['first', { min: 0, max }],
          ['offset', { min: 0, max: INT_MAX }],
        ];
        for (const [name, bounds] of pages) {
          const value = args[name];
          if (value === undefined || value === null || model.argumentBounds.of(`${coordinate}.${name}`)) continue;
          if (!within(value, bounds)) problem ??= errors.outOfRange(name, bounds.min, bounds.max, value);
        }
        const after = args.after;
        if (typeof after === 'string' && cursorOffset(after) === null) problem ??= errors.badCursor('after');
        return problem ? 0 : children(scope);
      },
    },
    null,
    schema,
  );
  return problem;
}

/**
 * Variables with more problems than graphql-js reports one by one: it would end their list with an
 * error of no code (an internal error to Apollo); this is a 400 saying so, naming the first problem.
 */
export function variablesProblem(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown>): EcographError | undefined {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: MAX_VARIABLE_PROBLEMS });
  const problems = coerced.errors ?? [];
  return problems.length > MAX_VARIABLE_PROBLEMS ? errors.tooManyVariableProblems(MAX_VARIABLE_PROBLEMS, problems[0]!.message) : undefined;
}
