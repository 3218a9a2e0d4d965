/**
 * The explorer's view as a value, and its address: `/explore?around=org:…&hops=2&funder=…`
 * reproduces what was on screen. Pure (no DOM), so it is tested on its own.
 */

export const PROJECT_STATUSES = ['PLANNED', 'ONGOING', 'COMPLETED', 'TERMINATED', 'UNKNOWN'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** The `where` of collaborationNetwork (the API's InitiativeFilter). */
export interface NetworkFilter {
  region?: string;
  funder?: string;
  focusArea?: string;
  status?: ProjectStatus;
  /** ISO dates, YYYY-MM-DD */
  activeFrom?: string;
  activeTo?: string;
}

export type ViewMode = 'graph' | 'table';

export interface ViewState {
  /** The entity the network is drawn around; null: the whole graph (or the filter's initiatives). */
  around: string | null;
  hops: 1 | 2 | 3;
  filter: NetworkFilter;
  /** Edges lighter than this are hidden (drawn, table and exports alike). */
  minWeight: number;
  /** The API's nodeLimit. */
  nodeLimit: number;
  /** Nodes whose own neighbours were added to the view, in order. */
  expanded: string[];
  /** The node (or entity) whose profile is open. */
  selected: string | null;
  /** "How is `selected` connected to …?": the other end. */
  connectTo: string | null;
  view: ViewMode;
}

export const NODE_LIMITS = [50, 100, 200, 500, 1000, 2000] as const;
export const DEFAULT_NODE_LIMIT = 200;

export const DEFAULT_STATE: ViewState = {
  around: null,
  hops: 1,
  filter: {},
  minWeight: 1,
  nodeLimit: DEFAULT_NODE_LIMIT,
  expanded: [],
  selected: null,
  connectTo: null,
  view: 'graph',
};

/** Names in the address: short, and as the issue spells them. */
const FILTER_PARAMS: Record<keyof NetworkFilter, string> = {
  region: 'region',
  funder: 'funder',
  focusArea: 'focus',
  status: 'status',
  activeFrom: 'from',
  activeTo: 'to',
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Entity keys: '<prefix>:<slug>', as curators write them; anything else in the address is ignored. */
const KEY = /^[A-Za-z][\w-]*:\S+$/;

const key = (value: string | null) => (value && KEY.test(value) && value.length <= 300 ? value : null);

function wholeNumber(value: string | null, min: number, max: number): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

/** The view an address describes; what it gets wrong falls back to the default, never to an error. */
export function parseState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const filter: NetworkFilter = {};
  for (const field of ['region', 'funder', 'focusArea'] as const) {
    const value = key(params.get(FILTER_PARAMS[field]));
    if (value) filter[field] = value;
  }
  const status = params.get(FILTER_PARAMS.status)?.toUpperCase();
  if (status && (PROJECT_STATUSES as readonly string[]).includes(status)) filter.status = status as ProjectStatus;
  for (const field of ['activeFrom', 'activeTo'] as const) {
    const value = params.get(FILTER_PARAMS[field]);
    if (value && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))) filter[field] = value;
  }
  const nodeLimit = wholeNumber(params.get('nodes'), 1, 2000);
  return {
    around: key(params.get('around')),
    hops: (wholeNumber(params.get('hops'), 1, 3) ?? DEFAULT_STATE.hops) as ViewState['hops'],
    filter,
    minWeight: wholeNumber(params.get('minWeight'), 1, 1_000_000) ?? DEFAULT_STATE.minWeight,
    nodeLimit: nodeLimit ?? DEFAULT_NODE_LIMIT,
    expanded: [
      ...new Set(
        params
          .getAll('expand')
          .map(key)
          .filter((k): k is string => k !== null),
      ),
    ],
    selected: key(params.get('selected')),
    connectTo: key(params.get('connect')),
    view: params.get('view') === 'table' ? 'table' : 'graph',
  };
}

/** The address of a view: defaults are left out, so links stay short. */
export function serializeState(state: ViewState): string {
  const params = new URLSearchParams();
  if (state.around) params.set('around', state.around);
  if (state.hops !== DEFAULT_STATE.hops || state.around) params.set('hops', String(state.hops));
  for (const [field, name] of Object.entries(FILTER_PARAMS) as [keyof NetworkFilter, string][]) {
    const value = state.filter[field];
    if (value) params.set(name, value);
  }
  if (state.minWeight > 1) params.set('minWeight', String(state.minWeight));
  if (state.nodeLimit !== DEFAULT_NODE_LIMIT) params.set('nodes', String(state.nodeLimit));
  for (const node of state.expanded) params.append('expand', node);
  if (state.selected) params.set('selected', state.selected);
  if (state.connectTo) params.set('connect', state.connectTo);
  if (state.view !== 'graph') params.set('view', state.view);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The filter as collaborationNetwork's `where`, or null when nothing is set. */
export function networkWhere(filter: NetworkFilter): NetworkFilter | null {
  // In one order of fields, so that equal filters compare equal as text.
  const entries = (Object.keys(FILTER_PARAMS) as (keyof NetworkFilter)[]).map((field) => [field, filter[field]] as const).filter(([, value]) => value);
  return entries.length > 0 ? Object.fromEntries(entries) : null;
}

/** Whether two views need different networks from the API (rather than a redraw of the same one). */
export function sameNetwork(a: ViewState, b: ViewState): boolean {
  return (
    a.around === b.around &&
    a.hops === b.hops &&
    a.nodeLimit === b.nodeLimit &&
    JSON.stringify(networkWhere(a.filter)) === JSON.stringify(networkWhere(b.filter)) &&
    a.expanded.join('\n') === b.expanded.join('\n')
  );
}

/** How many edges to ask for with a node cap: enough for dense views, within the API's 10 000. */
export const edgeLimitFor = (nodeLimit: number) => Math.min(10_000, Math.max(500, nodeLimit * 5));
