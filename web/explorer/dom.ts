/** Small DOM helpers: elements are built from text nodes and attributes, never from HTML strings. */

export type Child = Node | string | number | null | undefined | false;
type Attribute = string | number | boolean | null | undefined;
type Props = Record<string, Attribute | ((event: Event) => void)>;

/**
 * `h('a', { href, class: 'source' }, 'text')`: an element with attributes, listeners (`onclick`)
 * and children; `true` sets an empty attribute, `false`, `null` and `undefined` leave it out.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    // Through the CSSOM: the page's Content-Security-Policy refuses style attributes.
    else if (name === 'style') element.style.cssText = String(value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** The element the page must have; a missing one is a bug in index.html, said plainly. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the explorer page has no #${id}`);
  return element as T;
}

export function clear(element: Element, ...children: (Child | Child[])[]): void {
  element.replaceChildren();
  append(element, children);
}

/** A link to a source document, opened in a new tab; plain text when the source has no address. */
export function externalLink(url: string | null | undefined, text: string, className = 'source-link'): HTMLElement {
  if (!url || !/^https?:\/\//i.test(url)) return h('span', { class: className }, text);
  return h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: className }, text);
}

/** Calls `fn` once `ms` has passed without another call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {
  let timer: number | undefined;
  return (...args: A) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => fn(...args), ms);
  };
}

export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: fileName, hidden: true });
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
export const formatNumber = (value: number) => numberFormat.format(value).replace(/,/g, '\u202f');

export const formatMoney = (amount: number, currency: string | null | undefined) => `${currency ?? ''} ${formatNumber(amount)}`.trim();
