import type { RelationshipModel } from '../../graph/model';
import { FNV_OFFSET, fnv1a } from './hash';
import type { BulkRelationship } from './records';

/** 2^26 bits: 8 MiB, whatever the size of the input. */
const BITS = 2 ** 26;

/**
 * Which relationships of the input may be stated more than once (same type, endpoints and identity
 * properties), in fixed memory: a bitmap of the identities seen, and the identities found set
 * twice. A collision only makes a relationship look repeated, which costs a MERGE instead of a
 * CREATE, never a duplicate; the set of repeats grows only with real repeats and collisions.
 */
export class RepeatDetector {
  private readonly seen = new Uint8Array(BITS / 8);
  private readonly repeated = new Set<number>();

  constructor(private readonly identityOf: (type: string) => RelationshipModel['identity']) {}

  private hashOf(relationship: BulkRelationship): number {
    const identity = this.identityOf(relationship.type).map((p) => JSON.stringify(relationship.fields[p] ?? null));
    const text = [relationship.type, relationship.from, relationship.to, ...identity].join('\u0000');
    // Two independent hashes: one picks the bit, together they name the identity among the repeats.
    return fnv1a(text, FNV_OFFSET) * 2 ** 21 + (fnv1a(text, 0x9e3779b9) % 2 ** 21);
  }

  observe(relationship: BulkRelationship): void {
    const hash = this.hashOf(relationship);
    const bit = hash % BITS;
    const mask = 1 << (bit % 8);
    if (this.seen[bit >> 3]! & mask) this.repeated.add(hash);
    else this.seen[bit >> 3]! |= mask;
  }

  mayRepeat(relationship: BulkRelationship): boolean {
    return this.repeated.has(this.hashOf(relationship));
  }
}
