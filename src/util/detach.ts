/**
 * Plain data whose strings are copies of their own. A string V8 cuts out of a larger one (a name
 * read from a page) may keep the whole larger string alive; what a run keeps across documents is
 * detached so that it holds no document's text.
 */
export function detach<T>(value: T): T {
  if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('utf8') as T;
  if (Array.isArray(value)) return value.map(detach) as T;
  if (value instanceof Set) return new Set([...(value as Set<unknown>)].map(detach)) as T;
  if (value instanceof Map) return new Map([...(value as Map<unknown, unknown>)].map(([k, v]) => [detach(k), detach(v)])) as T;
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, detach(v)])) as T;
  return value;
}
