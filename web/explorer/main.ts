/**
 * The explorer page: find an entity, draw its collaboration network, read profiles, follow
 * connections, filter, share and export. The view lives in the address (state.ts); this module
 * turns changes of it into API requests and redraws.
 */
import { ApiError, GraphqlClient, isAbort, TokenStore } from './api';
import { byId, clear, debounce, formatNumber, h } from './dom';
import { EntityPicker } from './entity-picker';
import { drawPaths, loadConnections, pathList, removePaths } from './connections';
import { exportView, type ExportFormat, fileName } from './exports';
import { moneyText } from './format';
import { GraphView } from './graph-view';
import { Layout } from './layout';
import { createGraph, EDGE_COLORS, mergeNetwork, type NetworkGraph, restyle, TYPE_LABELS, typeColor, typeLabel } from './network-model';
import { loadProfile, ProfileRenderer } from './profile';
import { TableView } from './table-view';
import {
  type ApiNetwork,
  COST_BUDGET,
  EDGE_DETAIL_COST,
  edgeId,
  type EdgeDetailsAnswer,
  ENTITY_REFS,
  type EntityRef,
  type EntityRefsAnswer,
  FIRST_ECOSYSTEM,
  type FirstEcosystemAnswer,
  NETWORK,
  NETWORK_EDGE_DETAILS,
  NETWORK_EDGES,
  networkPages,
  type NetworkAnswer,
  NODE_COST,
  type NetworkEdgesAnswer,
} from './queries';
import { DEFAULT_STATE, edgeLimitFor, type NetworkFilter, networkWhere, parseState, sameNetwork, serializeState, type ViewState } from './state';

performance.mark('explorer:start');

/** Above this many edges, frames drawn while the layout runs leave the edges out. */
const RESTING_EDGES = 2500;

interface NetworkInfo {
  around: string | null;
  nodes: number;
  edges: number;
  totalEdges: number;
  truncated: boolean;
  nodeLimit: number;
}

type NetworkVariables = { around: string | null; hops: number; where: NetworkFilter | null; nodeLimit: number };

class Explorer {
  private state: ViewState = DEFAULT_STATE;
  /** The view whose network is drawn (null before the first one is). */
  private loaded: ViewState | null = null;
  private graph: NetworkGraph = createGraph();
  private info: NetworkInfo | null = null;
  private readonly names = new Map<string, EntityRef>();
  private readonly tokens = new TokenStore();
  private readonly client = new GraphqlClient(this.tokens, (reason) => this.askForToken(reason));
  private readonly view: GraphView;
  private readonly layout: Layout;
  private readonly table: TableView;
  private networkRequest: AbortController | null = null;
  private panelRequest: AbortController | null = null;
  private connectRequest: AbortController | null = null;
  private tokenPrompt: Promise<string | null> | null = null;
  private readonly graphElement = byId('graph');

  constructor() {
    this.view = new GraphView(this.graphElement, {
      onSelect: (node) => this.update({ selected: node, connectTo: null }, 'replace'),
      onExpand: (node) => this.expand(node),
      onEdge: (edge) => this.showEdge(edge),
      onDragStart: () => {
        this.layout.stop();
        this.view.setEdgesResting(false);
      },
    });
    this.layout = new Layout('/explore/layout-worker.js', {
      onSettled: (iterations) => {
        this.view.setEdgesResting(false);
        void this.view.nextRender().then(() => {
          performance.mark('explorer:settled');
          this.graphElement.dataset.iterations = String(iterations);
          this.graphElement.dataset.layout = 'settled';
        });
      },
    });
    this.layout.prepare();
    this.table = new TableView(byId('table'), (node) => {
      this.update({ selected: node, connectTo: null }, 'replace');
    });
    this.bindControls();
  }

  async start(): Promise<void> {
    let state = parseState(window.location.search);
    if (!state.around && !networkWhere(state.filter)) {
      // No entity and no filter in the address: open on the first ecosystem, two steps out.
      try {
        const first = await this.client.request<FirstEcosystemAnswer>(FIRST_ECOSYSTEM);
        const ecosystem = first.ecosystems[0];
        if (ecosystem) {
          this.names.set(ecosystem.key, { key: ecosystem.key, name: ecosystem.name, type: 'Ecosystem' });
          state = { ...state, around: ecosystem.key, hops: 2 };
          window.history.replaceState(null, '', window.location.pathname + serializeState(state));
        }
      } catch (error) {
        this.showError(error);
      }
    }
    window.addEventListener('popstate', () => void this.apply(parseState(window.location.search)));
    await this.apply(state);
  }

