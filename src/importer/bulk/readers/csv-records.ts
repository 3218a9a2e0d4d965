import { once } from 'node:events';
import fs from 'node:fs';
import { pipeline } from 'node:stream';
import { CsvError, type Info, parse } from 'csv-parse';

const LINE_BREAK = /\r\n|\r|\n/g;

/** One CSV record with the line it starts on (1-based), or why the rest of the file cannot be read. */
export type CsvRecord = { line: number; fields: string[] } | { line: number; error: string };

/** Streams a CSV file's records; blank lines are skipped, a malformed record ends the file with an error. */
export async function* csvRecords(file: string): AsyncGenerator<CsvRecord> {
  const input = fs.createReadStream(file);
  // A missing or unreadable file throws here, before any record.
  await once(input, 'open');
  const parser = parse({ bom: true, info: true, skip_empty_lines: true, relax_column_count: true, record_delimiter: ['\r\n', '\n'] });
  const records: AsyncIterable<{ record: string[]; info: Info }> = pipeline(input, parser, () => {});
  // The line a record starts on, counted here: csv-parse's own count takes a quoted CRLF for two lines.
  let next = 1;
  let blank = 0;
  try {
    for await (const { record, info } of records) {
      const line = next + info.empty_lines - blank;
      blank = info.empty_lines;
      next = line + 1 + record.reduce((breaks, field) => breaks + (field.match(LINE_BREAK)?.length ?? 0), 0);
      yield { line, fields: record };
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    yield { line: next + Number(error.empty_lines ?? blank) - blank, error: `malformed CSV: ${error.message}` };
  } finally {
    input.destroy();
  }
}
