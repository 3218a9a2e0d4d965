import type { GraphModel } from '../../../graph/model';

export type NodeTypeOf = (labels: string[]) => { type: string } | { problem: string };

/**
 * Names a node's type by its labels: the entity type whose labels it all carries (the one with
 * the most labels, should several fit), or the source type. Other labels beside those are ignored.
 */
export function nodeTypeByLabels(model: GraphModel): NodeTypeOf {
  const types = [...model.entityTypes, { name: model.source.name, labels: [model.source.name] }].sort((a, b) => b.labels.length - a.labels.length);
  const known = new Set(types.flatMap((t) => t.labels));
  const describe = (labels: string[]) => labels.join(', ') || 'none';
  return (labels) => {
    const type = types.find((t) => t.labels.every((l) => labels.includes(l)));
    if (type) return { type: type.name };
    const unknown = labels.filter((l) => !known.has(l));
    return {
      problem: unknown.length
        ? `unknown label(s) ${describe(unknown)}; the model's node labels are ${describe([...known].sort())}`
        : `the labels ${describe(labels)} are not all the labels of any node type (${types.map((t) => `${t.name}: ${t.labels.join('+')}`).join(', ')})`,
    };
  };
}
