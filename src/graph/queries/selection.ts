import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

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
    // Each fragment is walked once per prefix, so fragments spread many times cost linear time.
    const walked = new Set<string>();
    const walk = (set: SelectionSetNode | undefined, prefix: string) => {
      if (!set) return;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          const path = prefix + selection.name.value;
          paths.add(path);
          walk(selection.selectionSet, `${path}.`);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          walk(selection.selectionSet, prefix);
        } else {
          const key = `${selection.name.value}|${prefix}`;
          if (walked.has(key)) continue;
          walked.add(key);
          walk(info.fragments[selection.name.value]?.selectionSet, prefix);
        }
      }
    };
    for (const node of info.fieldNodes) walk(node.selectionSet, '');
    return new Selection(paths);
  }

  /** Whether the query asks for `path` (a field, with or without subfields). */
  has(path: string): boolean {
    return this.paths === undefined || this.paths.has(path);
  }
}
