/**
 * "How is this connected to …?": the shortest paths between two entities (the `connections`
 * query), listed step by step with their sources, and drawn over the network. Path entities the
 * network does not hold (projects, ecosystems, funders) are added as overlay nodes.
 */
import type { GraphqlClient } from './api';
import { h } from './dom';
import { EDGE_COLORS, type NetworkGraph, typeColor, typeLabel } from './network-model';
import { CONNECTIONS, type ConnectionsAnswer, type EntityRef, type PathStep } from './queries';

export type Path = ConnectionsAnswer['connections'][number];

export async function loadConnections(client: GraphqlClient, from: string, to: string, signal: AbortSignal): Promise<Path[]> {
  const answer = await client.request<ConnectionsAnswer>(CONNECTIONS, { from, to }, signal);
  return answer.connections;
}

/** Relationship names as words: PARTICIPATES_IN reads 'participates in'. */
const relationshipText = (relationship: string) => relationship.toLowerCase().replace(/_/g, ' ');

/** Adds the paths to the graph (overlay nodes and edges) and returns what to highlight. */
export function drawPaths(graph: NetworkGraph, paths: Path[]): { nodes: Set<string>; edges: Set<string> } {
  removePaths(graph);
  const nodes = new Set<string>();
  const edges = new Set<string>();
  const place = (entity: EntityRef, near: { x: number; y: number } | null) => {
    if (!graph.hasNode(entity.key)) {
      const jitter = () => (Math.random() - 0.5) * 6;
      graph.addNode(entity.key, {
        label: entity.name,
        entityType: entity.type,
        x: (near?.x ?? 0) + jitter(),
        y: (near?.y ?? 0) + jitter(),
        size: 6,
        color: typeColor(entity.type),
        overlay: true,
      });
    }
    nodes.add(entity.key);
    return graph.getNodeAttributes(entity.key);
  };
  paths.forEach((path, p) => {
    let previous: { x: number; y: number } | null = null;
    path.steps.forEach((step, s) => {
      const from = place(step.from, previous);
      const to = place(step.to, from);
      previous = to;
      const id = `path:${p}:${s}`;
      if (!graph.hasEdge(id))
        graph.addEdgeWithKey(id, step.from.key, step.to.key, {
          kind: 'PATH',
          weight: 1,
          size: 3,
          color: EDGE_COLORS.PATH,
          overlay: true,
          relationship: step.relationship,
        });
      edges.add(id);
    });
  });
  placeOverlay(graph, paths);
  return { nodes, edges };
}

/**
 * Where the entities the paths brought go: between their neighbours on a path when two of those
 * are drawn, else a step further out from the drawing's centre than the entity before them, so a
 * chain (a project, then its funder) reads outwards and never hides under a node.
 */
function placeOverlay(graph: NetworkGraph, paths: Path[]): void {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  let cx = 0;
  let cy = 0;
  let count = 0;
  graph.forEachNode((_node, a) => {
    if (a.overlay) return;
    minX = Math.min(minX, a.x);
    maxX = Math.max(maxX, a.x);
    minY = Math.min(minY, a.y);
    maxY = Math.max(maxY, a.y);
    cx += a.x;
    cy += a.y;
    count++;
  });
  if (count === 0) return;
  cx /= count;
  cy /= count;
  const step = 0.15 * Math.max(maxX - minX, maxY - minY, 1);
  const placed = new Set<string>();
  graph.forEachNode((node, a) => {
    if (!a.overlay) placed.add(node);
  });
  const position = (node: string) => graph.getNodeAttributes(node);
  for (const path of paths) {
    const chain = [path.steps[0]!.from.key, ...path.steps.map((s) => s.to.key)];
    chain.forEach((node, i) => {
      if (placed.has(node)) return;
      const before = chain
        .slice(0, i)
        .reverse()
        .find((n) => placed.has(n));
      const after = chain.slice(i + 1).find((n) => placed.has(n) && !graph.getNodeAttribute(n, 'overlay'));
      if (before && after) {
        const a = position(before);
        const b = position(after);
        graph.mergeNodeAttributes(node, { x: (a.x + b.x) / 2 + 0.04 * step * (i % 2 ? 1 : -1), y: (a.y + b.y) / 2 });
      } else {
        const from = before ? position(before) : { x: cx, y: cy };
        let dx = from.x - cx;
        let dy = from.y - cy;
        const length = Math.hypot(dx, dy);
        if (length < 1e-9) [dx, dy] = [1, 0];
        else [dx, dy] = [dx / length, dy / length];
        graph.mergeNodeAttributes(node, { x: from.x + dx * step, y: from.y + dy * step });
      }
      placed.add(node);
    });
  }
}

/** Takes the overlay back out: path edges, and the entities only the paths brought. */
export function removePaths(graph: NetworkGraph): void {
  graph.forEachEdge((edge, attributes) => {
    if (attributes.overlay) graph.dropEdge(edge);
  });
  graph.forEachNode((node, attributes) => {
    if (attributes.overlay) graph.dropNode(node);
  });
}

/** The paths as a list, each step with its relationship and sources. */
export function pathList(
  paths: Path[],
  from: EntityRef,
  to: EntityRef,
  select: (entity: EntityRef) => void,
  sourceLinks: (step: PathStep) => HTMLElement | null,
): HTMLElement {
  if (paths.length === 0)
    return h(
      'p',
      { class: 'muted', role: 'status' },
      `No path of up to 6 steps joins ${from.name} and ${to.name}: they are not connected in the graph, or only through longer chains.`,
    );
  const entity = (e: EntityRef) =>
    h(
      'button',
      { type: 'button', class: 'entity-link', title: `${typeLabel(e.type)}: show its profile`, onclick: () => select(e) },
      h('span', { class: 'type-dot', style: `background:${typeColor(e.type)}`, 'aria-hidden': 'true' }),
      e.name,
    );
  return h(
    'ol',
    { class: 'path-list', role: 'list' },
    ...paths.map((path, i) =>
      h(
        'li',
        { class: 'path' },
        h('div', { class: 'path-title' }, `Path ${i + 1}`, h('span', { class: 'muted' }, ` · ${path.length} step${path.length === 1 ? '' : 's'}`)),
        h(
          'ol',
          { class: 'steps' },
          ...path.steps.map((step) =>
            h(
              'li',
              { class: 'step' },
              entity(step.from),
              h(
                'span',
                { class: 'relationship' },
                step.direction === 'FORWARD' ? ` ${relationshipText(step.relationship)} → ` : ` ← ${relationshipText(step.relationship)} `,
              ),
              entity(step.to),
              sourceLinks(step),
            ),
          ),
        ),
      ),
    ),
  );
}
