import type { InputProblem } from '../errors';

/** One thing wrong with a seed file (see InputProblem); SeedValidationError in src/errors.ts reports them. */
export type SeedProblem = InputProblem;

export type DataPath = readonly (string | number)[];

/** `entities[3].start` from ['entities', 3, 'start']. */
export const formatDataPath = (path: DataPath) => path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
