/** One thing wrong with a seed file: where (file, line, path into the data) and what. */
export interface SeedProblem {
  file: string;
  line?: number;
  /** Path into the seed, e.g. `entities[3].start`, or '' for the file as a whole. */
  path: string;
  /** The entity key or relationship the path points into, when there is one. */
  subject?: string;
  message: string;
}

export type DataPath = readonly (string | number)[];

/** `entities[3].start` from ['entities', 3, 'start']. */
export const formatDataPath = (path: DataPath) => path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');

export function formatProblem(problem: SeedProblem): string {
  const where = `${problem.file}${problem.line !== undefined ? `:${problem.line}` : ''}`;
  const what = [problem.path, problem.subject ? `(${problem.subject})` : ''].filter(Boolean).join(' ');
  return `${where}: ${what ? `${what}: ` : ''}${problem.message}`;
}

/** Thrown before anything is written: every problem of every file, all at once. */
export class SeedValidationError extends Error {
  constructor(readonly problems: SeedProblem[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in seed files:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.name = 'SeedValidationError';
  }
}
