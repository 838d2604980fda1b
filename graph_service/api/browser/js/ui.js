// The page around the graph: status line, search box, panels. Text goes in as text, never HTML.

import { noun, t } from './i18n.js';
import { LABEL_COLOURS } from './styles.js';

export const $ = (id) => document.getElementById(id);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'onclick') node.addEventListener('click', value);
    else if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

export function tag(label, text = noun(label)) {
  const span = el('span', { class: 'tag' }, text);
  span.style.background = LABEL_COLOURS[label] ?? '#777';
  return span;
}

export function nodeLink(ref, onPick) {
  return el('a', { class: 'node-link', href: '#', 'data-id': ref.id, onclick: (e) => { e.preventDefault(); onPick(ref); } }, ref.name);
}

export class Status {
  constructor(element) {
    this.element = element;
    this.pending = 0;
  }

  async busy(text, work) {
    this.pending += 1;
    this.element.className = 'busy';
    this.element.textContent = text;
    try {
      const result = await work();
      if (this.element.className !== 'error') this.element.textContent = '';
      return result;
    } catch (error) {
      this.error(error.message);
      return undefined;
    } finally {
      this.pending -= 1;
      if (this.element.className === 'busy' && this.pending === 0) this.element.className = '';
    }
  }

  error(text) {
    this.element.className = 'error';
    this.element.setAttribute('role', 'alert');
    this.element.textContent = text;
  }

  clear() {
    this.element.className = '';
    this.element.removeAttribute('role');
    this.element.textContent = '';
  }
}

// A combobox: type, ArrowUp/ArrowDown through the hits, Enter to pick, Escape to close.
export class SearchBox {
  constructor(input, list, search, onPick) {
    Object.assign(this, { input, list, search, onPick, hits: [], active: -1, timer: null, asked: 0 });
    input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.run(), 200);
    });
    input.addEventListener('keydown', (event) => this.key(event));
    document.addEventListener('click', (event) => { if (!list.contains(event.target) && event.target !== input) this.close(); });
  }

  async run() {
    const text = this.input.value.trim();
    if (text.length < 2) return this.close();
    const asked = ++this.asked;
    const hits = await this.search(text);
    if (asked !== this.asked || !hits) return undefined; // a later keystroke has its own answer
    this.hits = hits;
    this.active = hits.length ? 0 : -1;
    this.render();
    return undefined;
  }

  render() {
    this.list.replaceChildren(...this.hits.map((hit, i) => {
      const item = el('li', { role: 'option', id: `hit-${i}`, 'aria-selected': String(i === this.active), 'data-id': hit.id }, tag(hit.label), hit.name);
      item.addEventListener('click', () => { this.byKeyboard = false; this.pick(i); });
      return item;
    }));
    if (!this.hits.length) this.list.append(el('li', { role: 'option', 'aria-disabled': 'true', 'aria-selected': 'false' }, t('search.none')));
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    if (this.active >= 0) this.input.setAttribute('aria-activedescendant', `hit-${this.active}`);
  }

  key(event) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!this.hits.length) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + step + this.hits.length) % this.hits.length;
      this.render();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      this.byKeyboard = true;
      if (this.active >= 0) this.pick(this.active);
    } else if (event.key === 'Escape') {
      this.close();
    }
  }

  pick(i) {
    const hit = this.hits[i];
    this.close();
    this.input.value = hit.name;
    this.onPick(hit, this.byKeyboard);
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }
}

export function renderVisibleNodes(list, nodes, selectedId, pick) {
  const shown = nodes.slice(0, 300);
  list.replaceChildren(...shown.map((n) => el('li', {},
    el('button', { type: 'button', 'aria-pressed': String(n.id === selectedId), 'data-id': n.id, onclick: () => pick(n) },
      n.label === 'Group' ? tag('Group', t('group.tag')) : tag(n.label), n.name))));
  if (nodes.length > shown.length) list.append(el('li', { class: 'hint' }, t('onScreen.more', { count: nodes.length - shown.length })));
}

export function download(filename, blob) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function csvOf(rows) {
  const cell = (value) => {
    let text = value == null ? '' : String(value);
    if (/^[=+\-@]/.test(text)) text = `'${text}`; // not a formula when opened in a spreadsheet
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return rows.map((row) => row.map(cell).join(',')).join('\n') + '\n';
}
