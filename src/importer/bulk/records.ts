/**
 * What every bulk reader (ecograph JSON Lines, APOC JSON Lines, neo4j-admin CSV) turns its input
 * into: one record per node or relationship, in the seed format's terms, with the line it came
 * from. Validation and writing (src/importer/bulk/) only ever see these.
 */

/** Where a record or a problem is: the file and its 1-based line (a CSV record's first line). */
export interface RecordLocation {
  file: string;
  line: number;
}

/**
 * Field values as a seed file writes them: strings, numbers, booleans, lists of those; dates as
 * partial-date text ('2017', '2017-06', '2017-06-21') — a reader folds a stored Date plus its
 * `<field>Precision` back into that text. `key`, `type` and `sourceKeys` are not among them.
 */
export type RecordFields = Record<string, unknown>;

export interface BulkNode {
  kind: 'node';
  /** A model entity type ('Organization', …) or the model's source type ('Source'). */
  type: string;
  key: string;
  fields: RecordFields;
  /** Keys of the Source nodes that state it; empty when the input does not say (then the run's default source does). */
  sources: string[];
  at: RecordLocation;
}

export interface BulkRelationship {
  kind: 'relationship';
  /** A model relationship type ('FUNDED_BY', …), or the source type's own (STATED_IN, PUBLISHED_BY). */
  type: string;
  from: string;
  to: string;
  fields: RecordFields;
  sources: string[];
  at: RecordLocation;
}

/** Something a reader could not turn into a record (malformed line, unknown header, …). */
export interface ReadProblem {
  kind: 'problem';
  at: RecordLocation;
  message: string;
}

export type BulkRecord = BulkNode | BulkRelationship;
export type ReadItem = BulkRecord | ReadProblem;

/** A reader streams one input (a file, or a group of CSV files) without holding it in memory. */
export type BulkReader = AsyncIterable<ReadItem>;
