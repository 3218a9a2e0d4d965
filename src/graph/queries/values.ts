import neo4j from 'neo4j-driver';

/** An integer parameter: JavaScript numbers reach Cypher as floats, which LIMIT and slices refuse. */
export const int = (value: number) => neo4j.int(value);

/** Plain numbers from Neo4j integers (the driver keeps them lossless by default). */
export function toNumber(value: unknown): number {
  return neo4j.isInt(value) ? (value as { toNumber(): number }).toNumber() : Number(value);
}

export type Precision = 'YEAR' | 'MONTH' | 'DAY';

export interface PartialDate {
  date: string;
  precision: Precision;
  text: string;
}

/** A stored date and its precision as a PartialDate: ('2017-06-01', MONTH) → text '2017-06'. */
export function partialDate(date: string | null | undefined, precision: unknown): PartialDate | null {
  if (date === null || date === undefined) return null;
  const iso = date;
  const p = (precision as Precision | null) ?? 'DAY';
  return { date: iso, precision: p, text: p === 'YEAR' ? iso.slice(0, 4) : p === 'MONTH' ? iso.slice(0, 7) : iso };
}
