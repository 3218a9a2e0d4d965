import {
  type ASTNode,
  type ASTVisitor,
  type DocumentNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { errors } from '../../errors';
import { aliasesOf, depthOf, directivesOf } from '../../graph/selections';

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

export const maxDepthRule = (max: number): ValidationRule =>
  perOperation((context, operation) => {
    const depth = depthOf(context.getDocument(), operation);
    return depth > max ? errors.limitExceeded('depth', 'Query depth', depth, max) : undefined;
  });

export const maxAliasesRule = (max: number): ValidationRule =>
  perOperation((context, operation) => {
    const n = aliasesOf(context.getDocument(), operation);
    return n > max ? errors.limitExceeded('aliases', 'Number of aliases', n, max) : undefined;
  });

export const maxDirectivesRule = (max: number): ValidationRule =>
  perOperation((context, operation) => {
    const n = directivesOf(context.getDocument(), operation);
    return n > max ? errors.limitExceeded('directives', 'Number of directives', n, max) : undefined;
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
  const error = errors.limitExceeded('depth', 'Input nesting depth', depth, max);
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
