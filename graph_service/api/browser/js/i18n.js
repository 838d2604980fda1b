// The page's words: its own messages (messages.json, Italian and English) and the model's words
// (labels, relationship phrases, properties, values), which the service serves from its one
// vocabulary. Numbers and dates follow the chosen language.

export const LANGUAGES = ['it', 'en'];
const LOCALES = { it: 'it-IT', en: 'en-GB' };
const STORE = 'graph-service-language';

let catalogue = null;
let lang = 'it';
let vocabulary = null;
const vocabularies = new Map();

// Italian unless the browser prefers English (or another language the page does not speak and
// English is listed before Italian); a choice made on the switch wins, and so does the URL.
export function preferredLanguage(fromUrl) {
  if (LANGUAGES.includes(fromUrl)) return fromUrl;
  const kept = localStorage.getItem(STORE);
  if (LANGUAGES.includes(kept)) return kept;
  for (const wanted of navigator.languages ?? [navigator.language]) {
    const base = String(wanted).slice(0, 2).toLowerCase();
    if (LANGUAGES.includes(base)) return base;
  }
  return 'it';
}

export async function loadLanguage(chosen) {
  if (!catalogue) catalogue = await (await fetch('/explore/static/messages.json')).json();
  if (!vocabularies.has(chosen)) {
    vocabularies.set(chosen, await (await fetch(`/explore/vocabulary/${chosen}.json`)).json());
  }
  lang = chosen;
  vocabulary = vocabularies.get(chosen);
  localStorage.setItem(STORE, chosen);
  document.documentElement.lang = chosen;
}

export const language = () => lang;

// `{count, plural, one {# firm} other {# firms}}` and `{name}`: the few forms the catalogue uses.
function format(template, values) {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) { out += template.slice(i); break; }
    out += template.slice(i, open);
    let depth = 0;
    let close = open;
    for (; close < template.length; close += 1) {
      if (template[close] === '{') depth += 1;
      if (template[close] === '}' && --depth === 0) break;
    }
    const body = template.slice(open + 1, close);
    const [name, kind] = body.split(',', 2).map((s) => s.trim());
    if (kind === 'plural') {
      const value = Number(values[name]);
      const forms = {};
      for (const m of body.slice(body.indexOf('plural') + 6).matchAll(/(\w+)\s*\{([^{}]*)\}/g)) forms[m[1]] = m[2];
      const rule = new Intl.PluralRules(LOCALES[lang]).select(value);
      out += (forms[rule] ?? forms.other).replaceAll('#', number(value));
    } else {
      const value = values[name];
      out += typeof value === 'number' ? number(value) : String(value ?? '');
    }
    i = close + 1;
  }
  return out;
}

export function t(key, values = {}) {
  const template = catalogue?.[lang]?.[key];
  if (template === undefined) throw new Error(`no message ${key} in ${lang}`);
  return format(template, values);
}

export function number(value, digits) {
  const options = digits === undefined ? {} : { maximumFractionDigits: digits, minimumFractionDigits: digits };
  return new Intl.NumberFormat(LOCALES[lang], options).format(value);
}

export function euros(value) {
  return new Intl.NumberFormat(LOCALES[lang], { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(value);
}

export function date(value = new Date()) {
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'long', timeStyle: 'short' }).format(value);
}

export function collator() {
  return new Intl.Collator(LOCALES[lang]);
}

// The model's words.
export const noun = (label, many = false) => vocabulary.labels[label]?.[many ? 'many' : 'one'] ?? label;
export const phrase = (type, backward = false) => vocabulary.relationships[type]?.[backward ? 'backward' : 'forward'] ?? type;
export const propertyName = (name) => vocabulary.properties[name] ?? name;
export const valueWord = (value) => vocabulary.values[value] ?? value;

// What a measure or an analysis means and what to do with it ({what, action}), and why a
// collaboration is suggested: the service's one catalogue of explanations.
export const explanation = (key) => vocabulary.explanations.measures[key];

// `A`, `A e B`, `A, B e C`, `A, B, C e altri 2` (never `e altri 1`), as the service words it.
export function names(list, shown = 3) {
  const words = vocabulary.explanations.lists;
  if (list.length > shown + 1) return `${list.slice(0, shown).join(', ')} ${format(words.and_more, { count: list.length - shown })}`;
  if (list.length <= 1) return list.join('');
  return `${list.slice(0, -1).join(', ')} ${words.and} ${list[list.length - 1]}`;
}

// A reason of a suggestion (`{kind, nodes}`) in the chosen language; the service's English
// text for a kind the catalogue does not know.
export function reasonText(reason, suggestion) {
  const kind = String(suggestion.kind).toLowerCase() === 'project' ? 'project' : 'firm';
  const template = vocabulary.explanations.reasons[`${kind}.${reason.kind}`];
  if (!template) return reason.text;
  return format(template, { names: names(reason.nodes.map((n) => n.name)), firm: suggestion.source.name });
}

// Static text of the page: data-i18n (text), data-i18n-placeholder, -title, -aria-label.
export function translatePage(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const attr of ['placeholder', 'title', 'aria-label']) {
    const data = `i18n${attr.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('')}`;
    for (const node of root.querySelectorAll(`[data-i18n-${attr}]`)) node.setAttribute(attr, t(node.dataset[data]));
  }
  document.title = t('page.title');
}
