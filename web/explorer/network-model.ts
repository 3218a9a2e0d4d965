/** The drawn network as a graphology graph: API nodes and edges with colours, sizes and positions. */
import Graph from 'graphology';
import type { ApiEdge, ApiNetwork, ApiNode, EntityRef, Money, SourceRef } from './queries';

export interface NodeAttributes {
  label: string;
  /** Organization, Person, Region, … (sigma keeps `type` for its drawing programs). */
  entityType: string;
  x: number;
  y: number;
  size: number;
  color: string;
  /** Not part of the network: an entity on a "how is this connected" path, drawn for the path. */
  overlay?: boolean;
  /** Set while a person drags the node. */
  fixed?: boolean;
}

export interface EdgeAttributes {
  kind: ApiEdge['kind'] | 'PATH';
  weight: number;
  size: number;
  color: string;
  overlay?: boolean;
  /** A path step's relationship (COORDINATES, FUNDED_BY, …). */
  relationship?: string;
  via?: EntityRef[];
  sharedFunding?: Money[];
  sources?: SourceRef[];
  /** Drawing order (sigma's); set by the view's highlighting, not stored. */
  zIndex?: number;
}

export type NetworkGraph = Graph<NodeAttributes, EdgeAttributes>;

/** Colours by type (Okabe–Ito, distinguishable with the common colour-vision deficiencies). */
export const TYPE_COLORS: Record<string, string> = {
  Organization: '#0072B2',
  Region: '#009E73',
  Person: '#E69F00',
  Project: '#CC79A7',
  Ecosystem: '#D55E00',
  FocusArea: '#56B4E9',
  Country: '#6B7280',
  Event: '#8C6D1F',
  Outcome: '#7E57C2',
};
const OTHER_COLOR = '#6B7280';
export const typeColor = (type: string) => TYPE_COLORS[type] ?? OTHER_COLOR;

/** How a type is named to people. */
export const TYPE_LABELS: Record<string, string> = {
  Organization: 'Organisation',
  Region: 'Region',
  Person: 'Person',
  Project: 'Project',
  Ecosystem: 'Ecosystem',
  FocusArea: 'Focus area',
  Country: 'Country',
  Event: 'Event',
  Outcome: 'Outcome',
};
export const typeLabel = (type: string) => TYPE_LABELS[type] ?? type;

export const EDGE_COLORS = { COLLABORATION: '#9AA5B4', AFFILIATION: '#E3B866', PATH: '#C2410C' } as const;

export function createGraph(): NetworkGraph {
  return new Graph<NodeAttributes, EdgeAttributes>({ type: 'undirected', multi: true, allowSelfLoops: false });
}

