import { buildSchema, getOperationAST, graphql, type GraphQLResolveInfo, parse } from 'graphql';
import { Selection } from '../../src/graph/queries/selection';

/** The Selection a resolver of Query.network sees for `source`. */
async function selectionOf(source: string, variables: Record<string, unknown> = {}): Promise<Selection> {
  const schema = buildSchema(`
    type Edge { id: ID! via: [Ref!]! sources: [Ref!]! }
    type Ref { key: ID! }
    type Node { id: ID! degree: Int! }
    type Network { nodes: [Node!]! edges: [Edge!]! totalEdges: Int! }
    type Query { network: Network }
  `);
  let seen: Selection | undefined;
  const document = parse(source);
  expect(getOperationAST(document)).toBeTruthy();
  const result = await graphql({
    schema,
    source,
    variableValues: variables,
    rootValue: {
      network: (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
        seen = Selection.of(info);
        return null;
      },
    },
  });
  expect(result.errors).toBeUndefined();
  return seen!;
}

describe('Selection: what a query asks for below the resolved field', () => {
  it('lists fields and subfields by path', async () => {
    const s = await selectionOf('{ network { nodes { id } edges { id via { key } } } }');
    for (const path of ['nodes', 'nodes.id', 'edges', 'edges.id', 'edges.via', 'edges.via.key']) expect(s.has(path)).toBe(true);
    for (const path of ['totalEdges', 'nodes.degree', 'edges.sources', 'via']) expect(s.has(path)).toBe(false);
  });

  it('follows fragments and inline fragments, and counts @skip/@include fields as asked for', async () => {
    const s = await selectionOf(
      `query ($no: Boolean!) { network { ...N ... on Network { totalEdges } edges { id sources @include(if: $no) { key } } } }
       fragment N on Network { nodes { ...D } }
       fragment D on Node { degree }`,
      { no: false },
    );
    for (const path of ['nodes', 'nodes.degree', 'totalEdges', 'edges.sources']) expect(s.has(path)).toBe(true);
    expect(s.has('edges.via')).toBe(false);
  });

  it('follows aliases to the field names', async () => {
    const s = await selectionOf('{ network { n: nodes { d: degree } } }');
    expect(s.has('nodes.degree')).toBe(true);
    expect(s.has('n')).toBe(false);
  });

  it('without resolve info, everything counts as asked for', () => {
    expect(Selection.of(undefined).has('anything.at.all')).toBe(true);
    expect(Selection.ALL.has('edges.via')).toBe(true);
  });
});
