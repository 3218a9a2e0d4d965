import {
  type ASTNode,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { limitError } from './messages';

/**
 * Per-operation measures, following fragment spreads. Fragment results are memoised, so a
 * "fragment bomb" (fragments spreading each other 2^n times) is measured in linear time and
 * its exponential count is what the limit sees. A cycle counts as 0 here: graphql-js's own
 * NoFragmentCycles rule rejects it in the same validation pass.
 */
class OperationMeasure {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly memo = new Map<string, number>();
  private readonly visiting = new Set<string>();

  constructor(
    document: DocumentNode,
    private readonly measureSelectionSet: (set: SelectionSetNode, spread: (name: string) => number) => number,
    private readonly onFragment: (fragment: FragmentDefinitionNode) => number = () => 0,
  ) {
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(d.name.value, d);
  }

  measure(set: SelectionSetNode): number {
    return this.measureSelectionSet(set, (name) => this.fragment(name));
  }

  private fragment(name: string): number {
    const known = this.memo.get(name);
    if (known !== undefined) return known;
    const fragment = this.fragments.get(name);
    if (!fragment || this.visiting.has(name)) return 0;
    this.visiting.add(name);
    const value = this.onFragment(fragment) + this.measure(fragment.selectionSet);
    this.visiting.delete(name);
    this.memo.set(name, value);
    return value;
  }
}

function operations(document: DocumentNode): OperationDefinitionNode[] {
  return document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
}

/** Applies `check` to each operation of the document once, when the document is left. */
function perOperation(check: (context: ValidationContext, operation: OperationDefinitionNode) => GraphQLError | undefined): ValidationRule {
  return (context) => ({
    Document: {
      leave(document) {
        for (const operation of operations(document)) {
          const error = check(context, operation);
          if (error) context.reportError(error);
        }
      },
    },
  });
}

/**
 * Depth of field nesting: `{ organizations { name } }` is 2. Inline fragments and spreads add none.
 * Introspection (`__schema`, `__type`) counts 1: it is answered from memory, and graphql-js's
 * MaxIntrospectionDepthRule bounds its nesting instead (the standard introspection query that
 * GraphiQL sends is 15 deep).
 */
export function depthOf(document: DocumentNode, operation: OperationDefinitionNode): number {
  const depth = (set: SelectionSetNode, spread: (name: string) => number): number => {
    let max = 0;
    for (const s of set.selections) {
      const d =
        s.kind === Kind.FIELD
          ? 1 + (s.selectionSet && !s.name.value.startsWith('__') ? depth(s.selectionSet, spread) : 0)
          : s.kind === Kind.INLINE_FRAGMENT
            ? depth(s.selectionSet, spread)
            : spread(s.name.value);
      if (d > max) max = d;
    }
    return max;
  };
  return new OperationMeasure(document, depth).measure(operation.selectionSet);
}

export function aliasesOf(document: DocumentNode, operation: OperationDefinitionNode): number {
  const count = (set: SelectionSetNode, spread: (name: string) => number): number => {
    let n = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) n += (s.alias ? 1 : 0) + (s.selectionSet ? count(s.selectionSet, spread) : 0);
      else if (s.kind === Kind.INLINE_FRAGMENT) n += count(s.selectionSet, spread);
      else n += spread(s.name.value);
    }
    return n;
  };
  return new OperationMeasure(document, count).measure(operation.selectionSet);
}

export function directivesOf(document: DocumentNode, operation: OperationDefinitionNode): number {
  const count = (set: SelectionSetNode, spread: (name: string) => number): number => {
    let n = 0;
    for (const s of set.selections) {
      n += s.directives?.length ?? 0;
      if (s.kind === Kind.FIELD) n += s.selectionSet ? count(s.selectionSet, spread) : 0;
      else if (s.kind === Kind.INLINE_FRAGMENT) n += count(s.selectionSet, spread);
      else n += spread(s.name.value);
    }
    return n;
  };
  const own = (operation.directives?.length ?? 0) + operation.variableDefinitions!.reduce((n, v) => n + (v.directives?.length ?? 0), 0);
  return own + new OperationMeasure(document, count, (f) => f.directives?.length ?? 0).measure(operation.selectionSet);
}

export const maxDepthRule = (max: number): ValidationRule =>
  perOperation((context, operation) => {
    const depth = depthOf(context.getDocument(), operation);
    return depth > max ? limitError('depth', 'Query depth', depth, max) : undefined;
  });

export const maxAliasesRule = (max: number): ValidationRule =>
  perOperation((context, operation) => {
    const n = aliasesOf(context.getDocument(), operation);
    return n > max ? limitError('aliases', 'Number of aliases', n, max) : undefined;
  });

export const maxDirectivesRule = (max: number): ValidationRule =>
  perOperation((context, operation) => {
    const n = directivesOf(context.getDocument(), operation);
    return n > max ? limitError('directives', 'Number of directives', n, max) : undefined;
  });

/**
 * Nesting of input values written in the query (objects and lists, e.g. `where: { AND: [{ … }] }`),
 * against the same maximum as field depth; inputValueDepth() checks variables the same way.
 */
export const maxInputDepthRule =
  (max: number): ValidationRule =>
  (context) => {
    let depth = 0;
    let reported = false;
    const enter = (node: ASTNode) => {
      depth += 1;
      if (depth > max && !reported) {
        reported = true;
        context.reportError(inputDepthError(depth, max, node));
      }
    };
    const leave = () => {
      depth -= 1;
    };
    const visitor: ASTVisitor = {
      ObjectValue: { enter, leave },
      ListValue: { enter, leave },
    };
    return visitor;
  };

export function inputDepthError(depth: number, max: number, node?: ASTNode): GraphQLError {
  const error = limitError('depth', 'Input nesting depth', depth, max);
  return node ? new GraphQLError(error.message, { nodes: [node], extensions: error.extensions }) : error;
}

/** Nesting depth of a JSON value (objects and arrays), looking no deeper than max + 1. */
export function inputValueDepth(value: unknown, max: number): number {
  const walk = (v: unknown, depth: number): number => {
    if (v === null || typeof v !== 'object' || depth > max) return depth;
    let deepest = depth + 1;
    for (const item of Array.isArray(v) ? v : Object.values(v)) {
      deepest = Math.max(deepest, walk(item, depth + 1));
      if (deepest > max) break;
    }
    return deepest;
  };
  // The variables object itself is not a level: `{ "where": { … } }` starts at the value.
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const v of Object.values(value)) deepest = Math.max(deepest, walk(v, 0));
  return deepest;
}
