import { once } from 'node:events';
import fs from 'node:fs';
import readline from 'node:readline';

/** One non-empty line of a JSON Lines file: its value, or why it is not JSON. */
export type JsonLine = { line: number; value: unknown } | { line: number; error: string };

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Streams a JSON Lines file, one parsed line at a time with its 1-based number; blank lines are skipped. */
export async function* jsonLines(file: string): AsyncGenerator<JsonLine> {
  const input = fs.createReadStream(file, { encoding: 'utf8' });
  // A missing or unreadable file throws here, before any line.
  await once(input, 'open');
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
      if (!trimmed) continue;
      let value: unknown;
      try {
        value = JSON.parse(trimmed);
      } catch (error) {
        yield { line, error: `malformed JSON: ${(error as Error).message}` };
        continue;
      }
      yield { line, value };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}