/** A small deterministic random source per key: the same network starts (and so settles) the same way. */
function seededRandom(seed: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return () => {
    h = (h + 0x6d2b79f5) | 0;
    let t = Math.imul(h ^ (h >>> 15), 1 | h);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pointInDisc(random: () => number, cx: number, cy: number, radius: number): { x: number; y: number } {
  const r = radius * Math.sqrt(random());
  const angle = 2 * Math.PI * random();
  return { x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle) };
}

export interface MergeResult {
  addedNodes: string[];
  addedEdges: number;
}

/**
 * Adds an API answer to the graph: nodes not yet drawn start near `anchor` (an expanded node) or,
 * for a new network, at random in a disc that grows with the network; nodes already drawn keep
 * their place. Edges whose ends are not both in the graph are left out.
 */
export function mergeNetwork(graph: NetworkGraph, network: Pick<ApiNetwork, 'nodes' | 'edges'>, anchor?: string): MergeResult {
  const addedNodes: string[] = [];
  const center = anchor && graph.hasNode(anchor) ? graph.getNodeAttributes(anchor) : undefined;
  const radius = center ? 20 + 2 * Math.sqrt(network.nodes.length) : 10 * Math.sqrt(graph.order + network.nodes.length);
  for (const node of network.nodes) {
    if (graph.hasNode(node.id)) {
      if (graph.getNodeAttribute(node.id, 'overlay')) graph.mergeNodeAttributes(node.id, { overlay: false });
      continue;
    }
    const { x, y } = pointInDisc(seededRandom(node.id), center?.x ?? 0, center?.y ?? 0, radius);
    graph.addNode(node.id, attributesOf(node, x, y));
    addedNodes.push(node.id);
  }
  let addedEdges = 0;
  for (const edge of network.edges) addedEdges += addEdge(graph, edge) ? 1 : 0;
  return { addedNodes, addedEdges };
}

function attributesOf(node: ApiNode, x: number, y: number): NodeAttributes {
  return { label: node.label, entityType: node.type, x, y, size: 4, color: typeColor(node.type) };
}

export function addEdge(graph: NetworkGraph, edge: ApiEdge): boolean {
  if (graph.hasEdge(edge.id) || !graph.hasNode(edge.source) || !graph.hasNode(edge.target)) return false;
  graph.addEdgeWithKey(edge.id, edge.source, edge.target, {
    kind: edge.kind,
    weight: edge.weight,
    size: 1,
    color: EDGE_COLORS[edge.kind] ?? EDGE_COLORS.COLLABORATION,
    ...(edge.via ? { via: edge.via } : {}),
    ...(edge.sharedFunding ? { sharedFunding: edge.sharedFunding } : {}),
    ...(edge.sources ? { sources: edge.sources } : {}),
  });
  return true;
}

/** Network edges (not path overlays) at least `minWeight` heavy. */
export const isShownEdge = (attributes: EdgeAttributes, minWeight: number) => !attributes.overlay && attributes.weight >= minWeight;

/** Degree of a node counting the network edges shown. */
export function shownDegree(graph: NetworkGraph, node: string, minWeight: number): number {
  let degree = 0;
  graph.forEachEdge(node, (_edge, attributes) => {
    if (isShownEdge(attributes, minWeight)) degree++;
  });
  return degree;
}

/**
 * Sizes from the graph as drawn: a node by its degree (area grows with it), an edge by its weight
 * on a log scale, so one heavy pair does not flatten all others.
 */
export function restyle(graph: NetworkGraph, minWeight: number): void {
  let maxDegree = 1;
  const degrees = new Map<string, number>();
  graph.forEachNode((node) => {
    const degree = shownDegree(graph, node, minWeight);
    degrees.set(node, degree);
    maxDegree = Math.max(maxDegree, degree);
  });
  // Fewer, larger nodes in small networks; many small ones in large networks.
  const maxSize = graph.order > 500 ? 14 : 22;
  const minSize = graph.order > 500 ? 2.5 : 5;
  graph.updateEachNodeAttributes((node, attributes) => ({
    ...attributes,
    size: attributes.overlay ? minSize + 2 : minSize + (maxSize - minSize) * Math.sqrt((degrees.get(node) ?? 0) / maxDegree),
  }));
  let maxWeight = 2;
  graph.forEachEdge((_edge, attributes) => {
    if (!attributes.overlay) maxWeight = Math.max(maxWeight, attributes.weight);
  });
  graph.updateEachEdgeAttributes(
    (_edge, attributes) => ({
      ...attributes,
      size: attributes.overlay ? 3 : 0.8 + 4.2 * (Math.log(attributes.weight) / Math.log(maxWeight)),
    }),
    // Naming zIndex makes sigma (3.0.3) index the edges again: without hints it repaints them as
    // indexed before, and fails on edges added since ("edge … can't be repaint").
    { attributes: ['size', 'zIndex'] },
  );
}

/** The network as the API shapes it ({ nodes, edges }), as shown: path overlays and edges under `minWeight` left out. */
export function toApiShape(graph: NetworkGraph, minWeight: number): { nodes: ApiNode[]; edges: ApiEdge[] } {
  const nodes: ApiNode[] = [];
  graph.forEachNode((id, a) => {
    if (!a.overlay) nodes.push({ id, label: a.label, type: a.entityType, degree: shownDegree(graph, id, minWeight) });
  });
  const edges: ApiEdge[] = [];
  graph.forEachEdge((id, a, source, target) => {
    if (!isShownEdge(a, minWeight)) return;
    edges.push({
      id,
      source,
      target,
      kind: a.kind as ApiEdge['kind'],
      weight: a.weight,
      ...(a.via ? { via: a.via } : {}),
      ...(a.sharedFunding ? { sharedFunding: a.sharedFunding } : {}),
      ...(a.sources ? { sources: a.sources } : {}),
    });
  });
  return { nodes, edges };
}
