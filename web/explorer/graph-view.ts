/** The canvas: sigma.js drawing the network graph, with hover, selection and path highlighting. */
import Sigma from 'sigma';
import { EdgeRectangleProgram, type EdgeProgramType } from 'sigma/rendering';
import type { NodeDisplayData, EdgeDisplayData, PartialButFor, RenderParams } from 'sigma/types';
import type { Settings } from 'sigma/settings';
import { EDGE_COLORS, type EdgeAttributes, type NetworkGraph, type NodeAttributes, createGraph, shownDegree } from './network-model';

export interface GraphViewEvents {
  onSelect(node: string | null): void;
  onExpand(node: string): void;
  onEdge(edge: string): void;
  /** A person started dragging a node: the layout should let go of it. */
  onDragStart(): void;
}

const DIMMED_NODE = '#D5DAE1';
const DIMMED_EDGE = '#ECEFF3';
const FOCUS_EDGE = '#4B5A6E';
const LABEL_COLOR = '#1F2937';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const MAX_LABEL = 42;

/**
 * Sigma's edge program, skipping the passes a frame does not need. Sigma submits hidden edges too
 * (as zeros), and draws every edge twice a frame, once more for hover picking even when edge events
 * are off; without a GPU (as in headless Chromium) each pass of 10 000 edges costs hundreds of
 * milliseconds, resting or not.
 */
function edgeProgram(resting: () => boolean): EdgeProgramType<NodeAttributes, EdgeAttributes> {
  return class extends EdgeRectangleProgram<NodeAttributes, EdgeAttributes> {
    override render(params: RenderParams): void {
      if (resting()) return;
      const pick = this.pickProgram;
      if (!this.renderer.getSetting('enableEdgeEvents')) this.pickProgram = null;
      try {
        super.render(params);
      } finally {
        this.pickProgram = pick;
      }
    }
  };
}

const shortLabel = (label: string) => (label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label);

type LabelData = PartialButFor<NodeDisplayData, 'x' | 'y' | 'size' | 'label' | 'color'>;

/** A label with a white halo, so it stays readable over edges. */
function drawLabel(context: CanvasRenderingContext2D, data: LabelData, settings: Settings<NodeAttributes, EdgeAttributes>): void {
  if (!data.label) return;
  const size = settings.labelSize;
  context.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
  const text = shortLabel(data.label);
  const x = data.x + data.size + 4;
  const y = data.y + size / 3;
  context.lineJoin = 'round';
  context.lineWidth = 4;
  context.strokeStyle = 'rgba(255, 255, 255, 0.94)';
  context.strokeText(text, x, y);
  context.fillStyle = LABEL_COLOR;
  context.fillText(text, x, y);
}

/** The hovered node: its label in a white box with a soft shadow, the node ringed. */
function drawHover(context: CanvasRenderingContext2D, data: LabelData, settings: Settings<NodeAttributes, EdgeAttributes>): void {
  const size = settings.labelSize;
  context.font = `600 ${size}px ${settings.labelFont}`;
  const text = shortLabel(data.label ?? '');
  const width = context.measureText(text).width;
  const x = data.x + data.size + 4;
  context.save();
  context.fillStyle = '#FFFFFF';
  context.shadowColor = 'rgba(15, 23, 42, 0.28)';
  context.shadowBlur = 10;
  context.beginPath();
  context.arc(data.x, data.y, data.size + 3, 0, Math.PI * 2);
  context.fill();
  if (text) {
    context.beginPath();
    context.roundRect(x - 4, data.y - size / 2 - 5, width + 10, size + 10, 5);
    context.fill();
  }
  context.restore();
  context.beginPath();
  context.arc(data.x, data.y, data.size + 1.5, 0, Math.PI * 2);
  context.strokeStyle = LABEL_COLOR;
  context.lineWidth = 1.5;
  context.stroke();
  context.fillStyle = data.color;
  context.beginPath();
  context.arc(data.x, data.y, data.size, 0, Math.PI * 2);
  context.fill();
  if (text) {
    context.fillStyle = LABEL_COLOR;
    context.fillText(text, x + 1, data.y + size / 3);
  }
}

export class GraphView {
  readonly renderer: Sigma<NodeAttributes, EdgeAttributes>;
  private graph: NetworkGraph = createGraph();
  private hovered: string | null = null;
  private selected: string | null = null;
  private around: string | null = null;
  private minWeight = 1;
  private pathNodes = new Set<string>();
  private pathEdges = new Set<string>();
  /** Nodes left without a shown edge by the minimum weight. */
  private stranded = new Set<string>();
  private focusNeighbours = new Set<string>();
  private dragged: string | null = null;
  /** Nodes or edges were added since sigma last indexed the graph. */
  private structureChanged = false;
  /** Edges left out of the frames drawn while the layout moves a large network. */
  private edgesResting = false;

