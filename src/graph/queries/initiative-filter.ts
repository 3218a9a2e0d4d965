import { periodEnd } from './cypher';

export interface InitiativeFilter {
  region?: string | null;
  funder?: string | null;
  focusArea?: string | null;
  status?: string | null;
  activeFrom?: string | null;
  activeTo?: string | null;
}

/**
 * The WHERE conditions on initiative `i` that a filter asks for, and their parameters. Only the
 * conditions given are emitted, so the planner sees plain predicates. Undated initiatives
 * (most ecosystems) pass the period conditions.
 */
export function initiativeConditions(filter: InitiativeFilter | null | undefined, i = 'i'): { where: string[]; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (!filter) return { where, params };
  if (filter.region) {
    params.filterRegion = filter.region;
    where.push(`(EXISTS { (${i})-[:LOCATED_IN|KEY_LINK*1..3]->(:Entity {key: $filterRegion}) }
      OR EXISTS { MATCH (${i})<-[:COORDINATES|PARTICIPATES_IN]-(actor)
                  WHERE actor.key = $filterRegion OR EXISTS { (actor)-[:LOCATED_IN|HOLDS_ROLE|PART_OF*1..2]->(:Entity {key: $filterRegion}) } })`);
  }
  if (filter.funder) {
    params.filterFunder = filter.funder;
    where.push(`EXISTS { (${i})-[:FUNDED_BY]->(:Entity {key: $filterFunder}) }`);
  }
  if (filter.focusArea) {
    params.filterFocusArea = filter.focusArea;
    where.push(`EXISTS { (${i})-[:FOCUSES_ON]->(:Entity {key: $filterFocusArea}) }`);
  }
  if (filter.status) {
    params.filterStatus = filter.status;
    where.push(`${i}.status = $filterStatus`);
  }
  if (filter.activeFrom) {
    params.filterActiveFrom = filter.activeFrom;
    where.push(`(${i}.end IS NULL OR ${periodEnd(i)} >= date($filterActiveFrom))`);
  }
  if (filter.activeTo) {
    params.filterActiveTo = filter.activeTo;
    where.push(`(${i}.start IS NULL OR ${i}.start <= date($filterActiveTo))`);
  }
  return { where, params };
}
