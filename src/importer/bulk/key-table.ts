import { fnv1a } from './hash';

/** Words per entry: key hash, key offset in the arena, key length (bytes) × 2^16 + tag, line. */
const STRIDE = 4;
const MAX_KEY_BYTES = 0xffff;

/**
 * A set of string keys, each with a line number and a 16-bit tag, kept outside V8's heap: the keys'
 * UTF-8 bytes in one growing buffer, the entries in a Uint32Array, found through an open-addressing
 * table. A million keys of about 18 characters take 67 MB, growth headroom included, where a
 * Map<string, number> held 100 MB on the heap — and V8 sizes its heap by a multiple of what
 * survives, so a big Map costs several times its size in resident memory.
 */
export class KeyTable {
  private arena = Buffer.alloc(1 << 16);
  private arenaUsed = 0;
  private entries: Uint32Array = new Uint32Array(1024 * STRIDE);
  /** Entry number + 1 per slot; 0 is empty. Kept at most half full. */
  private slots: Uint32Array = new Uint32Array(2048);
  private scratch = Buffer.alloc(1024);
  size = 0;

  /** The entry of `key`, or -1. */
  find(key: string): number {
    const hash = fnv1a(key);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]! - 1;
      if (entry < 0) return -1;
      if (this.entries[entry * STRIDE] === hash && this.keyEquals(entry, key)) return entry;
    }
  }

  /** Adds a key not in the table; returns its entry. */
  add(key: string, line: number, tag: number): number {
    const length = this.encode(key);
    if (length > MAX_KEY_BYTES) throw new Error(`a key of ${length} bytes: keys are at most ${MAX_KEY_BYTES} bytes`);
    if ((this.size + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    if ((this.size + 1) * STRIDE > this.entries.length) this.entries = grown(this.entries, this.entries.length * 2);
    if (this.arenaUsed + length > this.arena.length) {
      const arena = Buffer.alloc(Math.max(this.arena.length * 2, this.arenaUsed + length));
      this.arena.copy(arena, 0, 0, this.arenaUsed);
      this.arena = arena;
    }
    this.scratch.copy(this.arena, this.arenaUsed, 0, length);
    const entry = this.size++;
    const hash = fnv1a(key);
    const at = entry * STRIDE;
    this.entries[at] = hash;
    this.entries[at + 1] = this.arenaUsed;
    this.entries[at + 2] = length * 0x10000 + tag;
    this.entries[at + 3] = line;
    this.arenaUsed += length;
    this.place(entry, hash);
    return entry;
  }

  line(entry: number): number {
    return this.entries[entry * STRIDE + 3]!;
  }

  tag(entry: number): number {
    return this.entries[entry * STRIDE + 2]! & 0xffff;
  }

  setTag(entry: number, tag: number): void {
    const at = entry * STRIDE + 2;
    this.entries[at] = (this.entries[at]! >>> 16) * 0x10000 + tag;
  }

  /** The key's UTF-8 bytes into the scratch buffer; returns their count. */
  private encode(key: string): number {
    if (key.length * 3 > this.scratch.length) this.scratch = Buffer.alloc(key.length * 3);
    return this.scratch.write(key, 'utf8');
  }

  /** Compares ASCII keys char by char (most keys; no call into Buffer), others by their UTF-8 bytes. */
  private keyEquals(entry: number, key: string): boolean {
    const offset = this.entries[entry * STRIDE + 1]!;
    const length = this.entries[entry * STRIDE + 2]! >>> 16;
    if (length === key.length) {
      for (let i = 0; i < length; i++) {
        const char = key.charCodeAt(i);
        if (char > 0x7f) return this.bytesEqual(offset, length, key);
        if (this.arena[offset + i] !== char) return false;
      }
      return true;
    }
    return this.bytesEqual(offset, length, key);
  }

  private bytesEqual(offset: number, length: number, key: string): boolean {
    return this.encode(key) === length && this.scratch.compare(this.arena, offset, offset + length, 0, length) === 0;
  }

  private place(entry: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = entry + 1;
  }

  private rehash(slotCount: number): void {
    this.slots = new Uint32Array(slotCount);
    for (let entry = 0; entry < this.size; entry++) this.place(entry, this.entries[entry * STRIDE]!);
  }
}

function grown(array: Uint32Array, length: number): Uint32Array {
  const bigger = new Uint32Array(length);
  bigger.set(array);
  return bigger;
}
