import { normalizeName } from '../importer/normalize';
import { FORMAT_VERSION, type Seed, type SeedEntity, type SeedRelationship, type SeedSource } from '../importer/seed-format';
import type { EntityRegistry, KnownEntity } from '../resolution/registry';
import { betterName, organisationKindOf } from './organisations';
import { slugify } from './text';

/** Fields of a known entity its seed must carry (the model requires them). */
const REQUIRED_FIELDS: Record<string, string[]> = { Organization: ['kind'] };

const lastPart = (key: string) => key.slice(key.lastIndexOf(':') + 1);

/**
 * One document's seed, its entities resolved through the run's registry: an entity the reference
 * list or an earlier document names keeps that key, and a name written otherwise becomes an alias.
 */
export class SeedBuilder {
  private readonly entities = new Map<string, SeedEntity>();
  private readonly relationships = new Map<string, SeedRelationship>();

  constructor(
    private readonly registry: EntityRegistry,
    private readonly source: SeedSource,
  ) {}

  /** A key of `prefix` not yet taken in the run. */
  newKey(prefix: string, slug: string): string {
    const base = `${prefix}:${slug || 'unnamed'}`;
    let key = base;
    for (let n = 2; this.registry.has(key); n++) key = `${base}-${n}`;
    return key;
  }

  /** Declares an entity of this document (merged with what it already declared of it). */
  declare(entity: SeedEntity): string {
    const existing = this.entities.get(entity.key);
    if (!existing) this.entities.set(entity.key, { ...entity, aliases: [...((entity.aliases as string[] | undefined) ?? [])] });
    else {
      const aliases = existing.aliases as string[];
      for (const alias of (entity.aliases as string[] | undefined) ?? []) if (!aliases.includes(alias)) aliases.push(alias);
      for (const [field, value] of Object.entries(entity)) if (existing[field] === undefined) existing[field] = value;
    }
    return entity.key;
  }

  /** Declares a known entity, with the names this document writes it as. */
  declareKnown(entity: KnownEntity, written: string[] = []): string {
    const fields = Object.fromEntries((REQUIRED_FIELDS[entity.type] ?? []).filter((f) => entity.fields[f] !== undefined).map((f) => [f, entity.fields[f]]));
    return this.declare({ key: entity.key, type: entity.type, name: entity.name, aliases: written.filter((w) => w !== entity.name), ...fields });
  }

  /** A name the document writes for an entity it declared. */
  addAlias(key: string, alias: string): void {
    const entity = this.entities.get(key);
    if (!entity) return;
    const aliases = entity.aliases as string[];
    if (alias !== entity.name && !aliases.includes(alias)) aliases.push(alias);
    const known = this.registry.get(key);
    if (known) this.registry.addNames(known, [alias]);
  }

  /** Another spelling of a declared entity's name: an alias, and its display name when it is the better one. */
  respell(key: string, spelling: string): void {
    this.addAlias(key, spelling);
    const known = this.registry.get(key);
    if (known && !known.reference) this.registry.rename(known, betterName(known.name, spelling));
  }

  /** Drops a field the document turned out not to state. */
  unset(key: string, field: string): void {
    delete this.entities.get(key)?.[field];
  }

  relate(relationship: SeedRelationship): void {
    const id = JSON.stringify([relationship.type, relationship.from, relationship.to, relationship.role ?? relationship.title ?? '']);
    if (!this.relationships.has(id)) this.relationships.set(id, relationship);
  }

  /**
   * An organisation as written: the reference list's or the run's entity of that name (an
   * Organization, or a Region such as 'Region Västerbotten'), else a new Organization with a kind
   * its name makes evident. `parent` keys a unit under its organisation.
   */
  organisation(written: string, options: { parent?: string; kind?: string } = {}): string {
    const found = this.registry.find({ type: 'Organization', name: written }, ['Organization', 'Region']);
    let entity = found.entity;
    if (entity) {
      this.registry.addNames(entity, [written]);
      if (!entity.reference) this.registry.rename(entity, betterName(entity.name, written));
    } else {
      // A registry marker such as Vinnova's '(svb)' is no part of the key.
      const slug = slugify(normalizeName(written.replace(/\s*\((?:svb|publ)\)\s*$/i, '')));
      const key = this.newKey('org', options.parent ? `${options.parent.slice(options.parent.indexOf(':') + 1)}:${slug}` : slug);
      entity = this.registry.add({
        key,
        type: 'Organization',
        name: written,
        aliases: [],
        fields: { kind: options.kind ?? organisationKindOf(written) },
        identifiers: new Map(),
        reference: false,
      });
      this.registry.noteNew(entity, found.rejected);
    }
    return this.declareKnown(entity, [written]);
  }

  /** A person, recognised only together with the organisation they work for (`employer`), else keyed by `context`. */
  person(name: string, employer: string | undefined, context: string): string {
    const employers = new Set(employer ? [employer] : []);
    const found = this.registry.find({ type: 'Person', name, employers });
    let entity = found.entity;
    if (!entity) {
      entity = this.registry.add({
        key: this.newKey('person', `${slugify(name)}:${lastPart(employer ?? context)}`),
        type: 'Person',
        name,
        aliases: [],
        fields: {},
        identifiers: new Map(),
        employers,
        reference: false,
      });
      this.registry.noteNew(entity, found.rejected);
    }
    return this.declareKnown(entity, [name]);
  }

  /** An entity of another type found by its name in the registry, or declared new. */
  named(type: string, prefix: string, name: string, fields: Record<string, unknown> = {}, context: { funders?: Set<string>; slug?: string } = {}): string {
    const found = this.registry.find({ type, name, fields, ...(context.funders ? { funders: context.funders } : {}) });
    let entity = found.entity;
    if (entity) this.registry.addNames(entity, [name]);
    else {
      entity = this.registry.add({
        key: this.newKey(prefix, context.slug ?? slugify(name)),
        type,
        name,
        aliases: [],
        fields,
        identifiers: new Map(),
        ...(context.funders ? { funders: context.funders } : {}),
        reference: false,
      });
      this.registry.noteNew(entity, found.rejected);
    }
    return this.declare({ key: entity.key, type, name: entity.name, aliases: name === entity.name ? [] : [name], ...fields });
  }

  /**
   * The seed, with each entity's name as it is at the end of the run (`finalNames`: a better
   * spelling may come from a later document), else as the registry has it now; the names this
   * document wrote stay as aliases.
   */
  toSeed(finalNames: ReadonlyMap<string, string> = new Map()): Seed {
    const entities = [...this.entities.values()].map((e) => {
      const name = finalNames.get(e.key) ?? this.registry.get(e.key)?.name ?? e.name;
      const aliases = [...new Set([...(e.aliases as string[]), ...(name !== e.name ? [e.name] : [])])].filter((a) => a !== name);
      return { ...e, name, aliases };
    });
    return { formatVersion: FORMAT_VERSION, source: this.source, entities, relationships: [...this.relationships.values()] };
  }
}
