/**
 * ForceAtlas2 in a web worker (graphology-layout-forceatlas2's own iteration), so the page never
 * freezes. Runs iterations in slices of about a frame, posts positions every few slices, and stops
 * once the layout has settled: over two windows of iterations in a row, nodes drifted on average
 * less than a small share of the drawing's extent per iteration. (ForceAtlas2 never stops quite
 * still: nodes keep swinging a little; their net drift is what falls.)
 */
import iterate from 'graphology-layout-forceatlas2/iterate.js';
import type { PositionsMessage, StartMessage, ToWorker } from './layout-protocol';

/** Numbers per node in the matrix (see graphology-layout-forceatlas2/iterate.js). */
const PPN = 10;
const SLICE_MS = 24;
/** Iterations over which drift is measured. */
const WINDOW = 20;
/**
 * Settled: mean drift per node and iteration under this share of the layout's extent, half a
 * pixel on a 900-pixel-wide drawing (measured: the 2 000-node benchmark network swings at about
 * 0.045 % once laid out).
 */
const SETTLED_DRIFT = 0.0006;
const CALM_WINDOWS = 2;

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
  // Large networks post less often: each post costs the page a frame.
  const postEvery = Math.min(250, Math.max(SLICE_MS, nodes.length / PPN / 10));
  let iterations = 0;
  let posted = performance.now();
  let windowStart = positionsOf(nodes);
  let windowIterations = 0;
  let calmWindows = 0;
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
      calmWindows = drift < SETTLED_DRIFT ? calmWindows + 1 : 0;
      windowStart = positionsOf(nodes);
      windowIterations = 0;
    }
    const settled = calmWindows >= CALM_WINDOWS ? 'converged' : iterations >= maxIterations ? 'capped' : undefined;
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
