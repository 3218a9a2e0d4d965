// Types for the parts of graphology-layout-forceatlas2 that its own declarations leave out: the
// helpers and the single iteration, which the explorer runs in its own web worker.

declare module 'graphology-layout-forceatlas2/helpers.js' {
  import type { AbstractGraph, Attributes } from 'graphology-types';
  export function graphToByteArrays(
    graph: AbstractGraph,
    getEdgeWeight: (edge: string, attributes: Attributes, source: string, target: string) => number,
  ): { nodes: Float32Array; edges: Float32Array };
}

declare module 'graphology-layout-forceatlas2/iterate.js' {
  import type { ForceAtlas2Settings } from 'graphology-layout-forceatlas2';
  export default function iterate(settings: Required<ForceAtlas2Settings>, nodes: Float32Array, edges: Float32Array): void;
}

declare module 'graphology-layout-forceatlas2/defaults.js' {
  import type { ForceAtlas2Settings } from 'graphology-layout-forceatlas2';
  const defaults: Required<ForceAtlas2Settings>;
  export default defaults;
}
