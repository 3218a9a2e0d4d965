import { compile, type FormatCallback } from 'html-to-text';
import { parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { findOne, getAttributeValue, textContent } from 'domutils';

/**
 * Table rows become `| cell | cell |` lines and definition lists `| term | definition |` lines:
 * the layouts the page adapters read. Cells are walked as inline text.
 */
const row: FormatCallback = (element, walk, builder) => {
  const cells = (element.children ?? []).filter((c: { type: string; name?: string }) => c.type === 'tag' && (c.name === 'td' || c.name === 'th'));
  builder.openBlock({ leadingLineBreaks: 1 });
  builder.addLiteral('|');
  for (const cell of cells) {
    builder.addLiteral(' ');
    walk(cell.children, builder);
    builder.addLiteral(' |');
  }
  builder.closeBlock({ trailingLineBreaks: 1 });
};

const definitionList: FormatCallback = (element, walk, builder) => {
  let open = false;
  for (const child of element.children ?? []) {
    if (child.type !== 'tag') continue;
    if (child.name === 'dt') {
      if (open) builder.closeBlock({ trailingLineBreaks: 1 });
      builder.openBlock({ leadingLineBreaks: 1 });
      builder.addLiteral('| ');
      walk(child.children, builder);
      builder.addLiteral(' |');
      open = true;
    } else if (child.name === 'dd' && open) {
      builder.addLiteral(' ');
      walk(child.children, builder);
      builder.addLiteral(' |');
    }
  }
  if (open) builder.closeBlock({ trailingLineBreaks: 1 });
};

const headings = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
  selector,
  options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 2 },
}));

/**
 * html-to-text, set up for the page adapters: the main content when the page marks it, links as
 * their text, no images, scripts, styles, forms or `<noscript>` notices. Nothing in the page is
 * run: html-to-text parses it with htmlparser2 and only reads the tree.
 */
const options = (baseElement: string) => ({
  wordwrap: false as const,
  baseElements: { selectors: [baseElement], returnDomByDefault: true },
  formatters: { row, definitionList },
  selectors: [
    ...headings,
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'noscript', format: 'skip' },
    { selector: 'form', format: 'skip' },
    { selector: 'nav', format: 'skip' },
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'row' },
    { selector: 'dl', format: 'definitionList' },
    { selector: 'ul', options: { itemPrefix: ' • ' } },
  ],
});

/** The element holding the page's content: the first of these the page has. */
const CONTENT_ELEMENTS: { selector: string; test: (e: Element) => boolean }[] = [
  { selector: 'main', test: (e) => e.name === 'main' },
  { selector: 'article', test: (e) => e.name === 'article' },
  { selector: '[role=main]', test: (e) => getAttributeValue(e, 'role') === 'main' },
];
const converters = new Map<string, (html: string) => string>();
const converterFor = (baseElement: string) => {
  let converter = converters.get(baseElement);
  if (!converter) converters.set(baseElement, (converter = compile(options(baseElement))));
  return converter;
};

/** The text of an HTML page, its canonical address and first heading. */
export function htmlToText(html: string): { text: string; url?: string; heading?: string } {
  const dom = parseDocument(html);
  const canonical = findOne((e: Element) => e.name === 'link' && (getAttributeValue(e, 'rel') ?? '').split(/\s+/).includes('canonical'), dom.children, true);
  const ogUrl = findOne((e: Element) => e.name === 'meta' && getAttributeValue(e, 'property') === 'og:url', dom.children, true);
  const url = (canonical && getAttributeValue(canonical, 'href')) || (ogUrl && getAttributeValue(ogUrl, 'content')) || undefined;
  const h1 = findOne((e: Element) => e.name === 'h1', dom.children, true);
  const heading = h1 ? textContent(h1).replace(/\s+/g, ' ').trim() : undefined;
  const content = CONTENT_ELEMENTS.find((c) => findOne(c.test, dom.children, true))?.selector ?? 'body';
  return { text: converterFor(content)(html), ...(url && /^https?:\/\//i.test(url) ? { url } : {}), ...(heading ? { heading } : {}) };
}
