/**
 * An entity's profile: what it is, its positions, what it coordinates and takes part in (roles,
 * periods), its funding with totals, and the sources of every fact. One request through the
 * generated API for the entity (per type), one for the sources its relationships name.
 */
import { formatMoney, h, externalLink, type Child } from './dom';
import { enumText, moneyText, partialDate, period, relationPeriod, totals } from './format';
import { typeColor, typeLabel } from './network-model';
import {
  ENTITY_TYPE,
  type EntityTypeAnswer,
  type Profile,
  type ProfileAnswer,
  profileQuery,
  type Relation,
  type RelationEdge,
  type RelatedNode,
  SOURCES,
  type SourceRef,
  type SourcesAnswer,
} from './queries';
import type { GraphqlClient } from './api';

export interface LoadedProfile {
  profile: Profile;
  sources: Map<string, SourceRef>;
}

/** Loads an entity's profile; null when no entity has the key. */
export async function loadProfile(client: GraphqlClient, key: string, type: string | null, signal: AbortSignal): Promise<LoadedProfile | null> {
  let entityType = type;
  if (!entityType || !profileQuery(entityType)) {
    const found = await client.request<EntityTypeAnswer>(ENTITY_TYPE, { key }, signal);
    entityType = found.entities[0]?.__typename ?? null;
    if (!entityType) return null;
  }
  const query = profileQuery(entityType);
  if (!query) return null;
  const answer = await client.request<ProfileAnswer>(query, { key }, signal);
  const profile = answer.entity[0];
  if (!profile) return null;
  const sources = new Map(profile.statedIn.map((s) => [s.key, s]));
  const missing = [...sourceKeysIn(profile)].filter((k) => !sources.has(k));
  if (missing.length > 0) {
    const found = await client.request<SourcesAnswer>(SOURCES, { keys: missing.slice(0, 500) }, signal);
    for (const source of found.sources) sources.set(source.key, source);
  }
  return { profile, sources };
}

/** Every `sourceKeys` in an answer, however deep. */
function sourceKeysIn(value: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) sourceKeysIn(item, keys);
  else if (value && typeof value === 'object') {
    for (const [field, inner] of Object.entries(value)) {
      if (field !== 'sourceKeys' || !Array.isArray(inner)) sourceKeysIn(inner, keys);
      else for (const k of inner) if (typeof k === 'string') keys.add(k);
    }
  }
  return keys;
}

/** A property that should be text, as text ('' when it is not). */
const text = (value: unknown) => (typeof value === 'string' ? value : '');

export interface ProfileActions {
  /** Show the profile of (and highlight) another entity. */
  select(key: string, type: string): void;
}

interface Row {
  main: Child[];
  detail?: string | null;
  sourceKeys: string[];
}

/** Renders a loaded profile into the panel. */
export class ProfileRenderer {
  constructor(
    private readonly loaded: LoadedProfile,
    private readonly actions: ProfileActions,
  ) {}

  render(): HTMLElement[] {
    const p = this.loaded.profile;
    return [this.header(), ...this.sections(p)].filter((e): e is HTMLElement => e !== null);
  }

  private header(): HTMLElement {
    const p = this.loaded.profile;
    return h(
      'div',
      { class: 'profile-header' },
      h('span', { class: 'type-badge', style: `--type-color:${typeColor(p.__typename)}` }, typeLabel(p.__typename)),
      h('h2', { id: 'profile-name', tabindex: '-1' }, p.name),
      h('code', { class: 'entity-key' }, p.key),
      p.aliases.length > 0 ? h('p', { class: 'aliases' }, h('span', { class: 'muted' }, 'Also known as '), p.aliases.join(' · ')) : null,
    );
  }

