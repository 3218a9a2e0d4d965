export const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a over a string's UTF-16 code units, 32 bits: cheap and well spread for short keys. */
export function fnv1a(text: string, seed: number = FNV_OFFSET): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
