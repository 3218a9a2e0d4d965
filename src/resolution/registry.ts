import { nameKeysOf } from '../importer/normalize';
import { detach } from '../util/detach';
import type { Seed, SeedEntity } from '../importer/seed-format';
import { identifiersOf } from './identifiers';
import { type LookAlike, lookAlikeReason, tokensOf } from './look-alikes';
import { type ResolutionContext, whyNotSame } from './rules';

/** An entity the registry knows: from the reference list, or named earlier in the run. */
export interface KnownEntity extends ResolutionContext {
  key: string;
  type: string;
  name: string;
  aliases: string[];
  /** The entity's other fields as its seed gives them (kind, kinds, isoCode, …). */
  fields: Record<string, unknown>;
  /** From the shipped reference list. */
  reference: boolean;
}

export interface Candidate extends Partial<ResolutionContext> {
  type: string;
  name: string;
  aliases?: string[];
  fields?: Record<string, unknown>;
}

export type ResolutionRule = 'identifier' | 'name' | 'reference';

/**
 * Entity resolution in memory, for extraction: the reference list and the entities the run has
 * named so far. The same rules as the importer's resolution in the graph (rules.ts): strong
 * identifiers first, then normalised names and aliases, never on a weak signal; the look-alikes
 * that were not merged are kept for the curator.
 */
export class EntityRegistry {
  private readonly byKey = new Map<string, KnownEntity>();
  private readonly byName = new Map<string, KnownEntity[]>();
  private readonly byIdentifier = new Map<string, KnownEntity[]>();
  private readonly byToken = new Map<string, KnownEntity[]>();
  readonly lookAlikes: LookAlike[] = [];
  private readonly lookAlikePairs = new Set<string>();
  /** Keys of entities whose display name changed during the run (a better spelling came later). */
  readonly renamed = new Set<string>();

  /** A registry of the entities the given seeds declare (the reference list). */
  static fromSeeds(seeds: Seed[]): EntityRegistry {
    const registry = new EntityRegistry();
    for (const seed of seeds) for (const entity of seed.entities) registry.add(entityFromSeed(entity, true));
    return registry;
  }

  get(key: string): KnownEntity | undefined {
    return this.byKey.get(key);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** Adds an entity (a copy of it that holds no document's text, which is returned), or names to the one of its key. */
  add(added: KnownEntity): KnownEntity {
    const existing = this.byKey.get(added.key);
    if (existing) {
      this.addNames(existing, [added.name, ...added.aliases]);
      return existing;
    }
    const entity = detach(added);
    this.byKey.set(entity.key, entity);
    this.index(entity, [entity.name, ...entity.aliases]);
    for (const [kind, value] of entity.identifiers) push(this.byIdentifier, `${entity.type}\n${kind}\n${value}`, entity);
    return entity;
  }

  /** More names for a known entity (the forms a document writes it in). */
  addNames(entity: KnownEntity, names: string[]): void {
    const fresh = detach(names.filter((n) => n && n !== entity.name && !entity.aliases.includes(n)));
    entity.aliases.push(...fresh);
    this.index(entity, fresh);
  }

  /** A better display name for a known entity; the old one stays an alias. */
  rename(entity: KnownEntity, name: string): void {
    if (name === entity.name) return;
    const old = entity.name;
    entity.name = detach(name);
    entity.aliases = [...entity.aliases.filter((a) => a !== name), old];
    this.renamed.add(entity.key);
  }

  private index(entity: KnownEntity, names: string[]): void {
    for (const nameKey of nameKeysOf(undefined, names)) push(this.byName, `${entity.type}\n${nameKey}`, entity);
    for (const token of new Set(names.flatMap(tokensOf))) push(this.byToken, `${entity.type}\n${token}`, entity);
  }

  /**
   * The known entity a candidate is, of one of `types` (a name may be an Organization or a
   * Region): by a shared strong identifier, else by a normalised name or alias where the rules
   * allow. Several possible matches are no match. Rejected same-named entities become look-alikes.
   */
  find(
    candidate: Candidate,
    types: string[] = [candidate.type],
  ): { entity?: KnownEntity; rule?: ResolutionRule; rejected: { entity: KnownEntity; reason: string }[] } {
    const identifiers = candidate.identifiers ?? identifiersOf(candidate.type, candidate.fields ?? {});
    const context: ResolutionContext = {
      identifiers,
      ...(candidate.employers ? { employers: candidate.employers } : {}),
      ...(candidate.funders ? { funders: candidate.funders } : {}),
    };
    for (const type of types) {
      const byIdentifier = unique([...identifiers].flatMap(([kind, value]) => this.byIdentifier.get(`${type}\n${kind}\n${value}`) ?? []));
      if (byIdentifier.length === 1) return { entity: byIdentifier[0], rule: 'identifier', rejected: [] };
    }
    const names = [candidate.name, ...(candidate.aliases ?? [])];
    const matches: KnownEntity[] = [];
    const rejected: { entity: KnownEntity; reason: string }[] = [];
    for (const type of types) {
      for (const entity of unique(nameKeysOf(undefined, names).flatMap((k) => this.byName.get(`${type}\n${k}`) ?? []))) {
        const reason = whyNotSame(type, context, entity);
        if (reason) rejected.push({ entity, reason });
        else matches.push(entity);
      }
    }
    if (matches.length === 1) return { entity: matches[0], rule: matches[0]!.reference ? 'reference' : 'name', rejected };
    if (matches.length > 1) rejected.push(...matches.map((entity) => ({ entity, reason: `same name as ${matches.length} entities; not merged with any` })));
    return { rejected };
  }

  /** Records a new entity's look-alikes: those `find` rejected, and those with similar names. */
  noteNew(entity: KnownEntity, rejected: { entity: KnownEntity; reason: string }[]): void {
    for (const r of rejected) this.noteLookAlike(entity.type, entity, r.entity, r.reason);
    this.recordLookAlikes(entity);
  }

  /** Look-alikes of a (newly added) entity among those of its type: similar names that were not merged. */
  recordLookAlikes(entity: KnownEntity): void {
    const names = [entity.name, ...entity.aliases];
    const others = unique(tokensOf(names.join(' ')).flatMap((t) => this.byToken.get(`${entity.type}\n${t}`) ?? [])).filter((o) => o !== entity);
    for (const other of others) {
      const reason = lookAlikeReason(names, [other.name, ...other.aliases]);
      if (reason) this.noteLookAlike(entity.type, entity, other, reason);
    }
  }

  private noteLookAlike(type: string, a: { key: string; name: string }, b: { key: string; name: string }, reason: string): void {
    const pair = [a.key, b.key].sort().join('\n');
    if (a.key === b.key || this.lookAlikePairs.has(pair)) return;
    this.lookAlikePairs.add(pair);
    this.lookAlikes.push({ type, a: { key: a.key, name: a.name }, b: { key: b.key, name: b.name }, reason });
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}
const unique = <T>(items: T[]) => [...new Set(items)];

/** A seed's entity as the registry holds it. */
export function entityFromSeed(entity: SeedEntity, reference: boolean): KnownEntity {
  const { key, type, name, aliases, ...fields } = entity;
  return { key, type, name, aliases: [...((aliases as string[] | undefined) ?? [])], fields, identifiers: identifiersOf(type, fields), reference };
}