  private sections(p: Profile): (HTMLElement | null)[] {
    const facts = this.facts(p);
    const description = p.description ? this.longText('About', p.description) : null;
    const sections: (HTMLElement | null)[] = [facts, description];
    const connection = (field: string) => p[`${field}Connection`] as Relation | undefined;
    const rel = (field: string) => connection(field)?.edges ?? [];
    /** A relationship as a section; a cut list says how many there are in all. */
    const list = (title: string, field: string, toRow: (edge: RelationEdge) => Row) =>
      this.section(title, rel(field).map(toRow), null, connection(field)?.totalCount);
    switch (p.__typename) {
      case 'Person':
        sections.push(list('Positions', 'roles', (e) => this.position(e)));
        break;
      case 'Organization':
      case 'Region':
        sections.push(list('People', 'staff', (e) => this.staffMember(e)));
        break;
    }
    if (['Person', 'Organization', 'Region'].includes(p.__typename)) {
      sections.push(list('Coordinates', 'coordinates', (e) => this.engagement(e, 'Coordinator')));
      sections.push(list('Takes part in', 'participatesIn', (e) => this.engagement(e, 'Participant')));
      const cut = ['coordinates', 'participatesIn'].some((f) => (connection(f)?.totalCount ?? 0) > rel(f).length);
      sections.push(this.fundingOfInitiatives([...rel('coordinates'), ...rel('participatesIn')], cut));
    }
    if (p.__typename === 'Organization') sections.push(this.grantsMade(rel('funds')));
    if (p.__typename === 'Project' || p.__typename === 'Ecosystem') {
      sections.push(list('Coordinators', 'coordinators', (e) => this.actor(e, 'Coordinator')));
      sections.push(list('Participants', 'participants', (e) => this.actor(e, 'Participant')));
    }
    if (p.__typename === 'Project') {
      sections.push(this.projectFunding(rel('fundedBy'), period(partialDate(p.start, p.startPrecision), partialDate(p.end, p.endPrecision))));
      if (typeof p.purpose === 'string') sections.push(this.longText('Purpose and goal', p.purpose));
      if (typeof p.results === 'string') sections.push(this.longText('Results', p.results));
      sections.push(list('Part of', 'partOf', (e) => this.plain(e)));
      sections.push(list('Sub-projects', 'subProjects', (e) => this.plain(e)));
      sections.push(list('Outcomes', 'outcomes', (e) => this.plain(e, enumText(e.node.kind))));
    }
    if (p.__typename === 'Ecosystem') {
      const links = [...rel('keyLinks')].sort((a, b) => Number(a.properties.position ?? 0) - Number(b.properties.position ?? 0));
      sections.push(
        this.section(
          'Key links',
          links.map((e) =>
            this.plain(e, [enumText(e.properties.kind), text(e.properties.label) ? `“${text(e.properties.label)}”` : ''].filter(Boolean).join(', ')),
          ),
        ),
      );
    }
    if (p.__typename === 'Organization') {
      sections.push(list('Part of', 'partOf', (e) => this.plain(e)));
      sections.push(list('Units', 'units', (e) => this.plain(e)));
      sections.push(list('Members', 'members', (e) => this.plain(e, text(e.properties.role))));
    }
    if (p.__typename === 'FocusArea') {
      sections.push(list('In focus for', 'focusedOnBy', (e) => this.plain(e, e.properties.current ? 'current focus' : null)));
      sections.push(list('A strength of', 'strengthOf', (e) => this.plain(e, text(e.properties.recognition))));
    }
    if (p.__typename === 'Outcome') sections.push(list('Of the projects', 'projects', (e) => this.plain(e)));
    if (p.__typename === 'Event') sections.push(list('Organised by', 'organizers', (e) => this.plain(e, text(e.properties.role))));
    sections.push(list('Focus areas', 'focusesOn', (e) => this.plain(e, e.properties.current ? 'current focus' : null)));
    sections.push(list('Strengths', 'strengths', (e) => this.plain(e, text(e.properties.recognition))));
    sections.push(list('Member of', 'memberOf', (e) => this.plain(e, text(e.properties.role))));
    sections.push(list('Located in', 'locatedIn', (e) => this.plain(e)));
    if (p.note) sections.push(h('section', { class: 'profile-section' }, h('h3', null, 'Curator’s note'), h('p', { class: 'note' }, p.note)));
    sections.push(this.statedIn(p));
    return sections;
  }

