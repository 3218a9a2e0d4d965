/**
 * ForceAtlas2 in a web worker (graphology-layout-forceatlas2's own iteration), so the page never
 * freezes. Runs iterations in slices of about a frame, posts positions every few slices, and stops
 * once the layout has settled. ForceAtlas2 never stops quite still (nodes keep swinging), so what
 * is measured is the nodes' net drift over windows of iterations: settled when it is tiny, or when
 * it is small and has stopped falling.
 */
import iterate from 'graphology-layout-forceatlas2/iterate.js';
import type { PositionsMessage, StartMessage, ToWorker } from './layout-protocol';

/** Numbers per node in the matrix (see graphology-layout-forceatlas2/iterate.js). */
const PPN = 10;
const SLICE_MS = 24;
/** Iterations over which drift is measured. */
const WINDOW = 10;
/**
 * Fewer never settle. Small networks take 100 in milliseconds and lay out cleaner for them; large
 * ones are left to the drift measures below (each iteration of 2 000 nodes costs milliseconds).
 */
const minIterations = (nodes: number) => (nodes <= 500 ? 100 : 30);
/** Still: mean drift per node and iteration under this share of the layout's extent (half a pixel on a 900-pixel drawing), two windows in a row. */
const STILL_DRIFT = 0.0006;
const STILL_WINDOWS = 2;
/**
 * Done improving: drift under this share (about two pixels) and not 20 % below the lowest seen
 * for three windows in a row. Measured on the 2 000-node benchmark network: drift falls from
 * 1.4 % to about 0.09 % in 40 iterations, then falls by less than half in the next hundred.
 */
const PLATEAU_DRIFT = 0.002;
const PLATEAU_WINDOWS = 3;

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: PositionsMessage, transfer: Transferable[]): void;
};

/** The run in progress; a stop or a new start ends the one before. */
let current = 0;

function positionsOf(nodes: Float32Array): Float32Array {
  const positions = new Float32Array((nodes.length / PPN) * 2);
  for (let i = 0, j = 0; i < nodes.length; i += PPN, j += 2) {
    positions[j] = nodes[i]!;
    positions[j + 1] = nodes[i + 1]!;
  }
  return positions;
}

/** Mean distance moved per node since `before`, as a share of the larger side of the bounding box. */
function relativeMovement(nodes: Float32Array, before: Float32Array): number {
  let moved = 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0, j = 0; i < nodes.length; i += PPN, j += 2) {
    const x = nodes[i]!;
    const y = nodes[i + 1]!;
    moved += Math.hypot(x - before[j]!, y - before[j + 1]!);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const count = nodes.length / PPN;
  const extent = Math.max(maxX - minX, maxY - minY, 1e-6);
  return moved / count / extent;
}

function start(message: StartMessage): void {
  const { run, nodes, edges, settings, maxIterations } = message;
  current = run;
  // Large networks post less often: each post costs the page a frame, and sigma re-indexes every
  // edge for it (2 000 nodes: twice a second; small ones every frame, for a smooth animation).
  const postEvery = Math.min(500, Math.max(SLICE_MS, nodes.length / PPN / 4));
  let iterations = 0;
  let posted = performance.now();
  let windowStart = positionsOf(nodes);
  let windowIterations = 0;
  let stillWindows = 0;
  let flatWindows = 0;
  let lowest = Infinity;
  const slice = () => {
    if (current !== run) return;
    const deadline = performance.now() + SLICE_MS;
    do {
      iterate(settings, nodes, edges);
      iterations++;
      windowIterations++;
    } while (performance.now() < deadline && iterations < maxIterations && windowIterations < WINDOW);
    if (windowIterations >= WINDOW) {
      const drift = relativeMovement(nodes, windowStart) / windowIterations;
      stillWindows = drift < STILL_DRIFT ? stillWindows + 1 : 0;
      flatWindows = drift < PLATEAU_DRIFT && drift > 0.8 * lowest ? flatWindows + 1 : 0;
      lowest = Math.min(lowest, drift);
      windowStart = positionsOf(nodes);
      windowIterations = 0;
    }
    const calm = iterations >= minIterations(nodes.length / PPN) && (stillWindows >= STILL_WINDOWS || flatWindows >= PLATEAU_WINDOWS);
    const settled = calm ? 'converged' : iterations >= maxIterations ? 'capped' : undefined;
    if (settled || performance.now() - posted >= postEvery) {
      const positions = positionsOf(nodes);
      scope.postMessage({ type: 'positions', run, positions, iterations, ...(settled ? { settled } : {}) }, [positions.buffer]);
      posted = performance.now();
    }
    if (!settled) setTimeout(slice, 0);
  };
  slice();
}

scope.onmessage = (event) => {
  if (event.data.type === 'start') start(event.data);
  else current = 0;
};
