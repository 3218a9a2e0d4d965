import type { GraphModel } from '../graph/model';
import type { SeedPlan } from './plan';
import type { Tx } from './resolve';
import { addCounts, type ChangeCounts, noChanges } from './summary';

/**
 * What other sources state wins: a file overwrites the properties of an element only it states;
 * on an element other sources also state, it only fills in properties the element lacks. So
 * two files that disagree on, say, a note do not overwrite each other on every import.
 */
const soleSource = (element: string) => `all(k IN coalesce(${element}.sourceKeys, []) WHERE k = $sourceKey)`;
const propertiesToSet = (element: string, properties: string) =>
  `CASE WHEN ${soleSource(element)} THEN ${properties} ELSE apoc.map.removeKeys(${properties}, keys(${element})) END`;
/** Cypher for "writing this property map would change the element". */
const differs = (element: string, properties: string) =>
  `any(k IN keys(${properties}) WHERE NOT coalesce(${element}[k] = ${properties}[k], false) AND (${soleSource(element)} OR ${element}[k] IS NULL))`;
/** Cypher for the element's sourceKeys with the file's source added once. */
const withSource = (element: string) =>
  `CASE WHEN $sourceKey IN coalesce(${element}.sourceKeys, []) THEN ${element}.sourceKeys ELSE coalesce(${element}.sourceKeys, []) + $sourceKey END`;

const COUNTS = `RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created, sum(CASE WHEN updated THEN 1 ELSE 0 END) AS updated, count(*) AS total`;

async function counted(tx: Tx, query: string, parameters: Record<string, unknown>): Promise<ChangeCounts> {
  const result = await tx.run(query, parameters);
  const record = result.records[0];
  if (!record) return noChanges();
  const [created, updated, total] = ['created', 'updated', 'total'].map((k) => Number(record.get(k) ?? 0)) as [number, number, number];
  return { created, updated, unchanged: total - created - updated, deleted: 0 };
}

/** The file's Source node, replaced whole: one file owns it. */
async function writeSource(tx: Tx, plan: SeedPlan, model: GraphModel, nodes: ChangeCounts) {
  const label = model.source.name;
  addCounts(
    nodes,
    await counted(
      tx,
      `OPTIONAL MATCH (old:\`${label}\` {key: $sourceKey})
       WITH old IS NULL AS created, old IS NOT NULL AND properties(old) <> $properties AS updated
       MERGE (s:\`${label}\` {key: $sourceKey}) SET s = $properties
       ${COUNTS}`,
      { sourceKey: plan.sourceKey, properties: { ...plan.sourceProperties, key: plan.sourceKey } },
    ),
  );
}

/** The Source's PUBLISHED_BY link, once the publisher entity exists. */
async function writePublisher(tx: Tx, plan: SeedPlan, model: GraphModel, relationships: ChangeCounts) {
  const label = model.source.name;
  const publishedBy = model.source.publishedBy;
  if (!publishedBy) return;
  const stale = await tx.run(
    `MATCH (:\`${label}\` {key: $sourceKey})-[r:\`${publishedBy.type}\`]->(p) WHERE p.key <> $publisherKey OR $publisherKey IS NULL
     DELETE r RETURN count(*) AS deleted`,
    { sourceKey: plan.sourceKey, publisherKey: plan.publisherKey ?? null },
  );
  addCounts(relationships, { deleted: Number(stale.records[0]?.get('deleted') ?? 0) });
  if (!plan.publisherKey) return;
  addCounts(
    relationships,
    await counted(
      tx,
      `MATCH (s:\`${label}\` {key: $sourceKey}), (p:\`${model.entityLabel}\` {key: $publisherKey})
       OPTIONAL MATCH (s)-[old:\`${publishedBy.type}\`]->(p)
       WITH s, p, old IS NULL AS created, false AS updated
       MERGE (s)-[r:\`${publishedBy.type}\`]->(p) SET r.sourceKeys = [$sourceKey]
       ${COUNTS}`,
      { sourceKey: plan.sourceKey, publisherKey: plan.publisherKey },
    ),
  );
}