  private facts(p: Profile): HTMLElement | null {
    const items: [string, Child][] = [];
    const add = (label: string, value: unknown) => {
      if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return;
      items.push([
        label,
        Array.isArray(value) ? value.map(enumText).join(', ') : typeof value === 'string' || typeof value === 'number' ? String(value) : (value as Node),
      ]);
    };
    if (p.kind) add('Kind', enumText(p.kind));
    add('Kinds', p.kinds);
    add('Scope', p.scope ? enumText(p.scope) : null);
    add('Status', p.status ? enumText(p.status) : null);
    add('Period', period(partialDate(p.start, p.startPrecision), partialDate(p.end, p.endPrecision)));
    add('Acronym', p.acronym);
    add('Reference', p.referenceNumber);
    add('ISO code', p.isoCode);
    add('Collaborates with', typeof p.collaborationDegree === 'number' ? `${p.collaborationDegree} others (whole graph)` : null);
    if (typeof p.url === 'string' && p.url) add('Web', externalLink(p.url, p.url.replace(/^https?:\/\//, '').replace(/\/$/, ''), 'web-link'));
    if (items.length === 0) return null;
    return h(
      'section',
      { class: 'profile-section' },
      h('dl', { class: 'facts' }, ...items.flatMap(([label, value]) => [h('dt', null, label), h('dd', null, value)])),
    );
  }

  private longText(title: string, text: string): HTMLElement {
    const paragraphs = text.split(/\n\s*\n/).map((t) => h('p', null, t.trim()));
    if (text.length <= 420) return h('section', { class: 'profile-section' }, h('h3', null, title), ...paragraphs);
    return h(
      'section',
      { class: 'profile-section' },
      h('h3', null, title),
      h('details', { class: 'long-text' }, h('summary', null, `${text.slice(0, 260).trim()}…`), ...paragraphs),
    );
  }

  private section(title: string, rows: Row[], extra: Child = null, total?: number): HTMLElement | null {
    if (rows.length === 0) return null;
    const count = total !== undefined && total > rows.length ? `${rows.length} of ${total}` : String(rows.length);
    return h(
      'section',
      { class: 'profile-section' },
      h('h3', null, title, h('span', { class: 'count', title: count.includes('of') ? `The first ${rows.length} are listed` : null }, count)),
      extra,
      h('ul', { class: 'fact-list' }, ...rows.map((row) => this.row(row))),
    );
  }

  private row(row: Row): HTMLElement {
    return h(
      'li',
      null,
      h('div', { class: 'fact-main' }, ...row.main),
      row.detail ? h('div', { class: 'fact-detail' }, row.detail) : null,
      this.sourceLinks(row.sourceKeys),
    );
  }

  /** The sources stating a fact, each linked to its document. */
  sourceLinks(keys: string[]): HTMLElement | null {
    const unique = [...new Set(keys)];
    if (unique.length === 0) return null;
    return h(
      'div',
      { class: 'fact-sources' },
      h('span', { class: 'muted' }, unique.length === 1 ? 'Source: ' : 'Sources: '),
      ...unique.flatMap((key, i) => {
        const source = this.loaded.sources.get(key);
        const text = source ? `${source.title}${source.publisher ? ` (${source.publisher})` : ''}` : key;
        return [i > 0 ? ' · ' : null, externalLink(source?.url, text)];
      }),
    );
  }

  private entityButton(node: RelatedNode): HTMLElement {
    return h(
      'button',
      {
        type: 'button',
        class: 'entity-link',
        title: `${typeLabel(node.__typename)}: show its profile`,
        onclick: () => this.actions.select(node.key, node.__typename),
      },
      h('span', { class: 'type-dot', style: `background:${typeColor(node.__typename)}`, 'aria-hidden': 'true' }),
      node.name,
    );
  }

  private plain(edge: RelationEdge, detail?: string | null): Row {
    return { main: [this.entityButton(edge.node)], detail: detail || null, sourceKeys: edge.properties.sourceKeys };
  }

  private position(edge: RelationEdge): Row {
    const title = text(edge.properties.title) || 'Position';
    return { main: [`${title}, `, this.entityButton(edge.node)], detail: relationPeriod(edge.properties), sourceKeys: edge.properties.sourceKeys };
  }

  private staffMember(edge: RelationEdge): Row {
    return {
      main: [this.entityButton(edge.node), `, ${text(edge.properties.title)}`],
      detail: relationPeriod(edge.properties),
      sourceKeys: edge.properties.sourceKeys,
    };
  }

  /** What an actor coordinates or takes part in: role, initiative, the period of the role or of the project. */
  private engagement(edge: RelationEdge, defaultRole: string): Row {
    const role = typeof edge.properties.role === 'string' && edge.properties.role ? edge.properties.role : defaultRole;
    const node = edge.node;
    const projectPeriod = period(partialDate(node.start, node.startPrecision), partialDate(node.end, node.endPrecision));
    const detail = [typeLabel(node.__typename), relationPeriod(edge.properties) ?? projectPeriod, node.status ? enumText(node.status) : null]
      .filter(Boolean)
      .join(' · ');
    return { main: [`${role}: `, this.entityButton(node)], detail, sourceKeys: edge.properties.sourceKeys };
  }

  private actor(edge: RelationEdge, defaultRole: string): Row {
    const role = typeof edge.properties.role === 'string' && edge.properties.role ? edge.properties.role : defaultRole;
    return {
      main: [this.entityButton(edge.node)],
      detail: [role, relationPeriod(edge.properties)].filter(Boolean).join(' · '),
      sourceKeys: edge.properties.sourceKeys,
    };
  }

  private grant(
    funder: RelatedNode | null,
    project: RelatedNode | null,
    properties: Record<string, unknown> & { sourceKeys: string[] },
    projectDuration: string | null = null,
  ): Row {
    const amount = typeof properties.amount === 'number' ? formatMoney(properties.amount, properties.currency as string) : 'amount not stated';
    const stated = period(
      partialDate(properties.periodStart, properties.periodStartPrecision),
      partialDate(properties.periodEnd, properties.periodEndPrecision),
    );
    // As the curated queries do: the funding period, else the project's duration.
    const projectPeriod = project
      ? period(partialDate(project.start, project.startPrecision), partialDate(project.end, project.endPrecision))
      : projectDuration;
    const programme = [properties.programme, properties.call].filter((v) => typeof v === 'string' && v).join(', ');
    const main: Child[] = [h('strong', { class: 'amount' }, amount)];
    if (funder) main.push(' from ', this.entityButton(funder));
    if (project) main.push(funder ? ' to ' : ' to ', this.entityButton(project));
    return { main, detail: [stated ?? projectPeriod, programme].filter(Boolean).join(' · ') || null, sourceKeys: properties.sourceKeys };
  }

  private totalsLine(amounts: { amount: number | null | undefined; currency: string | null | undefined }[], count: number): HTMLElement | null {
    const sum = totals(amounts);
    if (sum.length === 0) return null;
    return h(
      'p',
      { class: 'totals' },
      h('span', { class: 'muted' }, 'Total: '),
      h('strong', null, moneyText(sum)),
      h('span', { class: 'muted' }, ` in ${count} grant${count === 1 ? '' : 's'}`),
    );
  }

  /** Funding of the projects an actor coordinates or takes part in, each grant once. */
  private fundingOfInitiatives(edges: RelationEdge[], cut: boolean): HTMLElement | null {
    const grants = new Map<string, { row: Row; amount: number | null | undefined; currency: string | null | undefined }>();
    for (const edge of edges) {
      for (const funding of edge.node.fundedByConnection?.edges ?? []) {
        const id = `${edge.node.key}|${funding.node.key}`;
        if (grants.has(id)) continue;
        grants.set(id, {
          row: this.grant({ ...funding.node, __typename: 'Organization' }, edge.node, funding.properties),
          amount: funding.properties.amount as number | null,
          currency: funding.properties.currency as string | null,
        });
      }
    }
    const all = [...grants.values()];
    return this.section(
      cut ? 'Funding of the projects listed' : 'Funding of its projects',
      all.map((g) => g.row),
      this.totalsLine(all, all.length),
    );
  }

  private projectFunding(edges: RelationEdge[], duration: string | null): HTMLElement | null {
    const amounts = edges.map((e) => ({ amount: e.properties.amount as number | null, currency: e.properties.currency as string | null }));
    return this.section(
      'Funded by',
      edges.map((e) => this.grant({ ...e.node, __typename: 'Organization' }, null, e.properties, duration)),
      this.totalsLine(amounts, edges.length),
    );
  }

  private grantsMade(edges: RelationEdge[]): HTMLElement | null {
    const amounts = edges.map((e) => ({ amount: e.properties.amount as number | null, currency: e.properties.currency as string | null }));
    return this.section(
      'Grants it made',
      edges.map((e) => this.grant(null, { ...e.node, __typename: 'Project' }, e.properties)),
      this.totalsLine(amounts, edges.length),
    );
  }

  private statedIn(p: Profile): HTMLElement | null {
    if (p.statedIn.length === 0) return null;
    return h(
      'section',
      { class: 'profile-section' },
      h('h3', null, 'Stated in', h('span', { class: 'count' }, String(p.statedIn.length))),
      h(
        'ul',
        { class: 'fact-list' },
        ...p.statedIn.map((s) =>
          h(
            'li',
            null,
            h('div', { class: 'fact-main' }, externalLink(s.url, s.title)),
            h('div', { class: 'fact-detail' }, [s.publisher, s.lastUpdated ? `updated ${s.lastUpdated}` : null].filter(Boolean).join(' · ')),
          ),
        ),
      ),
    );
  }
}
