import type { Driver } from 'neo4j-driver';
import type { GraphModel } from './model';
import { missingFieldViews } from './ordered-pages';
import { FUNDING_GROUPINGS, fundingView } from './queries/funding';
import { computeView, readView, type ViewDefinition } from './views';

/** What `ecograph verify` found of one view. */
export interface ViewCheck {
  view: string;
  state: 'current' | 'stale' | 'not made' | 'graph changed while checking';
  /** The generation the view was made at, and the graph's. */
  madeAt: number | null;
  generation: number;
  /** Groups whose stored figures differ from the recomputed ones (only for a current view). */
  differences: string[];
}

/** Every view the graph's readers may make (src/graph/views.ts). */
export const allViews = (model: GraphModel): ViewDefinition<unknown>[] => [
  ...FUNDING_GROUPINGS.map((groupBy) => fundingView(groupBy) as ViewDefinition<unknown>),
  ...(missingFieldViews(model) as ViewDefinition<unknown>[]),
];

/**
 * Recomputes every view made at the graph's current generation (the funding totals by funder,
 * region, organisation and year; the counts of nodes lacking an @ordered field) from scratch and
 * compares. A view made at an older generation is not a difference: no reader uses it, and the
 * next read makes it anew.
 */
export async function verifyViews(driver: Driver, database: string, model: GraphModel): Promise<ViewCheck[]> {
  const checks: ViewCheck[] = [];
  const session = driver.session({ database, defaultAccessMode: 'READ' });
  try {
    for (const definition of allViews(model)) {
      const view = definition.name;
      checks.push(
        await session.executeRead(async (tx): Promise<ViewCheck> => {
          const stored = await readView(tx, view);
          const base = { view, madeAt: stored.madeAt, generation: stored.generation, differences: [] };
          if (stored.json === null) return { ...base, state: 'not made' };
          if (stored.madeAt !== stored.generation) return { ...base, state: 'stale' };
          const fresh = await computeView(tx, definition);
          if (fresh.generation === null) return { ...base, state: 'graph changed while checking' };
          return { ...base, state: 'current', differences: definition.differences(JSON.parse(stored.json), fresh.value) };
        }),
      );
    }
  } finally {
    await session.close();
  }
  return checks;
}
