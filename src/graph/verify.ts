import type { Driver } from 'neo4j-driver';
import { computeFundingTotals, FUNDING_GROUPINGS, type FundingTotal, fundingViewName } from './queries/funding';
import { readView } from './views';

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

const groupKey = (t: FundingTotal) => `${t.group ? `${t.group.type} ${t.group.key}` : `year ${t.year}`} ${t.currency}`;
const describe = (t: FundingTotal | undefined) => (t ? `${t.total} in ${t.projectCount} projects${t.group ? ` (${t.group.name})` : ''}` : 'absent');

function sameTotal(a: FundingTotal, b: FundingTotal): boolean {
  return (
    a.projectCount === b.projectCount &&
    Math.abs(a.total - b.total) <= 1e-9 * Math.max(1, Math.abs(b.total)) &&
    a.group?.name === b.group?.name &&
    a.group?.type === b.group?.type
  );
}

/** The groups of `stored` and `fresh` that differ, each named with both figures. */
export function totalsDifferences(stored: FundingTotal[], fresh: FundingTotal[]): string[] {
  const before = new Map(stored.map((t) => [groupKey(t), t]));
  const after = new Map(fresh.map((t) => [groupKey(t), t]));
  const differences: string[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const s = before.get(key);
    const f = after.get(key);
    if (!s || !f || !sameTotal(s, f)) differences.push(`${key}: stored ${describe(s)}, recomputed ${describe(f)}`);
  }
  return differences.sort();
}

/**
 * Recomputes every view made at the graph's current generation (the funding totals by funder,
 * region, organisation and year) from scratch and compares. A view made at an older generation
 * is not a difference: no reader uses it, and the next read makes it anew.
 */
export async function verifyViews(driver: Driver, database: string): Promise<ViewCheck[]> {
  const checks: ViewCheck[] = [];
  const session = driver.session({ database, defaultAccessMode: 'READ' });
  try {
    for (const groupBy of FUNDING_GROUPINGS) {
      const view = fundingViewName(groupBy);
      checks.push(
        await session.executeRead(async (tx): Promise<ViewCheck> => {
          const stored = await readView(tx, view);
          const base = { view, madeAt: stored.madeAt, generation: stored.generation, differences: [] };
          if (stored.json === null) return { ...base, state: 'not made' };
          if (stored.madeAt !== stored.generation) return { ...base, state: 'stale' };
          const fresh = await computeFundingTotals(tx, groupBy);
          if (fresh.generation === null) return { ...base, state: 'graph changed while checking' };
          return { ...base, state: 'current', differences: totalsDifferences(JSON.parse(stored.json) as FundingTotal[], fresh.totals) };
        }),
      );
    }
  } finally {
    await session.close();
  }
  return checks;
}
