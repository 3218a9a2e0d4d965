/** The page's side of the layout: hands the graph to the worker and writes its positions back. */
import { inferSettings } from 'graphology-layout-forceatlas2';
import defaults from 'graphology-layout-forceatlas2/defaults.js';
import { graphToByteArrays } from 'graphology-layout-forceatlas2/helpers.js';
import type { PositionsMessage, ToWorker } from './layout-protocol';
import type { NetworkGraph } from './network-model';

export type LayoutStatus = 'idle' | 'running' | 'settled' | 'stopped';

export interface LayoutEvents {
  /** Positions were written to the graph. */
  onTick?: () => void;
  onSettled?: (iterations: number, how: 'converged' | 'capped') => void;
}

const MAX_ITERATIONS = 1500;

export class Layout {
  private worker: Worker | null = null;
  private nodeOrder: string[] = [];
  private run = 0;
  status: LayoutStatus = 'idle';

  constructor(
    private readonly workerUrl: string,
    private readonly events: LayoutEvents = {},
  ) {}

  /** Starts the worker ahead of the first layout, so that its script is loaded while the data is on its way. */
  prepare(): void {
    this.worker ??= this.spawn();
  }

  /** (Re)starts ForceAtlas2 on the graph as it is now, from its current positions. */
  start(graph: NetworkGraph): void {
    this.stop();
    if (graph.order === 0) {
      this.status = 'settled';
      this.events.onSettled?.(0, 'converged');
      return;
    }
    this.worker ??= this.spawn();
    const run = ++this.run;
    this.nodeOrder = graph.nodes();
    const { nodes, edges } = graphToByteArrays(graph, (_edge, attributes) => (attributes.overlay ? 1 : Math.max(1, Number(attributes.weight) || 1)));
    // Dragged nodes stay where they were put (the matrix's "fixed" flag).
    this.nodeOrder.forEach((node, i) => {
      if (graph.getNodeAttribute(node, 'fixed')) nodes[i * 10 + 9] = 1;
    });
    const settings = {
      ...defaults,
      ...inferSettings(graph.order),
      // LinLog separates groups of collaborators more clearly than the default (compared by eye on
      // the seed graph and the 2 000-node benchmark network), with a firmer pull to the centre.
      linLogMode: true,
      gravity: 0.5,
      scalingRatio: 30,
      // Barnes–Hut's approximation pays off well before the 2000 nodes inferSettings waits for;
      // a coarser one halves an iteration's time on large networks (measured at 2 000 nodes).
      barnesHutOptimize: graph.order > 250,
      barnesHutTheta: graph.order > 1000 ? 1 : 0.5,
      adjustSizes: false,
    };
    this.status = 'running';
    this.post({ type: 'start', run, nodes, edges, settings, maxIterations: MAX_ITERATIONS }, [nodes.buffer, edges.buffer]);
    // Positions are written once per frame, the latest only: a busy page skips, never queues.
    let latest: PositionsMessage | null = null;
    let frame = 0;
    const apply = () => {
      frame = 0;
      const message = latest;
      latest = null;
      if (!message || message.run !== this.run || graph.order !== this.nodeOrder.length) return;
      const { positions } = message;
      let i = 0;
      graph.updateEachNodeAttributes(
        (node, attributes) => {
          const j = this.nodeOrder[i] === node ? i : this.nodeOrder.indexOf(node);
          i++;
          if (j < 0 || attributes.fixed) return attributes;
          attributes.x = positions[2 * j]!;
          attributes.y = positions[2 * j + 1]!;
          return attributes;
        },
        { attributes: ['x', 'y'] },
      );
      this.events.onTick?.();
      if (message.settled) {
        this.status = 'settled';
        this.events.onSettled?.(message.iterations, message.settled);
      }
    };
    this.onPositions = (message) => {
      // A message of an earlier run is dropped.
      if (message.run !== run) return;
      latest = message;
      frame ||= requestAnimationFrame(apply);
    };
  }

  stop(): void {
    if (this.status === 'running') {
      this.post({ type: 'stop' });
      this.status = 'stopped';
    }
    this.onPositions = null;
  }

  dispose(): void {
    this.stop();
    this.worker?.terminate();
    this.worker = null;
  }

  private onPositions: ((message: PositionsMessage) => void) | null = null;

  private spawn(): Worker {
    const worker = new Worker(this.workerUrl);
    worker.onmessage = (event: MessageEvent<PositionsMessage>) => this.onPositions?.(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      console.warn(`layout worker failed: ${event.message}`);
      this.status = 'stopped';
    };
    return worker;
  }

  private post(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker?.postMessage(message, transfer);
  }
}
