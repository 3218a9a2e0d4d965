/**
 * A small seeded PRNG (mulberry32) and the distributions the generator draws from. Everything is
 * derived from the seed alone, so the same seed gives the same stream on every machine.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of the keys, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [key, w] of entries) {
      r -= w;
      if (r < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }

  /** Pareto(xm = 1, alpha) rounded down, capped: a heavy-tailed count ≥ 1. */
  paretoCount(alpha: number, max: number): number {
    const u = 1 - this.next(); // (0, 1]
    return Math.min(max, Math.floor(1 / Math.pow(u, 1 / alpha)));
  }

  /** Log-normal: exp(mu + sigma·N(0,1)), N by Box–Muller. */
  logNormal(mu: number, sigma: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

/**
 * Zipf-distributed choice over a list: the item at popularity rank r is chosen with probability
 * ∝ 1 / r^s. Ranks are a seeded shuffle of the list, so popularity does not follow creation order.
 */
export class Zipf<T> {
  private readonly ranked: T[];
  private readonly cumulative: Float64Array;

  constructor(items: readonly T[], s: number, random: Random) {
    if (items.length === 0) throw new Error('Zipf over an empty list');
    this.ranked = random.shuffle([...items]);
    this.cumulative = new Float64Array(this.ranked.length);
    let total = 0;
    for (let r = 0; r < this.ranked.length; r++) {
      total += 1 / Math.pow(r + 1, s);
      this.cumulative[r] = total;
    }
  }

  sample(random: Random): T {
    const target = random.next() * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.ranked[lo]!;
  }

  /** Up to `count` distinct items (fewer when the list is shorter or draws keep repeating). */
  sampleDistinct(random: Random, count: number, exclude?: ReadonlySet<T>): T[] {
    const chosen = new Set<T>();
    for (let tries = 0; chosen.size < count && tries < count * 8; tries++) {
      const item = this.sample(random);
      if (!exclude?.has(item)) chosen.add(item);
    }
    return [...chosen];
  }
}
