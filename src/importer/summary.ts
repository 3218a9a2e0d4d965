import type { LookAlike } from '../resolution/look-alikes';

/** What one import did to nodes or to relationships. */
export interface ChangeCounts {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

/** A new key that was recognised as an existing entity by its name, and merged into it. */
export interface EntityMerge {
  file: string;
  key: string;
  name: string;
  mergedInto: string;
  type: string;
  /** Which rule merged it: a shared strong identifier, or the name (see src/resolution/). */
  rule?: 'identifier' | 'name';
}

export interface FileSummary {
  file: string;
  sourceKey: string;
  nodes: ChangeCounts;
  relationships: ChangeCounts;
  merges: EntityMerge[];
  /** Entities of the file that look like existing ones but were not merged, with why. */
  lookAlikes: LookAlike[];
}

export interface ImportSummary {
  files: FileSummary[];
  nodes: ChangeCounts;
  relationships: ChangeCounts;
  merges: EntityMerge[];
  lookAlikes: LookAlike[];
  dryRun: boolean;
  durationMs: number;
}

export const noChanges = (): ChangeCounts => ({ created: 0, updated: 0, unchanged: 0, deleted: 0 });

export function addCounts(into: ChangeCounts, more: Partial<ChangeCounts>): ChangeCounts {
  into.created += more.created ?? 0;
  into.updated += more.updated ?? 0;
  into.unchanged += more.unchanged ?? 0;
  into.deleted += more.deleted ?? 0;
  return into;
}

export const changedAnything = (summary: Pick<ImportSummary, 'nodes' | 'relationships'>) =>
  [summary.nodes, summary.relationships].some((c) => c.created + c.updated + c.deleted > 0);

const formatCounts = (c: ChangeCounts) => `${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.deleted} deleted`;

/** One line: what the run did (or, for a dry run, would do). */
export function formatSummary(summary: ImportSummary): string {
  const files = `${summary.files.length} seed file${summary.files.length === 1 ? '' : 's'}`;
  const verb = summary.dryRun ? 'dry run of' : 'imported';
  const outcome = changedAnything(summary) ? '' : ' — nothing changed';
  const merges = summary.merges.length ? `; ${summary.merges.length} entit${summary.merges.length === 1 ? 'y' : 'ies'} merged by name` : '';
  return `${verb} ${files} in ${summary.durationMs} ms${outcome}: nodes ${formatCounts(summary.nodes)}; relationships ${formatCounts(summary.relationships)}${merges}`;
}

export const formatMerge = (m: EntityMerge) =>
  `${m.file}: ${m.type} ${m.key} ("${m.name}") merged into ${m.mergedInto}${m.rule === 'identifier' ? ' (same identifier)' : ''}`;