  constructor(
    private readonly container: HTMLElement,
    private readonly events: GraphViewEvents,
  ) {
    this.renderer = new Sigma<NodeAttributes, EdgeAttributes>(this.graph, container, {
      allowInvalidContainer: true,
      zIndex: true,
      labelFont: FONT,
      labelSize: 12.5,
      labelWeight: '500',
      labelColor: { color: LABEL_COLOR },
      labelDensity: 0.9,
      labelGridCellSize: 90,
      labelRenderedSizeThreshold: 9,
      defaultDrawNodeLabel: drawLabel,
      defaultDrawNodeHover: drawHover,
      minCameraRatio: 0.03,
      maxCameraRatio: 8,
      stagePadding: 64,
      enableEdgeEvents: true,
      edgeProgramClasses: { line: edgeProgram(() => this.edgesResting) },
      nodeReducer: (node, data) => this.nodeDisplay(node, data),
      edgeReducer: (edge, data) => this.edgeDisplay(edge, data),
    });
    this.listen();
    this.renderer.on('afterProcess', () => (this.structureChanged = false));
    new ResizeObserver(() => this.renderer.resize()).observe(container);
    this.warmUp();
  }

  /**
   * Draws one invisible edge before any data: the renderer's first frame (its shaders compiled,
   * which takes a software renderer hundreds of milliseconds) then happens while the page waits for
   * the network, not after it has arrived.
   */
  private warmUp(): void {
    const warm = createGraph();
    const node = { label: '', entityType: '', size: 1, color: 'transparent' };
    warm.addNode('warm:a', { ...node, x: 0, y: 0 });
    warm.addNode('warm:b', { ...node, x: 1, y: 1 });
    warm.addEdge('warm:a', 'warm:b', { kind: 'COLLABORATION', weight: 1, size: 1, color: 'transparent' });
    this.renderer.setGraph(warm);
    this.renderer.refresh();
    this.renderer.setGraph(this.graph);
  }

  /** `edgesResting`: the first frame already leaves the edges out (a layout is about to move them). */
  setGraph(graph: NetworkGraph, around: string | null, edgesResting = false): void {
    this.graph = graph;
    this.edgesResting = edgesResting;
    graph.on('nodeAdded', () => (this.structureChanged = true));
    graph.on('edgeAdded', () => (this.structureChanged = true));
    this.around = around;
    this.hovered = null;
    this.renderer.setCustomBBox(null);
    // Edge hover tests get slow on very large drawings; clicks on nodes keep working.
    this.renderer.setSetting('enableEdgeEvents', graph.size <= 5000);
    this.renderer.setGraph(graph);
    this.updateStranded();
    this.updateFocus();
    this.renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
  }

  setSelected(node: string | null): void {
    this.selected = node && this.graph.hasNode(node) ? node : null;
    this.updateFocus();
    this.redraw();
  }

  setMinWeight(minWeight: number): void {
    this.minWeight = minWeight;
    this.updateStranded();
    this.updateFocus();
    this.renderer.refresh();
  }

  setPath(nodes: Set<string>, edges: Set<string>): void {
    this.pathNodes = nodes;
    this.pathEdges = edges;
    this.redraw();
  }

  /**
   * While the layout moves thousands of edges, frames draw the nodes only: without a GPU (as in
   * headless Chromium) each frame of 10 000 edges costs the main thread about a second.
   */
  setEdgesResting(resting: boolean): void {
    if (resting === this.edgesResting) return;
    this.edgesResting = resting;
    this.renderer.refresh({ skipIndexation: false });
  }

  /** Centres the camera on the whole drawing. */
  fit(): void {
    this.renderer.setCustomBBox(null);
    void this.renderer.getCamera().animatedReset({ duration: 300 });
  }

  zoom(by: number): void {
    const camera = this.renderer.getCamera();
    void (by > 1 ? camera.animatedUnzoom({ duration: 200, factor: by }) : camera.animatedZoom({ duration: 200, factor: 1 / by }));
  }

  /** Moves the camera to a node, e.g. one picked in the table. */
  focusNode(node: string): void {
    if (!this.graph.hasNode(node)) return;
    const display = this.renderer.getNodeDisplayData(node);
    if (display)
      void this.renderer.getCamera().animate({ x: display.x, y: display.y, ratio: Math.min(this.renderer.getCamera().ratio, 0.6) }, { duration: 400 });
  }

  /**
   * Redraws after a change of highlight: only the reducers run again, unless nodes or edges were
   * added since sigma last indexed the graph (it cannot repaint an item it has not indexed).
   */
  private redraw(): void {
    if (this.structureChanged) this.renderer.refresh();
    else this.renderer.refresh({ skipIndexation: true });
  }

  /** Where a node is drawn, in pixels from the drawing's top left corner. */
  viewportPosition(node: string): { x: number; y: number } | null {
    const display = this.graph.hasNode(node) ? this.renderer.getNodeDisplayData(node) : undefined;
    return display ? this.renderer.framedGraphToViewport(display) : null;
  }