/** Entities: MERGE by key, labels from the model, aliases and sourceKeys unioned; each linked to the Source. */
async function writeEntities(tx: Tx, plan: SeedPlan, model: GraphModel, nodes: ChangeCounts, relationships: ChangeCounts) {
  const entity = model.entityLabel;
  for (const { type, rows } of plan.entities) {
    const labels = type.labels.map((l) => `:\`${l}\``).join('');
    addCounts(
      nodes,
      await counted(
        tx,
        `UNWIND $rows AS row
         OPTIONAL MATCH (old:\`${entity}\` {key: row.key})
         WITH row, old, coalesce(row.mergedName, false) OR (old IS NOT NULL AND NOT ${soleSource('old')}) AS keepName
         // A name that does not replace the existing one is kept as an alias.
         WITH row, old, keepName, CASE WHEN keepName THEN row.aliases + row.name ELSE row.aliases END AS aliases
         WITH row, keepName, aliases, old IS NULL AS created,
              old IS NOT NULL AND (${differs('old', 'row.properties')}
                OR (NOT keepName AND NOT coalesce(old.name = row.name, false))
                OR any(a IN aliases WHERE NOT a IN coalesce(old.aliases, []) AND a <> old.name)
                OR NOT $sourceKey IN coalesce(old.sourceKeys, [])) AS updated
         MERGE (n:\`${entity}\` {key: row.key})
         SET n${labels}, n += ${propertiesToSet('n', 'row.properties')}
         SET n.name = CASE WHEN keepName THEN coalesce(n.name, row.name) ELSE row.name END
         SET n.aliases = reduce(acc = coalesce(n.aliases, []), a IN aliases | CASE WHEN a IN acc OR a = n.name THEN acc ELSE acc + a END),
             n.sourceKeys = ${withSource('n')}
         ${COUNTS}`,
        { rows, sourceKey: plan.sourceKey },
      ),
    );
  }
  addCounts(
    relationships,
    await counted(
      tx,
      `MATCH (s:\`${model.source.name}\` {key: $sourceKey})
       UNWIND $keys AS key
       MATCH (n:\`${entity}\` {key: key})
       OPTIONAL MATCH (n)-[old:\`${model.statedIn}\`]->(s)
       WITH n, s, old IS NULL AS created, false AS updated
       MERGE (n)-[r:\`${model.statedIn}\`]->(s) SET r.sourceKeys = [$sourceKey]
       ${COUNTS}`,
      { sourceKey: plan.sourceKey, keys: [...new Set(plan.entities.flatMap((g) => g.rows.map((r) => r.key)))] },
    ),
  );
}

/** Relationships: MERGE by (type, from, to, identity properties); sourceKeys unioned. */
async function writeRelationships(tx: Tx, plan: SeedPlan, model: GraphModel, relationships: ChangeCounts) {
  const entity = model.entityLabel;
  for (const { relationship, rows } of plan.relationships) {
    const identity = relationship.identity.length ? ` {${relationship.identity.map((p) => `\`${p}\`: row.identity.\`${p}\``).join(', ')}}` : '';
    const type = `\`${relationship.type}\`${identity}`;
    addCounts(
      relationships,
      await counted(
        tx,
        `UNWIND $rows AS row
         MATCH (a:\`${entity}\` {key: row.from}), (b:\`${entity}\` {key: row.to})
         OPTIONAL MATCH (a)-[old:${type}]->(b)
         WITH a, b, row, old IS NULL AS created,
              old IS NOT NULL AND (${differs('old', 'row.properties')} OR NOT $sourceKey IN coalesce(old.sourceKeys, [])) AS updated
         MERGE (a)-[r:${type}]->(b)
         SET r += ${propertiesToSet('r', 'row.properties')}
         SET r.sourceKeys = ${withSource('r')}
         ${COUNTS}`,
        { rows, sourceKey: plan.sourceKey },
      ),
    );
  }
}

/** Writes what the plan states; retraction of what it no longer states is separate (retract.ts). */
export async function writePlan(tx: Tx, plan: SeedPlan, model: GraphModel): Promise<{ nodes: ChangeCounts; relationships: ChangeCounts }> {
  const nodes = noChanges();
  const relationships = noChanges();
  await writeSource(tx, plan, model, nodes);
  await writeEntities(tx, plan, model, nodes, relationships);
  await writePublisher(tx, plan, model, relationships);
  await writeRelationships(tx, plan, model, relationships);
  return { nodes, relationships };
}
