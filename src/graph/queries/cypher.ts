/** Cypher fragments the curated queries share. */

/** Any entity as the curated queries return it (the EntityRef type of schema/queries.graphql). */
export interface EntityRef {
  key: string;
  name: string;
  type: string;
}

/** An EntityRef map of node `n`: its key, name and type (its label other than Entity). */
export const ref = (n: string) => `{ key: ${n}.key, name: ${n}.name, type: head([l IN labels(${n}) WHERE l <> 'Entity']) }`;

/** Kinds of node that take part in collaborations. */
export const isActor = (n: string) => `(${n}:Organization OR ${n}:Person OR ${n}:Region)`;

/** Kinds of node that are coordinated, participated in and funded. */
export const isInitiative = (n: string) => `(${n}:Project OR ${n}:Ecosystem)`;

/**
 * The last day an end date stands for: 'December 2021' (2021-12-01, MONTH) lasts until
 * 2021-12-31.
 */
export const periodEnd = (n: string, field = 'end') =>
  `CASE ${n}.${field}Precision
     WHEN 'YEAR' THEN ${n}.${field} + duration({years: 1}) - duration({days: 1})
     WHEN 'MONTH' THEN ${n}.${field} + duration({months: 1}) - duration({days: 1})
     ELSE ${n}.${field} END`;
