/**
 * Search as you type, as an ARIA combobox: arrows move through the matches, Enter picks, Escape
 * closes. Used for the main search, the filters' region, funder and focus area, and "connected to".
 */
import { ApiError, type GraphqlClient, isAbort } from './api';
import { debounce, h } from './dom';
import { typeColor, typeLabel } from './network-model';
import { type EntityRef, SEARCH, type SearchAnswer } from './queries';

export interface PickerOptions {
  client: GraphqlClient;
  /** The text field to turn into a combobox; the list is placed right after it. */
  input: HTMLInputElement;
  /** Only entities of these types. */
  types?: string[];
  onPick(entity: EntityRef): void;
  limit?: number;
}

let pickers = 0;

export class EntityPicker {
  private readonly list: HTMLUListElement;
  private readonly status: HTMLElement;
  private matches: EntityRef[] = [];
  private active = -1;
  private request: AbortController | null = null;
  private readonly id = `picker-${++pickers}`;

  constructor(private readonly options: PickerOptions) {
    const { input } = options;
    this.list = h('ul', {
      id: `${this.id}-list`,
      role: 'listbox',
      class: 'picker-list',
      hidden: true,
      'aria-label': input.getAttribute('aria-label') ?? 'Matches',
    });
    this.status = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    input.after(this.list, this.status);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', this.list.id);
    input.autocomplete = 'off';
    input.spellcheck = false;

    const search = debounce(() => void this.search(), 160);
    input.addEventListener('input', search);
    input.addEventListener('keydown', (event) => this.onKey(event));
    input.addEventListener('blur', () => window.setTimeout(() => this.close(), 120));
    input.addEventListener('focus', () => {
      if (this.matches.length > 0 && input.value.trim()) this.open();
    });
  }

  private async search(): Promise<void> {
    const text = this.options.input.value.trim();
    this.request?.abort();
    if (text.length < 2) {
      this.matches = [];
      this.close();
      return;
    }
    const request = (this.request = new AbortController());
    this.showMessage('Searching…');
    try {
      const answer = await this.options.client.request<SearchAnswer>(
        SEARCH,
        { text, types: this.options.types ?? null, limit: this.options.limit ?? 12 },
        request.signal,
      );
      if (request.signal.aborted) return;
      this.matches = answer.search.map((hit) => hit.entity);
      this.render(text);
    } catch (error) {
      if (isAbort(error)) return;
      this.showMessage(error instanceof ApiError ? `${error.title}: ${error.detail}` : 'Search failed.');
    }
  }

  private render(text: string): void {
    this.active = this.matches.length > 0 ? 0 : -1;
    if (this.matches.length === 0) {
      this.showMessage(`Nothing matches “${text}”.`);
      return;
    }
    this.list.replaceChildren(
      ...this.matches.map((entity, index) =>
        h(
          'li',
          {
            id: `${this.id}-option-${index}`,
            role: 'option',
            class: 'picker-option',
            'aria-selected': String(index === this.active),
            // mousedown, not click: the field must not lose focus (and close the list) first.
            onmousedown: (event) => {
              event.preventDefault();
              this.pick(index);
            },
          },
          h('span', { class: 'type-dot', style: `background:${typeColor(entity.type)}`, 'aria-hidden': 'true' }),
          h('span', { class: 'picker-name' }, entity.name),
          h('span', { class: 'picker-type' }, typeLabel(entity.type)),
        ),
      ),
    );
    this.status.textContent = `${this.matches.length} match${this.matches.length === 1 ? '' : 'es'}; arrow keys to choose, Enter to pick.`;
    this.open();
    this.highlight();
  }

  private showMessage(message: string): void {
    this.active = -1;
    this.list.replaceChildren(h('li', { class: 'picker-message', role: 'presentation' }, message));
    this.status.textContent = message;
    this.open();
  }

  private onKey(event: KeyboardEvent): void {
    const open = !this.list.hidden;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        event.preventDefault();
        if (!open && this.matches.length > 0) this.open();
        if (this.matches.length === 0) return;
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this.active = (this.active + step + this.matches.length) % this.matches.length;
        this.highlight();
        break;
      }
      case 'Enter':
        if (open && this.active >= 0) {
          event.preventDefault();
          this.pick(this.active);
        }
        break;
      case 'Escape':
        if (open) {
          event.preventDefault();
          event.stopPropagation();
          this.close();
        } else if (this.options.input.value) {
          event.preventDefault();
          this.options.input.value = '';
        }
        break;
    }
  }

  private highlight(): void {
    [...this.list.children].forEach((option, index) => option.setAttribute('aria-selected', String(index === this.active)));
    const option = this.active >= 0 ? this.list.children[this.active] : undefined;
    if (option) {
      this.options.input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    } else this.options.input.removeAttribute('aria-activedescendant');
  }

  private pick(index: number): void {
    const entity = this.matches[index];
    if (!entity) return;
    this.close();
    this.options.onPick(entity);
  }

  private open(): void {
    this.list.hidden = false;
    this.options.input.setAttribute('aria-expanded', 'true');
  }

  close(): void {
    this.list.hidden = true;
    this.options.input.setAttribute('aria-expanded', 'false');
    this.options.input.removeAttribute('aria-activedescendant');
  }
}