  /** Resolves once sigma has drawn the graph as it is now (it draws on the next animation frame). */
  nextRender(): Promise<void> {
    return new Promise((resolve) => {
      this.renderer.once('afterRender', () => resolve());
      this.renderer.scheduleRender();
    });
  }

  private updateStranded(): void {
    this.stranded.clear();
    if (this.minWeight <= 1) return;
    this.graph.forEachNode((node, attributes) => {
      if (!attributes.overlay && this.graph.degree(node) > 0 && shownDegree(this.graph, node, this.minWeight) === 0) this.stranded.add(node);
    });
  }

  private updateFocus(): void {
    this.focusNeighbours.clear();
    const focus = this.focus();
    if (!focus) return;
    this.graph.forEachEdge(focus, (_edge, attributes, source, target) => {
      if (attributes.overlay || attributes.weight >= this.minWeight) this.focusNeighbours.add(source === focus ? target : source);
    });
  }

  private focus(): string | null {
    const focus = this.hovered ?? this.selected;
    return focus && this.graph.hasNode(focus) ? focus : null;
  }

  private nodeDisplay(node: string, data: NodeAttributes): Partial<NodeDisplayData> {
    const display: Partial<NodeDisplayData> = { ...data };
    if (this.stranded.has(node) && node !== this.selected && !this.pathNodes.has(node)) return { ...display, hidden: true };
    const focus = this.focus();
    const onPath = this.pathNodes.has(node);
    if (focus) {
      if (node === focus) Object.assign(display, { highlighted: true, forceLabel: true, zIndex: 3 });
      else if (this.focusNeighbours.has(node) || onPath) Object.assign(display, { forceLabel: true, zIndex: 2 });
      else Object.assign(display, { color: DIMMED_NODE, label: null, zIndex: 0 });
    } else if (this.pathNodes.size > 0) {
      if (onPath) Object.assign(display, { forceLabel: true, zIndex: 2 });
      else Object.assign(display, { color: DIMMED_NODE, zIndex: 0 });
    }
    if (node === this.around) Object.assign(display, { forceLabel: true, zIndex: Math.max(display.zIndex ?? 0, 1) });
    return display;
  }

  private edgeDisplay(edge: string, data: EdgeAttributes): Partial<EdgeDisplayData> {
    const display: Partial<EdgeDisplayData> = { ...data };
    if (data.overlay) return this.pathEdges.has(edge) ? { ...display, color: EDGE_COLORS.PATH, zIndex: 3 } : { ...display, hidden: true };
    if (data.weight < this.minWeight || this.edgesResting) return { ...display, hidden: true };
    const focus = this.focus();
    if (focus) {
      const [source, target] = this.graph.extremities(edge);
      if (source === focus || target === focus) Object.assign(display, { color: FOCUS_EDGE, zIndex: 2 });
      else Object.assign(display, { color: DIMMED_EDGE, zIndex: 0 });
    } else if (this.pathEdges.size > 0) {
      Object.assign(display, { color: this.pathEdges.has(edge) ? EDGE_COLORS.PATH : DIMMED_EDGE, zIndex: this.pathEdges.has(edge) ? 3 : 0 });
    }
    return display;
  }

  private listen(): void {
    const renderer = this.renderer;
    renderer.on('enterNode', ({ node }) => {
      this.hovered = node;
      this.updateFocus();
      this.container.style.cursor = 'pointer';
      this.redraw();
    });
    renderer.on('leaveNode', () => {
      this.hovered = null;
      this.updateFocus();
      this.container.style.cursor = '';
      this.redraw();
    });
    renderer.on('enterEdge', () => (this.container.style.cursor = 'pointer'));
    renderer.on('leaveEdge', () => (this.container.style.cursor = ''));
    renderer.on('clickNode', ({ node }) => this.events.onSelect(node));
    renderer.on('clickEdge', ({ edge }) => this.events.onEdge(edge));
    renderer.on('clickStage', () => this.events.onSelect(null));
    renderer.on('doubleClickNode', ({ node, event }) => {
      event.preventSigmaDefault();
      this.events.onExpand(node);
    });

    // Dragging a node: it stays where it is dropped (the layout keeps it fixed).
    renderer.on('downNode', ({ node }) => {
      this.dragged = node;
      if (!renderer.getCustomBBox()) renderer.setCustomBBox(renderer.getBBox());
    });
    renderer.on('moveBody', ({ event }) => {
      if (!this.dragged) return;
      if (!this.graph.getNodeAttribute(this.dragged, 'fixed')) {
        this.graph.setNodeAttribute(this.dragged, 'fixed', true);
        this.events.onDragStart();
      }
      const position = renderer.viewportToGraph(event);
      this.graph.mergeNodeAttributes(this.dragged, { x: position.x, y: position.y });
      event.preventSigmaDefault();
      event.original.preventDefault();
      event.original.stopPropagation();
    });
    const release = () => {
      this.dragged = null;
    };
    renderer.on('upNode', release);
    renderer.on('upStage', release);
  }
}
