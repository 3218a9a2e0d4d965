/** The network as two sortable tables (nodes, edges): the canvas's accessible alternative. */
import { clear, formatNumber, h } from './dom';
import { moneyText } from './format';
import { isShownEdge, type NetworkGraph, shownDegree, typeColor, typeLabel } from './network-model';

type Cell = string | number;
interface Column<T> {
  title: string;
  value(row: T): Cell;
  render?(row: T): Node | string;
  numeric?: boolean;
}

interface Sort {
  column: number;
  descending: boolean;
}

/** Rows drawn at first; the rest on request (a 10 000-edge table is slow to lay out). */
const FIRST_ROWS = 500;

interface NodeRow {
  id: string;
  label: string;
  type: string;
  degree: number;
}
interface EdgeRow {
  id: string;
  source: string;
  target: string;
  kind: string;
  weight: number;
  via: string;
  funding: string;
}

export class TableView {
  private nodeSort: Sort = { column: 2, descending: true };
  private edgeSort: Sort = { column: 3, descending: true };
  private showAll = { nodes: false, edges: false };

  constructor(
    private readonly container: HTMLElement,
    private readonly onSelect: (node: string) => void,
  ) {}

  render(graph: NetworkGraph, minWeight: number, selected: string | null): void {
    const label = (node: string) => (graph.hasNode(node) ? graph.getNodeAttribute(node, 'label') : node);
    const nodes: NodeRow[] = [];
    graph.forEachNode((id, a) => {
      if (!a.overlay) nodes.push({ id, label: a.label, type: a.entityType, degree: shownDegree(graph, id, minWeight) });
    });
    const edges: EdgeRow[] = [];
    graph.forEachEdge((id, a, source, target) => {
      if (!isShownEdge(a, minWeight)) return;
      edges.push({
        id,
        source: label(source),
        target: label(target),
        kind: a.kind === 'AFFILIATION' ? 'affiliation' : 'collaboration',
        weight: a.weight,
        via: (a.via ?? []).map((v) => v.name).join('; '),
        funding: a.sharedFunding ? moneyText(a.sharedFunding) : '',
      });
    });
    const nodeButton = (row: NodeRow) =>
      h(
        'button',
        { type: 'button', class: 'entity-link', 'aria-current': row.id === selected ? 'true' : null, onclick: () => this.onSelect(row.id) },
        h('span', { class: 'type-dot', style: `background:${typeColor(row.type)}`, 'aria-hidden': 'true' }),
        row.label,
      );
    clear(
      this.container,
      this.table<NodeRow>(
        'Nodes',
        'nodes',
        nodes,
        [
          { title: 'Name', value: (r) => r.label, render: nodeButton },
          { title: 'Type', value: (r) => typeLabel(r.type) },
          { title: 'Degree', value: (r) => r.degree, numeric: true },
          { title: 'Key', value: (r) => r.id, render: (r) => h('code', null, r.id) },
        ],
        this.nodeSort,
        () => this.render(graph, minWeight, selected),
      ),
      this.table<EdgeRow>(
        'Edges',
        'edges',
        edges,
        [
          { title: 'From', value: (r) => r.source },
          { title: 'To', value: (r) => r.target },
          { title: 'Kind', value: (r) => r.kind },
          { title: 'Weight', value: (r) => r.weight, numeric: true },
          { title: 'Shared projects and ecosystems', value: (r) => r.via },
          { title: 'Shared funding', value: (r) => r.funding },
        ],
        this.edgeSort,
        () => this.render(graph, minWeight, selected),
      ),
    );
  }

  private table<T>(title: string, which: 'nodes' | 'edges', rows: T[], columns: Column<T>[], sort: Sort, rerender: () => void): HTMLElement {
    const column = columns[sort.column]!;
    const sorted = [...rows].sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'en', { sensitivity: 'base', numeric: true });
      return sort.descending ? -order : order;
    });
    const shown = this.showAll[which] ? sorted : sorted.slice(0, FIRST_ROWS);
    const header = columns.map((c, index) => {
      const active = index === sort.column;
      return h(
        'th',
        { scope: 'col', 'aria-sort': active ? (sort.descending ? 'descending' : 'ascending') : 'none', class: c.numeric ? 'numeric' : null },
        h(
          'button',
          {
            type: 'button',
            class: 'sort-button',
            onclick: () => {
              if (active) sort.descending = !sort.descending;
              else Object.assign(sort, { column: index, descending: Boolean(c.numeric) });
              rerender();
              this.container.querySelector<HTMLElement>(`[data-table="${which}"] th:nth-child(${index + 1}) button`)?.focus();
            },
          },
          c.title,
          h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (sort.descending ? '▼' : '▲') : '↕'),
        ),
      );
    });
    const body = shown.map((row) =>
      h('tr', null, ...columns.map((c) => h('td', { class: c.numeric ? 'numeric' : null }, c.render ? c.render(row) : String(c.value(row))))),
    );
    return h(
      'section',
      { class: 'table-section', 'data-table': which },
      h('h2', null, title, h('span', { class: 'count' }, formatNumber(rows.length))),
      rows.length === 0
        ? h('p', { class: 'muted' }, `No ${which} in this view.`)
        : h(
            'div',
            { class: 'table-scroll' },
            h(
              'table',
              { class: 'data-table' },
              h('caption', { class: 'visually-hidden' }, `${title} of the network; the column headers sort`),
              h('thead', null, h('tr', null, ...header)),
              h('tbody', null, ...body),
            ),
          ),
      shown.length < rows.length
        ? h(
            'button',
            {
              type: 'button',
              class: 'button',
              onclick: () => {
                this.showAll[which] = true;
                rerender();
              },
            },
            `Show all ${formatNumber(rows.length)} ${which}`,
          )
        : null,
    );
  }
}
