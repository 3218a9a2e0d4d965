import { errors } from '../errors';
import { verifyViews } from '../graph/verify';
import { withStore } from './seed-commands';

/** `ecograph verify`: recomputes the maintained views from scratch; fails naming every difference. */
export async function verifyCommand(): Promise<void> {
  const checks = await withStore((store) => verifyViews(store.driver, store.database, store.model));
  for (const check of checks) {
    const at = check.madeAt === null ? '' : ` (made at generation ${check.madeAt}, graph at ${check.generation})`;
    const note = check.state === 'stale' ? ': not used; the next read makes it anew' : '';
    console.log(`${check.view}: ${check.state}${at}${note}${check.state === 'current' ? `, ${check.differences.length === 0 ? 'matches' : 'DIFFERS'}` : ''}`);
    for (const difference of check.differences) console.log(`  ${difference}`);
  }
  const differing = checks.filter((c) => c.differences.length > 0);
  if (differing.length > 0) throw errors.checkFailed(`${differing.map((c) => c.view).join(', ')} differ from the graph (listed above)`);
  console.log('verify: every maintained view matches the graph');
}
