/** Messages between the page and the layout worker (layout.ts ↔ layout-worker.ts). */
import type { ForceAtlas2Settings } from 'graphology-layout-forceatlas2';

export interface StartMessage {
  type: 'start';
  /** Echoed in its positions, so the page can drop those of a run it replaced. */
  run: number;
  /** graphology-layout-forceatlas2's matrices: 10 numbers per node, 3 per edge. */
  nodes: Float32Array;
  edges: Float32Array;
  settings: Required<ForceAtlas2Settings>;
  maxIterations: number;
}

export interface StopMessage {
  type: 'stop';
}

export interface PositionsMessage {
  type: 'positions';
  run: number;
  /** x, y of every node, in the graph's node order. */
  positions: Float32Array;
  iterations: number;
  /** Set on the last message: the layout converged, or reached its iteration cap. */
  settled?: 'converged' | 'capped';
}

export type ToWorker = StartMessage | StopMessage;
