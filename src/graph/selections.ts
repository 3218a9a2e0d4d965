import {
  type ASTNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type FragmentSpreadNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type InlineFragmentNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  TypeInfo,
} from 'graphql';

/** A field met on the walk, with what graphql-js's TypeInfo knows of it (nothing without a schema). */
export interface FieldVisit {
  node: FieldNode;
  parentType?: GraphQLCompositeType;
  fieldDef?: GraphQLField<unknown, unknown>;
  type?: GraphQLOutputType;
}

/**
 * How a walk folds selections into a value: every field's value is `field(visit, scope, children)`,
 * where `children(scope)` is the value of its sub-selection under a scope the field chooses (a
 * path prefix, the page sizes of enclosing lists, …); the values of a selection set's members
 * are combined with `combine`, starting from `empty`.
 */
export interface SelectionFold<T, S> {
  empty: T;
  combine(a: T, b: T): T;
  field(visit: FieldVisit, scope: S, children: (scope: S) => T): T;
  /** A value of a fragment spread, inline fragment or fragment definition itself (its directives, say); default `empty`. */
  own?(node: InlineFragmentNode | FragmentSpreadNode | FragmentDefinitionNode): T;
  /** Identifies a scope, for memoising fragments: a fragment is folded once per scope key. */
  scopeKey(scope: S): string;
}

export interface WalkTarget {
  /** Without one, visits carry no types. */
  schema?: GraphQLSchema;
  fragments: Readonly<Record<string, FragmentDefinitionNode | undefined>>;
}

/**
 * The one selection walker: the query limits (depth, aliases, directives, cost, arguments) and
 * the curated resolvers' "what was selected" are all folds over it. It follows fragment spreads
 * and inline fragments, and resolves fields with graphql-js's TypeInfo. A fragment's value is
 * memoised per scope key, so a "fragment bomb" (fragments spreading each other 2^n times) is
 * walked in linear time and its exponential count is what the fold sees; a fragment met again
 * while it is being folded (a cycle, which graphql-js's validation refuses) counts `empty`.
 */
export function foldSelectionSet<T, S>(target: WalkTarget, roots: SelectionSetNode[], rootNode: ASTNode | undefined, fold: SelectionFold<T, S>, scope: S): T {
  const typeInfo = target.schema ? new TypeInfo(target.schema) : undefined;
  const memo = new Map<string, T>();
  const visiting = new Set<string>();

  const enter = (node: ASTNode) => typeInfo?.enter(node);
  const leave = (node: ASTNode) => typeInfo?.leave(node);

  function selectionSet(set: SelectionSetNode, current: S): T {
    enter(set);
    let total = fold.empty;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) total = fold.combine(total, field(selection, current));
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        enter(selection);
        total = fold.combine(total, fold.combine(fold.own?.(selection) ?? fold.empty, selectionSet(selection.selectionSet, current)));
        leave(selection);
      } else {
        total = fold.combine(total, fold.combine(fold.own?.(selection) ?? fold.empty, fragment(selection.name.value, current)));
      }
    }
    leave(set);
    return total;
  }

  function field(node: FieldNode, current: S): T {
    enter(node);
    const visit: FieldVisit = {
      node,
      ...(typeInfo?.getParentType() ? { parentType: typeInfo.getParentType()! } : {}),
      ...(typeInfo?.getFieldDef() ? { fieldDef: typeInfo.getFieldDef()! } : {}),
      ...(typeInfo?.getType() ? { type: typeInfo.getType()! } : {}),
    };
    const value = fold.field(visit, current, (inner) => (node.selectionSet ? selectionSet(node.selectionSet, inner) : fold.empty));
    leave(node);
    return value;
  }

  function fragment(name: string, current: S): T {
    const key = `${name}|${fold.scopeKey(current)}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const definition = target.fragments[name];
    if (!definition || visiting.has(key)) return fold.empty;
    visiting.add(key);
    enter(definition);
    const value = fold.combine(fold.own?.(definition) ?? fold.empty, selectionSet(definition.selectionSet, current));
    leave(definition);
    visiting.delete(key);
    memo.set(key, value);
    return value;
  }

  if (rootNode) enter(rootNode);
  let total = fold.empty;
  for (const root of roots) total = fold.combine(total, selectionSet(root, scope));
  if (rootNode) leave(rootNode);
  return total;
}

/** The fragments of a document, by name. */
export function fragmentsOf(document: { definitions: readonly ASTNode[] }): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return fragments;
}

/** Folds an operation of a document. */
export function foldOperation<T, S>(
  document: { definitions: readonly ASTNode[] },
  operation: OperationDefinitionNode,
  fold: SelectionFold<T, S>,
  scope: S,
  schema?: GraphQLSchema,
): T {
  return foldSelectionSet({ ...(schema ? { schema } : {}), fragments: fragmentsOf(document) }, [operation.selectionSet], operation, fold, scope);
}

const sum = (a: number, b: number) => a + b;
const unscoped = () => '';

/**
 * Depth of field nesting: `{ organizations { name } }` is 2. Inline fragments and spreads add none.
 * Introspection (`__schema`, `__type`) counts 1: it is answered from memory, and graphql-js's
 * MaxIntrospectionDepthRule bounds its nesting instead (the standard introspection query that
 * GraphiQL sends is 15 deep).
 */
export function depthOf(document: { definitions: readonly ASTNode[] }, operation: OperationDefinitionNode): number {
  return foldOperation<number, null>(
    document,
    operation,
    {
      empty: 0,
      combine: Math.max,
      field: ({ node }, scope, children) => 1 + (node.name.value.startsWith('__') ? 0 : children(scope)),
      scopeKey: unscoped,
    },
    null,
  );
}

export function aliasesOf(document: { definitions: readonly ASTNode[] }, operation: OperationDefinitionNode): number {
  return foldOperation<number, null>(
    document,
    operation,
    { empty: 0, combine: sum, field: ({ node }, scope, children) => (node.alias ? 1 : 0) + children(scope), scopeKey: unscoped },
    null,
  );
}

export function directivesOf(document: { definitions: readonly ASTNode[] }, operation: OperationDefinitionNode): number {
  const own = (operation.directives?.length ?? 0) + (operation.variableDefinitions ?? []).reduce((n, v) => n + (v.directives?.length ?? 0), 0);
  return (
    own +
    foldOperation<number, null>(
      document,
      operation,
      {
        empty: 0,
        combine: sum,
        field: ({ node }, scope, children) => (node.directives?.length ?? 0) + children(scope),
        own: (node) => node.directives?.length ?? 0,
        scopeKey: unscoped,
      },
      null,
    )
  );
}
