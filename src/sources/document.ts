import fs from 'node:fs';
import { htmlToText } from './html';

/** Source documents larger than this are refused before they are read (configurable per run). */
export const DEFAULT_MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

/** One line of a document's text, with its line number in the file (1-based). */
export interface DocumentLine {
  number: number;
  text: string;
}

/** A source document read into text: a saved page (text or HTML) or a data file. */
export interface SourceDocument {
  file: string;
  format: 'text' | 'html' | 'json';
  /** The raw file contents. */
  raw: string;
  /** The document as text lines: the file's own lines, or those of the text an HTML page converts to. */
  lines: DocumentLine[];
  /** The page's address: a `URL:` line, or an HTML page's canonical link. */
  url?: string;
  /** An HTML page's first heading. */
  heading?: string;
}

/** A value that could not be read: left empty, and said where. */
export interface ExtractionWarning {
  file: string;
  line?: number;
  /** The text as the document writes it. */
  text?: string;
  message: string;
}

export const formatWarning = (w: ExtractionWarning) =>
  `${w.file}${w.line !== undefined ? `:${w.line}` : ''}: ${w.message}${w.text !== undefined ? `: ${JSON.stringify(w.text)}` : ''}`;

/** Thrown by an adapter for a document it cannot read; collected into an ExtractionError. */
export class DocumentProblem extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'DocumentProblem';
  }
}

const URL_LINE = /^\s*URL:\s*(\S+)\s*$/i;
const looksLikeHtml = (text: string) => /^\s*(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>]|<main[\s>]|<div[\s>]|<h1[\s>])/i.test(text);
const looksLikeJson = (text: string) => /^\s*[[{]/.test(text);

/** Splits text into numbered lines; carriage returns and a byte-order mark are dropped. */
export function numberedLines(text: string, firstNumber = 1): DocumentLine[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n|\r/)
    .map((line, i) => ({ number: i + firstNumber, text: line }));
}

/** Reads a document (refusing one over `maxBytes`), turning HTML into text lines. */
export function readDocument(file: string, maxBytes = DEFAULT_MAX_DOCUMENT_BYTES): SourceDocument {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (error) {
    throw new DocumentProblem(file, `cannot read the file: ${(error as Error).message}`);
  }
  if (size > maxBytes) throw new DocumentProblem(file, `the file is ${size} bytes, over the limit of ${maxBytes} bytes`);
  if (size === 0) throw new DocumentProblem(file, 'the file is empty');
  const raw = fs.readFileSync(file, 'utf8');
  if (raw.includes('\u0000')) throw new DocumentProblem(file, 'the file is binary (it holds NUL bytes), not a text, HTML or JSON document');
  return documentFromText(file, raw);
}

/** A document from text already in memory (tests, and callers that fetched it themselves). */
export function documentFromText(file: string, raw: string): SourceDocument {
  const text = raw.replace(/^\uFEFF/, '');
  if (looksLikeHtml(text)) {
    const page = htmlToText(text);
    return {
      file,
      format: 'html',
      raw: text,
      lines: numberedLines(page.text),
      ...(page.url ? { url: page.url } : {}),
      ...(page.heading ? { heading: page.heading } : {}),
    };
  }
  if (looksLikeJson(text)) return { file, format: 'json', raw: text, lines: numberedLines(text) };
  const lines = numberedLines(text);
  const urlLine = lines.find((l) => l.text.trim() !== '');
  const url = urlLine ? URL_LINE.exec(urlLine.text)?.[1] : undefined;
  // The URL line is the document's address, not its text.
  return { file, format: 'text', raw: text, lines: url ? lines.filter((l) => l !== urlLine) : lines, ...(url ? { url } : {}) };
}
