import fs from 'node:fs';
import path from 'node:path';
import { findNodeAtLocation, type Node as JsonNode, parseTree, visit } from 'jsonc-parser';
import { type Document, isNode, LineCounter, parseDocument } from 'yaml';
import { type DataPath, type SeedProblem } from './problems';
import { SEED_FILE_PATTERN } from './seed-format';

/** A seed file read into plain data, still unchecked, with a way back to its lines. */
export interface ParsedSeedFile {
  file: string;
  data: unknown;
  /** The line (1-based) where the value at `dataPath` starts, or its nearest enclosing value's. */
  lineOf(dataPath: DataPath): number | undefined;
}

export type ParseResult = { parsed: ParsedSeedFile; problems: [] } | { parsed?: undefined; problems: SeedProblem[] };

const isJson = (file: string) => path.extname(file).toLowerCase() === '.json';

function yamlDocument(text: string): { document: Document; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  // uniqueKeys: a key written twice in one mapping is an error, not a silent overwrite.
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  return { document, lineCounter };
}

function lineFinder(document: Document, lineCounter: LineCounter) {
  return (dataPath: DataPath): number | undefined => {
    for (let length = dataPath.length; length >= 0; length--) {
      const node = length === 0 ? document.contents : document.getIn(dataPath.slice(0, length), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
}

/**
 * JSON.parse keeps the last of two equal keys in an object silently; seed files refuse them, as
 * their YAML does. JSON.parse plus this scan with jsonc-parser's visitor read a 1 MB seed file in
 * about 50 ms, where parsing it as YAML took 650 ms.
 */
function duplicateJsonKey(text: string): { key: string; line: number } | undefined {
  const objects: Set<string>[] = [];
  let found: { key: string; line: number } | undefined;
  visit(text, {
    onObjectBegin: () => void objects.push(new Set()),
    onObjectEnd: () => void objects.pop(),
    onObjectProperty: (key, _offset, _length, startLine) => {
      const keys = objects[objects.length - 1]!;
      if (keys.has(key)) found ??= { key, line: startLine + 1 };
      keys.add(key);
    },
  });
  return found;
}

/** Lines of a JSON file's values, from a syntax tree built only when a problem needs one. */
function jsonLineFinder(text: string) {
  let tree: JsonNode | undefined;
  let lines: LineCounter | undefined;
  const lineAt = (offset: number) => {
    if (!lines) {
      lines = new LineCounter();
      lines.addNewLine(0);
      for (const newline of text.matchAll(/\n/g)) lines.addNewLine(newline.index + 1);
    }
    return lines.linePos(offset).line;
  };
  return (dataPath: DataPath): number | undefined => {
    tree ??= parseTree(text);
    if (!tree) return undefined;
    for (let length = dataPath.length; length >= 0; length--) {
      const node = findNodeAtLocation(tree, dataPath.slice(0, length));
      if (node) return lineAt(node.offset);
    }
    return undefined;
  };
}

/** The line of a JSON.parse error, from the character position V8 names in its message. */
function jsonErrorLine(text: string, message: string): number | undefined {
  const position = /position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return text.slice(0, Number(position)).split('\n').length;
  const line = /line (\d+)/.exec(message)?.[1];
  return line !== undefined ? Number(line) : undefined;
}

/** Reads one seed file (YAML, or JSON by its extension); too large or malformed files give problems. */
export function parseSeedFile(file: string, maxBytes: number): ParseResult {
  const problem = (message: string, line?: number): ParseResult => ({
    problems: [{ file, path: '', message, ...(line !== undefined ? { line } : {}) }],
  });
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (error) {
    return problem(`cannot read the file: ${(error as Error).message}`);
  }
  if (size > maxBytes) return problem(`the file is ${size} bytes, over the limit of ${maxBytes} bytes`);
  const text = fs.readFileSync(file, 'utf8');

  if (isJson(file)) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      return problem(`malformed JSON: ${message}`, jsonErrorLine(text, message));
    }
    const duplicate = duplicateJsonKey(text);
    if (duplicate) return problem(`malformed JSON: key "${duplicate.key}" written twice in one object`, duplicate.line);
    return { parsed: { file, data, lineOf: jsonLineFinder(text) }, problems: [] };
  }
  const { document, lineCounter } = yamlDocument(text);
  if (document.errors.length > 0) {
    return {
      problems: document.errors.map((error) => ({
        file,
        path: '',
        message: `malformed YAML: ${error.message.split('\n')[0]}`,
        ...(error.linePos ? { line: error.linePos[0].line } : {}),
      })),
    };
  }
  return { parsed: { file, data: document.toJS({ maxAliasCount: 10_000 }), lineOf: lineFinder(document, lineCounter) }, problems: [] };
}

/** The seed files named: files as given, folders by their *.yaml / *.yml / *.json files, sorted. */
export function seedFilesIn(paths: string[]): string[] {
  return paths.flatMap((p) =>
    fs.statSync(p).isDirectory()
      ? fs
          .readdirSync(p)
          .filter((f) => SEED_FILE_PATTERN.test(f))
          .sort()
          .map((f) => path.join(p, f))
      : [p],
  );
}
