/** The current view as a file: PNG (the drawing), JSON ({ nodes, edges }, the API's shape) and GEXF for Gephi. */
import { toBlob } from '@sigma/export-image';
import { write as writeGexf } from 'graphology-gexf/browser';
import type Sigma from 'sigma';
import { download } from './dom';
import { createGraph, type EdgeAttributes, type NetworkGraph, type NodeAttributes, toApiShape } from './network-model';

export type ExportFormat = 'png' | 'json' | 'gexf';

/** The file name of a view: `ecograph-org-umea-university-2-hops.gexf`. */
export function fileName(around: string | null, hops: number, format: ExportFormat): string {
  const subject = around ? around.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') : 'network';
  return `ecograph-${subject}-${hops}-hop${hops === 1 ? '' : 's'}.${format}`;
}

export function jsonBlob(graph: NetworkGraph, minWeight: number): Blob {
  return new Blob([JSON.stringify(toApiShape(graph, minWeight), null, 2)], { type: 'application/json' });
}

/** The network as shown, with each node's type, colour, size and position, for Gephi. */
export function gexfBlob(graph: NetworkGraph, minWeight: number): Blob {
  const { nodes, edges } = toApiShape(graph, minWeight);
  const shown = createGraph();
  const degrees = new Map(nodes.map((node) => [node.id, node.degree ?? 0]));
  for (const node of nodes) shown.addNode(node.id, graph.getNodeAttributes(node.id));
  for (const edge of edges) shown.addEdgeWithKey(edge.id, edge.source, edge.target, graph.getEdgeAttributes(edge.id));
  const text = writeGexf<NodeAttributes, EdgeAttributes>(shown, {
    version: '1.3',
    formatNode: (key, a) => ({
      label: a.label,
      attributes: { type: a.entityType, degree: degrees.get(key) ?? 0, key },
      viz: { color: a.color, size: a.size, x: a.x, y: a.y },
    }),
    formatEdge: (_key, a) => ({
      weight: a.weight,
      attributes: { kind: a.kind, via: (a.via ?? []).map((v) => v.name).join('; ') },
      viz: { color: a.color, thickness: a.size },
    }),
  });
  return new Blob([text], { type: 'application/gexf+xml' });
}

export async function pngBlob(renderer: Sigma<NodeAttributes, EdgeAttributes>): Promise<Blob> {
  // @sigma/export-image is typed for sigma's default attributes; ours only add to them.
  return toBlob(renderer as unknown as Sigma, { format: 'png', backgroundColor: '#ffffff' });
}

export async function exportView(
  format: ExportFormat,
  graph: NetworkGraph,
  renderer: Sigma<NodeAttributes, EdgeAttributes>,
  minWeight: number,
  name: string,
): Promise<void> {
  const blob = format === 'png' ? await pngBlob(renderer) : format === 'json' ? jsonBlob(graph, minWeight) : gexfBlob(graph, minWeight);
  download(blob, name);
}
