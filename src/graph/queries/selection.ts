import type { GraphQLResolveInfo } from 'graphql';
import { foldSelectionSet } from '../selections';

/**
 * What a query asks for below the field being resolved, so a curated query computes only that
 * (a network's shared funding, a funding group's projects, …). Paths are dotted field names
 * relative to the resolved field: 'edges', 'edges.via', 'nodes.degree'. Fragments and inline
 * fragments count as written; @skip and @include are not evaluated, so a field that may be asked
 * for counts as asked for. Without resolve info (a direct call), everything counts as asked for.
 */
export class Selection {
  private constructor(private readonly paths: ReadonlySet<string> | undefined) {}

  /** Everything counts as asked for. */
  static readonly ALL = new Selection(undefined);

  static of(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'> | undefined): Selection {
    if (!info) return Selection.ALL;
    const paths = new Set<string>();
    // The scope is the path prefix: each fragment is walked once per prefix.
    foldSelectionSet<number, string>(
      { fragments: info.fragments },
      info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : [])),
      undefined,
      {
        empty: 0,
        combine: () => 0,
        field: ({ node }, prefix, children) => {
          const path = prefix + node.name.value;
          paths.add(path);
          return children(`${path}.`);
        },
        scopeKey: (prefix) => prefix,
      },
      '',
    );
    return new Selection(paths);
  }

  /** Whether the query asks for `path` (a field, with or without subfields). */
  has(path: string): boolean {
    return this.paths === undefined || this.paths.has(path);
  }
}