  /** Changes the view and its address; 'push' makes a step the back button returns from. */
  private update(change: Partial<ViewState>, history: 'push' | 'replace' = 'push'): void {
    const next = { ...this.state, ...change };
    const url = window.location.pathname + serializeState(next);
    if (url !== window.location.pathname + window.location.search) {
      if (history === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    }
    void this.apply(next);
  }

  private async apply(next: ViewState): Promise<void> {
    const previous = this.state;
    this.state = next;
    this.syncControls();
    let reloaded = false;
    const loaded = this.loaded;
    if (loaded && sameNetwork(loaded, { ...next, expanded: loaded.expanded }) && isPrefix(loaded.expanded, next.expanded)) {
      for (const node of next.expanded.slice(loaded.expanded.length)) {
        if (!(await this.addNeighbours(node))) return;
      }
      reloaded = next.expanded.length > loaded.expanded.length;
    } else if (!loaded || !sameNetwork(loaded, next)) {
      if (!(await this.loadNetwork(next))) return;
      reloaded = true;
    }
    if (this.state !== next) return;
    if (!reloaded && previous.minWeight !== next.minWeight) {
      restyle(this.graph, next.minWeight);
      this.view.setMinWeight(next.minWeight);
      this.describeNetwork();
    }
    this.showMode();
    if (reloaded || previous.selected !== next.selected || previous.around !== next.around) void this.showProfile();
    else this.view.setSelected(next.selected);
    if (reloaded || previous.connectTo !== next.connectTo || previous.selected !== next.selected) void this.showConnections();
  }

  // --- the network -------------------------------------------------------------------------------

  private networkVariables(state: ViewState, around = state.around, hops: number = state.hops): NetworkVariables {
    return { around, hops, where: networkWhere(state.filter), nodeLimit: state.nodeLimit };
  }

  /** The cost the page plans its requests for; lowered to a server's own maximum when one refuses more. */
  private costBudget = COST_BUDGET;

  /**
   * Nodes and edges, in as few requests as the server's cost limit allows: the first brings the
   * nodes and as many edges as fit beside them (all of them under the default limit), further
   * pages come in parallel. A server with a lower limit says its maximum, and the page plans
   * again within it.
   */
  private async fetchNetwork(variables: NetworkVariables, signal: AbortSignal): Promise<ApiNetwork> {
    for (;;) {
      const budget = this.costBudget;
      try {
        return await this.fetchNetworkWithin(budget, variables, signal);
      } catch (error) {
        const maximum = error instanceof ApiError && error.code === 'LIMIT' ? error.maximum : undefined;
        if (maximum === undefined || maximum >= budget || maximum < NODE_COST * variables.nodeLimit + 100) throw error;
        this.costBudget = Math.floor(maximum * 0.95);
      }
    }
  }

  private async fetchNetworkWithin(budget: number, variables: NetworkVariables, signal: AbortSignal): Promise<ApiNetwork> {
    const edgeLimit = edgeLimitFor(variables.nodeLimit);
    const { first: firstPage, page } = networkPages(budget, variables.nodeLimit);
    const { collaborationNetwork: first } = await this.client.request<NetworkAnswer>(NETWORK, { ...variables, edgeLimit: firstPage, edgeOffset: 0 }, signal);
    const wanted = Math.min(first.totalEdges, edgeLimit);
    const offsets: number[] = [];
    for (let offset = first.edges.length; first.edges.length === firstPage && offset < wanted; offset += page) offsets.push(offset);
    const pages = await Promise.all(
      offsets.map((offset) =>
        this.client.request<NetworkEdgesAnswer>(NETWORK_EDGES, { ...variables, edgeLimit: Math.min(page, wanted - offset), edgeOffset: offset }, signal),
      ),
    );
    const edges = first.edges.concat(...pages.map((p) => p.collaborationNetwork.edges)).map((edge) => ({ ...edge, id: edgeId(edge) }));
    return { ...first, edges };
  }

  /** What each edge stands for, when the view is small enough to ask in one request. */
  private async fetchEdgeDetails(variables: NetworkVariables, edgeCount: number, signal: AbortSignal): Promise<void> {
    if (edgeCount === 0 || edgeCount * EDGE_DETAIL_COST > this.costBudget) return;
    try {
      const answer = await this.client.request<EdgeDetailsAnswer>(NETWORK_EDGE_DETAILS, { ...variables, edgeLimit: edgeCount, edgeOffset: 0 }, signal);
      for (const edge of answer.collaborationNetwork.edges) {
        if (this.graph.hasEdge(edge.id)) this.graph.mergeEdgeAttributes(edge.id, { via: edge.via, sharedFunding: edge.sharedFunding, sources: edge.sources });
      }
      if (this.state.view === 'table') this.renderTable();
    } catch (error) {
      if (!isAbort(error)) console.warn('edge details not loaded', error);
    }
  }

  private async loadNetwork(state: ViewState): Promise<boolean> {
    this.networkRequest?.abort();
    const request = (this.networkRequest = new AbortController());
    this.setBusy(true);
    this.hideMessage();
    this.graphElement.dataset.state = 'loading';
    this.graphElement.dataset.layout = 'waiting';
    try {
      const variables = this.networkVariables(state);
      const network = await this.fetchNetwork(variables, request.signal);
      performance.mark('explorer:data');
      const graph = createGraph();
      mergeNetwork(graph, network);
      for (const node of network.nodes) this.names.set(node.id, { key: node.id, name: node.label, type: node.type });
      for (const node of state.expanded) {
        const neighbours = await this.fetchNetwork(this.networkVariables(state, node, 1), request.signal);
        mergeNetwork(graph, neighbours, node);
      }
      // Entities drawn before keep their places: a filter change does not reshuffle the picture.
      graph.forEachNode((node) => {
        if (this.graph.hasNode(node)) {
          const { x, y } = this.graph.getNodeAttributes(node);
          graph.mergeNodeAttributes(node, { x, y });
        }
      });
      if (request.signal.aborted) return false;
      this.layout.stop();
      this.graph = graph;
      this.loaded = state;
      this.info = {
        around: state.around,
        nodes: network.nodes.length,
        edges: network.edges.length,
        totalEdges: network.totalEdges,
        truncated: network.truncated,
        nodeLimit: state.nodeLimit,
      };
      restyle(graph, state.minWeight);
      // A large network's first frame leaves out its edges as the layout's frames do: without a GPU
      // (as in headless Chromium) a frame of 10 000 edges where they start, criss-crossing the whole
      // drawing, costs seconds, and the layout is about to move them anyway.
      this.view.setGraph(graph, state.around, graph.size > RESTING_EDGES);
      this.view.setMinWeight(state.minWeight);
      await this.ensureNames([state.around, state.filter.region, state.filter.funder, state.filter.focusArea]);
      this.describeNetwork();
      this.renderLegend();
      this.showEmptyState(network);
      // The layout starts before the first frame is drawn: the worker iterates while the page draws.
      this.runLayout();
      await this.view.nextRender();
      performance.mark('explorer:first-draw');
      this.graphElement.dataset.state = 'drawn';
      if (state.view === 'table') this.renderTable();
      if (state.expanded.length === 0) void this.fetchEdgeDetails(variables, network.edges.length, request.signal);
      return true;
    } catch (error) {
      if (isAbort(error)) return false;
      this.graphElement.dataset.state = 'error';
      // Trying again starts over from the view as it is then.
      this.showError(error, () => {
        this.loaded = null;
        void this.apply(this.state);
      });
      return false;
    } finally {
      if (this.networkRequest === request) this.setBusy(false);
    }
  }

  /** Adds a node's own collaborators to the view, where the node is. */
  private async addNeighbours(node: string): Promise<boolean> {
    this.networkRequest?.abort();
    const request = (this.networkRequest = new AbortController());
    this.setBusy(true);
    this.graphElement.dataset.layout = 'waiting';
    try {
      const neighbours = await this.fetchNetwork(this.networkVariables(this.state, node, 1), request.signal);
      if (request.signal.aborted) return false;
      removePaths(this.graph);
      const { addedNodes } = mergeNetwork(this.graph, neighbours, node);
      for (const n of neighbours.nodes) this.names.set(n.id, { key: n.id, name: n.label, type: n.type });
      restyle(this.graph, this.state.minWeight);
      this.view.setMinWeight(this.state.minWeight);
      this.loaded = { ...this.state, expanded: [...(this.loaded?.expanded ?? []), node] };
      this.describeNetwork();
      this.renderLegend();
      this.runLayout();
      this.announce(`${formatNumber(addedNodes.length)} new node${addedNodes.length === 1 ? '' : 's'} added around ${this.nameOf(node)}.`);
      return true;
    } catch (error) {
      if (isAbort(error)) return false;
      this.showError(error);
      return false;
    } finally {
      if (this.networkRequest === request) this.setBusy(false);
    }
  }

  /** (Re)starts the layout; a large network's edges rest until it settles. */
  private runLayout(): void {
    this.graphElement.dataset.layout = 'running';
    this.view.setEdgesResting(this.graph.size > RESTING_EDGES);
    this.layout.start(this.graph);
  }

  private expand(node: string): void {
    if (this.graph.getNodeAttribute(node, 'overlay') || this.state.expanded.includes(node) || node === this.state.around) {
      this.announce(`The neighbours of ${this.nameOf(node)} are already drawn.`);
      return;
    }
    this.update({ expanded: [...this.state.expanded, node], selected: node });
  }

  // --- what the page says about the network -------------------------------------------------------

  private describeNetwork(): void {
    const info = this.info;
    const bar = byId('context-bar');
    if (!info) return clear(bar);
    let nodes = 0;
    let edges = 0;
    this.graph.forEachNode((_n, a) => {
      if (!a.overlay) nodes++;
    });
    let hidden = 0;
    this.graph.forEachEdge((_e, a) => {
      if (a.overlay) return;
      edges++;
      if (a.weight < this.state.minWeight) hidden++;
    });
    this.graphElement.dataset.nodes = String(nodes);
    this.graphElement.dataset.edges = String(edges);
    const around = info.around ? this.names.get(info.around) : undefined;
    const centre = info.around
      ? h(
          'span',
          { class: 'context-centre' },
          h('span', { class: 'muted' }, 'Around '),
          h(
            'button',
            { type: 'button', class: 'entity-link', onclick: () => this.update({ selected: null, connectTo: null }, 'replace') },
            h('span', { class: 'type-dot', style: `background:${typeColor(around?.type ?? '')}`, 'aria-hidden': 'true' }),
            around?.name ?? info.around,
          ),
          h('span', { class: 'muted' }, ` · ${this.state.hops} hop${this.state.hops === 1 ? '' : 's'}`),
        )
      : h('span', { class: 'context-centre' }, networkWhere(this.state.filter) ? 'The filtered graph' : 'The whole graph');
    const notices: HTMLElement[] = [];
    if (info.truncated) {
      const larger = [500, 1000, 2000].find((n) => n > info.nodeLimit);
      notices.push(
        h(
          'span',
          { class: 'notice', id: 'truncated-notice' },
          `Truncated: only the ${formatNumber(info.nodeLimit)} nearest entities are drawn. `,
          larger
            ? h('button', { type: 'button', class: 'link-button', onclick: () => this.update({ nodeLimit: larger }) }, `Draw up to ${formatNumber(larger)}`)
            : null,
        ),
      );
    }
    if (info.totalEdges > info.edges)
      notices.push(h('span', { class: 'notice' }, `The ${formatNumber(info.edges)} heaviest of ${formatNumber(info.totalEdges)} edges are drawn.`));
    clear(
      bar,
      centre,
      h(
        'span',
        { class: 'context-counts' },
        `${formatNumber(nodes)} nodes · ${formatNumber(edges - hidden)} edges`,
        hidden > 0 ? h('span', { class: 'muted' }, ` (${formatNumber(hidden)} lighter than ${this.state.minWeight} hidden)`) : null,
      ),
      ...notices,
    );
  }

  private renderLegend(): void {
    const counts = new Map<string, number>();
    this.graph.forEachNode((_n, a) => {
      if (!a.overlay) counts.set(a.entityType, (counts.get(a.entityType) ?? 0) + 1);
    });
    const kinds = new Set<string>();
    this.graph.forEachEdge((_e, a) => {
      if (!a.overlay) kinds.add(a.kind);
    });
    const order = Object.keys(TYPE_LABELS);
    const types = [...counts.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    clear(
      byId('legend'),
      h(
        'ul',
        null,
        ...types.map((type) =>
          h(
            'li',
            null,
            h('span', { class: 'legend-dot', style: `background:${typeColor(type)}` }),
            `${typeLabel(type)} `,
            h('span', { class: 'muted' }, formatNumber(counts.get(type) ?? 0)),
          ),
        ),
        kinds.has('COLLABORATION')
          ? h('li', null, h('span', { class: 'legend-line', style: `background:${EDGE_COLORS.COLLABORATION}` }), 'shared projects')
          : null,
        kinds.has('AFFILIATION') ? h('li', null, h('span', { class: 'legend-line', style: `background:${EDGE_COLORS.AFFILIATION}` }), 'position held') : null,
      ),
      types.length > 0 ? h('p', { class: 'legend-note muted' }, 'Size: connections · width: shared projects') : null,
    );
  }

  private showEmptyState(network: ApiNetwork): void {
    const notice = byId('notice');
    if (network.nodes.length > 0) {
      notice.hidden = true;
      return;
    }
    const who = this.state.around ? this.nameOf(this.state.around) : 'the graph';
    clear(
      notice,
      h('strong', null, 'Nothing to draw'),
      h(
        'p',
        null,
        networkWhere(this.state.filter)
          ? `No collaborations around ${who} match these filters. Clear a filter or take more hops.`
          : `${who} takes part in no collaboration the graph records. Search for another entity.`,
      ),
    );
    notice.hidden = false;
  }

  // --- the panel ------------------------------------------------------------------------------------

  private panelSubject(): string | null {
    return this.state.selected ?? this.state.around;
  }

  private async showProfile(): Promise<void> {
    this.view.setSelected(this.state.selected);
    const key = this.panelSubject();
    const body = byId('panel-body');
    this.panelRequest?.abort();
    if (!key) {
      clear(
        body,
        h(
          'div',
          { class: 'panel-empty' },
          h('h2', null, 'Pick an entity'),
          h('p', null, 'Search above, or click a node, to see who it is and what it does, with the sources of every fact.'),
        ),
      );
      return;
    }
    const request = (this.panelRequest = new AbortController());
    const panel = byId('panel');
    panel.setAttribute('aria-busy', 'true');
    const known = this.names.get(key);
    const type = this.graph.hasNode(key) ? this.graph.getNodeAttribute(key, 'entityType') : (known?.type ?? null);
    clear(body, h('div', { class: 'panel-loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), `Loading ${known?.name ?? key}…`));
    try {
      const loaded = await loadProfile(this.client, key, type, request.signal);
      if (request.signal.aborted) return;
      if (!loaded) {
        clear(body, h('div', { class: 'panel-empty' }, h('h2', null, 'Not found'), h('p', null, `No entity has the key “${key}”.`)));
        return;
      }
      this.names.set(key, { key, name: loaded.profile.name, type: loaded.profile.__typename });
      const renderer = new ProfileRenderer(loaded, { select: (k, t) => this.selectEntity({ key: k, name: '', type: t }) });
      const [header, ...sections] = renderer.render();
      clear(body, header, this.profileActions(key, loaded.profile.name), h('div', { id: 'connect-results' }), ...sections);
      body.scrollTop = 0;
      body.dataset.profile = key;
      this.renderConnectionsIfLoaded();
    } catch (error) {
      if (isAbort(error)) return;
      clear(
        body,
        this.errorBox(error, () => void this.showProfile()),
      );
    } finally {
      if (this.panelRequest === request) panel.setAttribute('aria-busy', 'false');
    }
  }

  private profileActions(key: string, name: string): HTMLElement {
    const inGraph = this.graph.hasNode(key) && !this.graph.getNodeAttribute(key, 'overlay');
    const actions = h('div', { class: 'profile-actions' });
    if (key !== this.state.around)
      actions.append(
        h(
          'button',
          { type: 'button', class: 'button button-primary', onclick: () => this.update({ around: key, selected: null, connectTo: null, expanded: [] }) },
          'Centre the network here',
        ),
      );
    if (inGraph && key !== this.state.around && !this.state.expanded.includes(key))
      actions.append(
        h(
          'button',
          { type: 'button', class: 'button', title: 'Add its own collaborators (or double-click the node)', onclick: () => this.expand(key) },
          'Expand neighbours',
        ),
      );
    if (inGraph) actions.append(h('button', { type: 'button', class: 'button button-quiet', onclick: () => this.view.focusNode(key) }, 'Show in graph'));
    const input = h('input', {
      type: 'text',
      id: 'connect-input',
      placeholder: 'Another organisation, person, project…',
      'aria-label': `How is ${name} connected to …?`,
    });
    const connect = h('div', { class: 'connect' }, h('label', { for: 'connect-input', class: 'connect-label' }, 'How is this connected to …?'), input);
    new EntityPicker({
      client: this.client,
      input,
      onPick: (entity) => this.update({ selected: key === this.state.around ? this.state.selected : key, connectTo: entity.key }, 'replace'),
    });
    return h('div', null, actions, connect);
  }

  private selectEntity(entity: EntityRef): void {
    if (entity.name) this.names.set(entity.key, entity);
    else if (!this.names.has(entity.key) && entity.type) this.names.set(entity.key, { ...entity, name: entity.key });
    this.update({ selected: entity.key, connectTo: null }, 'replace');
  }

  private showEdge(edge: string): void {
    if (!this.graph.hasEdge(edge)) return;
    const a = this.graph.getEdgeAttributes(edge);
    const [source, target] = this.graph.extremities(edge);
    const body = byId('panel-body');
    const end = (node: string) => {
      const attributes = this.graph.getNodeAttributes(node);
      return h(
        'button',
        { type: 'button', class: 'entity-link', onclick: () => this.update({ selected: node, connectTo: null }, 'replace') },
        h('span', { class: 'type-dot', style: `background:${typeColor(attributes.entityType)}`, 'aria-hidden': 'true' }),
        attributes.label,
      );
    };
    const rows: HTMLElement[] = [];
    if (a.kind === 'PATH') rows.push(h('p', null, `A step of a path: ${a.relationship?.toLowerCase().replace(/_/g, ' ') ?? ''}.`));
    else if (a.kind === 'AFFILIATION') rows.push(h('p', null, 'A position held: the person works for this organisation or region.'));
    else rows.push(h('p', null, `Both take part in ${a.weight} project${a.weight === 1 ? '' : 's'} or ecosystem${a.weight === 1 ? '' : 's'}.`));
    if (a.via?.length)
      rows.push(
        h('h3', null, 'Shared'),
        h(
          'ul',
          { class: 'fact-list' },
          ...a.via.map((v) =>
            h(
              'li',
              null,
              h(
                'button',
                { type: 'button', class: 'entity-link', onclick: () => this.selectEntity(v) },
                h('span', { class: 'type-dot', style: `background:${typeColor(v.type)}` }),
                v.name,
              ),
            ),
          ),
        ),
      );
    if (a.sharedFunding?.length)
      rows.push(h('p', { class: 'totals' }, h('span', { class: 'muted' }, 'Funding of the shared projects: '), h('strong', null, moneyText(a.sharedFunding))));
    if (a.sources?.length)
      rows.push(
        h('h3', null, 'Sources'),
        h(
          'ul',
          { class: 'fact-list' },
          ...a.sources.map((s) => h('li', null, s.url ? h('a', { href: s.url, target: '_blank', rel: 'noopener noreferrer' }, s.title) : s.title)),
        ),
      );
    if (!a.via && a.kind === 'COLLABORATION')
      rows.push(h('p', { class: 'muted' }, 'What they share is listed for views of up to about 500 edges: raise the minimum weight or take fewer hops.'));
    clear(
      body,
      h(
        'div',
        { class: 'profile-header' },
        h('span', { class: 'type-badge' }, a.kind === 'AFFILIATION' ? 'Position' : a.kind === 'PATH' ? 'Path step' : 'Collaboration'),
        h('h2', { tabindex: '-1' }, end(source), h('span', { class: 'muted' }, ' and '), end(target)),
      ),
      h('section', { class: 'profile-section' }, ...rows),
      h('button', { type: 'button', class: 'button', onclick: () => void this.showProfile() }, '← Back to the profile'),
    );
  }

  // --- connections ------------------------------------------------------------------------------------

  private paths: { from: string; to: string; list: HTMLElement } | null = null;

  private async showConnections(): Promise<void> {
    this.connectRequest?.abort();
    removePaths(this.graph);
    this.view.setPath(new Set(), new Set());
    this.paths = null;
    const from = this.panelSubject();
    const to = this.state.connectTo;
    if (!from || !to) {
      this.renderConnectionsIfLoaded();
      return;
    }
    const request = (this.connectRequest = new AbortController());
    try {
      await this.ensureNames([from, to]);
      const paths = await loadConnections(this.client, from, to, request.signal);
      if (request.signal.aborted) return;
      const drawn = drawPaths(this.graph, paths);
      restyle(this.graph, this.state.minWeight);
      this.view.setPath(drawn.nodes, drawn.edges);
      if (this.layout.status === 'running') this.runLayout();
      for (const path of paths) for (const step of path.steps) for (const e of [step.from, step.to]) this.names.set(e.key, e);
      const sourceLinks = (step: { sources: { key: string; title: string; url?: string | null; publisher?: string | null }[] }) =>
        step.sources.length === 0
          ? null
          : h(
              'div',
              { class: 'fact-sources' },
              h('span', { class: 'muted' }, 'Source: '),
              ...step.sources.flatMap((s, i) => [
                i > 0 ? ' · ' : null,
                s.url ? h('a', { href: s.url, target: '_blank', rel: 'noopener noreferrer', class: 'source-link' }, s.title) : s.title,
              ]),
            );
      const fromRef = this.names.get(from) ?? { key: from, name: from, type: '' };
      const toRef = this.names.get(to) ?? { key: to, name: to, type: '' };
      const list = pathList(paths, fromRef, toRef, (e) => this.selectEntity(e), sourceLinks);
      this.paths = {
        from,
        to,
        list: h(
          'section',
          { class: 'profile-section connection-section', 'aria-live': 'polite' },
          h(
            'h3',
            null,
            `Connected to ${toRef.name}`,
            h('button', { type: 'button', class: 'link-button', onclick: () => this.update({ connectTo: null }, 'replace') }, 'Clear'),
          ),
          list,
        ),
      };
      this.renderConnectionsIfLoaded();
    } catch (error) {
      if (isAbort(error)) return;
      this.paths = { from, to, list: this.errorBox(error, () => void this.showConnections()) };
      this.renderConnectionsIfLoaded();
    }
  }

  private renderConnectionsIfLoaded(): void {
    const slot = document.getElementById('connect-results');
    if (!slot) return;
    clear(slot, this.paths && this.paths.from === this.panelSubject() ? this.paths.list : null);
  }

  nodePosition(node: string): { x: number; y: number } | null {
    const position = this.view.viewportPosition(node);
    if (!position) return null;
    const box = this.graphElement.getBoundingClientRect();
    return { x: box.left + position.x, y: box.top + position.y };
  }

  // --- views, controls, messages ------------------------------------------------------------------------

  private showMode(): void {
    const table = this.state.view === 'table';
    byId('table').hidden = !table;
    this.graphElement.hidden = table;
    byId('legend').hidden = table;
    byId('graph-controls').hidden = table;
    byId('graph-toggle').setAttribute('aria-pressed', String(!table));
    byId('table-toggle').setAttribute('aria-pressed', String(table));
    if (table) this.renderTable();
  }

  private renderTable(): void {
    this.table.render(this.graph, this.state.minWeight, this.state.selected);
  }

  private syncControls(): void {
    const s = this.state;
    for (const hops of [1, 2, 3]) byId<HTMLInputElement>(`hops-${hops}`).checked = s.hops === hops;
    byId<HTMLFieldSetElement>('hops').disabled = !s.around;
    byId<HTMLSelectElement>('filter-status').value = s.filter.status ?? '';
    byId<HTMLInputElement>('filter-from').value = s.filter.activeFrom ?? '';
    byId<HTMLInputElement>('filter-to').value = s.filter.activeTo ?? '';
    byId<HTMLInputElement>('filter-min-weight').value = String(s.minWeight);
    const nodes = byId<HTMLSelectElement>('filter-nodes');
    if (![...nodes.options].some((o) => o.value === String(s.nodeLimit))) nodes.append(h('option', { value: String(s.nodeLimit) }, `${s.nodeLimit} nodes`));
    nodes.value = String(s.nodeLimit);
    for (const field of ['region', 'funder', 'focusArea'] as const) this.renderChip(field);
    const count = Object.values(s.filter).filter(Boolean).length + (s.minWeight > 1 ? 1 : 0);
    const badge = byId('filter-count');
    badge.hidden = count === 0;
    badge.textContent = String(count);
    if (count > 0 && byId('filters').hidden && !this.filtersToggled) this.toggleFilters(true);
  }

  private filtersToggled = false;

  private toggleFilters(open: boolean): void {
    byId('filters').hidden = !open;
    byId('filters-toggle').setAttribute('aria-expanded', String(open));
  }

  private renderChip(field: 'region' | 'funder' | 'focusArea'): void {
    const wrapper = document.querySelector<HTMLElement>(`[data-filter="${field}"]`);
    if (!wrapper) return;
    const input = byId<HTMLInputElement>(`filter-${field}`);
    wrapper.querySelector('.chip')?.remove();
    const key = this.state.filter[field];
    input.hidden = Boolean(key);
    if (!key) return;
    const entity = this.names.get(key);
    input.after(
      h(
        'span',
        { class: 'chip' },
        entity ? h('span', { class: 'type-dot', style: `background:${typeColor(entity.type)}`, 'aria-hidden': 'true' }) : null,
        h('span', { class: 'chip-label' }, entity?.name ?? key),
        h(
          'button',
          {
            type: 'button',
            class: 'chip-remove',
            'aria-label': `Remove the ${field === 'focusArea' ? 'focus area' : field} filter`,
            onclick: () => {
              this.update({ filter: { ...this.state.filter, [field]: undefined } });
              input.value = '';
              window.setTimeout(() => input.focus(), 0);
            },
          },
          '×',
        ),
      ),
    );
  }

  private bindControls(): void {
    new EntityPicker({
      client: this.client,
      input: byId<HTMLInputElement>('search-input'),
      onPick: (entity) => {
        this.names.set(entity.key, entity);
        byId<HTMLInputElement>('search-input').value = '';
        this.update({ around: entity.key, selected: null, connectTo: null, expanded: [] });
      },
    });
    byId('search-form').addEventListener('submit', (event) => event.preventDefault());
    const pickerTypes = { region: ['Region'], funder: ['Organization'], focusArea: ['FocusArea'] } as const;
    for (const field of ['region', 'funder', 'focusArea'] as const) {
      new EntityPicker({
        client: this.client,
        input: byId<HTMLInputElement>(`filter-${field}`),
        types: [...pickerTypes[field]],
        onPick: (entity) => {
          this.names.set(entity.key, entity);
          this.update({ filter: { ...this.state.filter, [field]: entity.key } });
        },
      });
    }
    for (const hops of [1, 2, 3] as const) byId(`hops-${hops}`).addEventListener('change', () => this.update({ hops }));
    byId('filters-toggle').addEventListener('click', () => {
      this.filtersToggled = true;
      this.toggleFilters(byId('filters').hidden);
    });
    byId('filter-status').addEventListener('change', (e) => {
      const value = (e.target as HTMLSelectElement).value;
      this.update({ filter: { ...this.state.filter, status: (value || undefined) as NetworkFilter['status'] } });
    });
    for (const [id, field] of [
      ['filter-from', 'activeFrom'],
      ['filter-to', 'activeTo'],
    ] as const) {
      byId(id).addEventListener('change', (e) => {
        const value = (e.target as HTMLInputElement).value;
        this.update({ filter: { ...this.state.filter, [field]: /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined } });
      });
    }
    const minWeight = byId<HTMLInputElement>('filter-min-weight');
    const onWeight = debounce(() => {
      const value = Math.max(1, Math.floor(Number(minWeight.value) || 1));
      if (value !== this.state.minWeight) this.update({ minWeight: value }, 'replace');
    }, 200);
    minWeight.addEventListener('input', onWeight);
    byId('filter-nodes').addEventListener('change', (e) => this.update({ nodeLimit: Number((e.target as HTMLSelectElement).value) }));
    byId('filters-clear').addEventListener('click', () => this.update({ filter: {}, minWeight: 1 }));
    byId('graph-toggle').addEventListener('click', () => this.update({ view: 'graph' }, 'replace'));
    byId('table-toggle').addEventListener('click', () => this.update({ view: 'table' }, 'replace'));
    byId('zoom-in').addEventListener('click', () => this.view.zoom(1 / 1.5));
    byId('zoom-out').addEventListener('click', () => this.view.zoom(1.5));
    byId('zoom-fit').addEventListener('click', () => this.view.fit());
    byId('relayout').addEventListener('click', () => {
      this.graph.forEachNode((node) => this.graph.removeNodeAttribute(node, 'fixed'));
      this.runLayout();
    });
    const menu = byId<HTMLDetailsElement>('export-menu');
    menu.querySelectorAll<HTMLButtonElement>('[data-export]').forEach((button) =>
      button.addEventListener('click', () => {
        menu.open = false;
        const format = button.dataset.export as ExportFormat;
        exportView(format, this.graph, this.view.renderer, this.state.minWeight, fileName(this.state.around, this.state.hops, format)).catch((error: unknown) =>
          this.showError(new ApiError('The export failed', (error as Error).message, 'EXPORT', 0)),
        );
      }),
    );
    document.addEventListener('click', (event) => {
      if (menu.open && !menu.contains(event.target as Node)) menu.open = false;
    });
    this.graphElement.addEventListener('keydown', (event) => this.onGraphKey(event));
    document.addEventListener('keydown', (event) => {
      const target = event.target as HTMLElement;
      const typing = target.matches('input, textarea, select, [contenteditable]');
      if (event.key === '/' && !typing) {
        event.preventDefault();
        byId('search-input').focus();
      } else if (event.key === 'Escape' && !typing) {
        if (menu.open) menu.open = false;
        else if (this.state.connectTo) this.update({ connectTo: null }, 'replace');
        else if (this.state.selected) this.update({ selected: null }, 'replace');
      }
    });
    byId<HTMLDialogElement>('token-dialog').addEventListener('cancel', () => this.resolveToken(null));
    byId('token-cancel').addEventListener('click', () => this.resolveToken(null));
    byId('token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.resolveToken(byId<HTMLInputElement>('token-input').value.trim() || null);
    });
  }

  private onGraphKey(event: KeyboardEvent): void {
    const camera = this.view.renderer.getCamera();
    const step = 0.1 * camera.ratio;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (event.key === '+' || event.key === '=') this.view.zoom(1 / 1.5);
    else if (event.key === '-') this.view.zoom(1.5);
    else if (event.key === '0') this.view.fit();
    else if (moves[event.key]) {
      const [dx, dy] = moves[event.key]!;
      void camera.animate({ x: camera.x + dx, y: camera.y + dy }, { duration: 120 });
    } else return;
    event.preventDefault();
  }

  private tokenResolve: ((token: string | null) => void) | null = null;

  /** Asks for a token once, however many requests were refused meanwhile. */
  private askForToken(reason: string): Promise<string | null> {
    this.tokenPrompt ??= new Promise<string | null>((resolve) => {
      this.tokenResolve = resolve;
      byId('token-reason').textContent = reason;
      const input = byId<HTMLInputElement>('token-input');
      input.value = '';
      byId<HTMLDialogElement>('token-dialog').showModal();
      input.focus();
    });
    return this.tokenPrompt;
  }

  private resolveToken(token: string | null): void {
    const dialog = byId<HTMLDialogElement>('token-dialog');
    if (dialog.open) dialog.close();
    this.tokenResolve?.(token);
    this.tokenResolve = null;
    this.tokenPrompt = null;
  }

  private errorBox(error: unknown, retry?: () => void): HTMLElement {
    const apiError = error instanceof ApiError ? error : new ApiError('Something went wrong', (error as Error)?.message ?? String(error), 'UNKNOWN', 0);
    return h(
      'div',
      { class: 'error-box', role: 'alert' },
      h('strong', null, apiError.title),
      h('p', null, apiError.detail),
      retry ? h('button', { type: 'button', class: 'button', onclick: retry }, 'Try again') : null,
    );
  }

  private showError(error: unknown, retry?: () => void): void {
    const message = byId('message');
    clear(message, this.errorBox(error, retry ? () => (this.hideMessage(), retry()) : undefined));
    message.querySelector('.error-box')?.removeAttribute('role');
    message.hidden = false;
  }

  private hideMessage(): void {
    byId('message').hidden = true;
  }

  private announce(text: string): void {
    const live =
      document.getElementById('announcer') ??
      document.body.appendChild(h('div', { id: 'announcer', class: 'visually-hidden', role: 'status', 'aria-live': 'polite' }));
    live.textContent = text;
  }

  private setBusy(busy: boolean): void {
    byId('loading').hidden = !busy;
    byId('stage').setAttribute('aria-busy', String(busy));
  }

  private nameOf(key: string): string {
    return this.names.get(key)?.name ?? (this.graph.hasNode(key) ? this.graph.getNodeAttribute(key, 'label') : key);
  }

  /** Looks up the names of entities the address names only by key. */
  private async ensureNames(keys: (string | null | undefined)[]): Promise<void> {
    const missing = [...new Set(keys.filter((k): k is string => Boolean(k) && !this.names.has(k!)))];
    if (missing.length === 0) return;
    try {
      const answer = await this.client.request<EntityRefsAnswer>(ENTITY_REFS, { keys: missing });
      for (const e of answer.entities) this.names.set(e.key, { key: e.key, name: e.name, type: e.__typename });
      this.syncControls();
    } catch (error) {
      if (!isAbort(error)) console.warn('names not loaded', error);
    }
  }
}

const isPrefix = (prefix: string[], list: string[]) => prefix.length <= list.length && prefix.every((item, i) => list[i] === item);

declare global {
  interface Window {
    /** For the browser tests: where a node is drawn on the page, to click it as a person would. */
    ecographExplorer?: { nodePosition(node: string): { x: number; y: number } | null };
  }
}

const explorer = new Explorer();
window.ecographExplorer = { nodePosition: (node) => explorer.nodePosition(node) };
void explorer.start();
