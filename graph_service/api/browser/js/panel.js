// The panel's text: a node's details, the paths, the suggestions and the bridge, in the chosen
// language with the model's words (relationship phrases, property names, values).

import { euros, explanation, noun, number, phrase, propertyName, reasonText, t, valueWord } from './i18n.js';
import { $, el, nodeLink, tag } from './ui.js';

// Enum values come back as GraphQL names (FOUNDING_PARTNER); the vocabulary knows them as stored
// (founding-partner).
function shown(property, value) {
  if (value === null || value === undefined) return null;
  if (property.choices.length && typeof value === 'string') return valueWord(value.toLowerCase().replaceAll('_', '-'));
  if (property.name === 'sector') return valueWord(value);
  if (property.name === 'investment' || property.name === 'amount') return euros(value);
  if (property.name === 'ownShare') return `${number(value * 100, 0)}%`;
  if (typeof value === 'number' && property.name !== 'year') return number(value);
  return String(value);
}

// A measure or an analysis in plain words: what it shows, and what a coordinator can do with it.
export function explained(key, id = null) {
  const { what, action } = explanation(key);
  return el('div', { class: 'explained', 'data-explains': key, id },
    el('p', {}, what), el('p', { class: 'action' }, el('strong', {}, `${t('explain.action')} `), action));
}

export function relationHeading(r, count) {
  return `${phrase(r.type, r.direction === 'in')} · ${noun(r.target, count !== 1)}`;
}

export function renderDetails(container, explorer, data, label, pick, extras) {
  const { model } = explorer;
  const spec = model.labels[label];
  const node = data.details.node;
  const id = node.id;
  const value = (name) => node[`${label}_${name}`];
  const rows = spec.properties
    .filter((p) => p.name !== spec.nameProperty)
    .map((p) => [p.name, shown(p, value(p.name))])
    .filter(([, v]) => v !== null)
    .flatMap(([name, v]) => [el('dt', {}, propertyName(name)), el('dd', {}, v)]);
  const groups = spec.relations
    .map((r) => ({ r, connection: data.rel.node?.[r.field] }))
    .filter(({ connection }) => connection?.totalCount)
    .map(({ r, connection }) => {
      const count = connection.totalCount;
      const refs = connection.nodes.map((n) => ({ id: n.id, label: n.__typename, name: n[model.labels[n.__typename].nameProperty] }));
      return el('li', { 'data-field': r.field },
        el('strong', {}, `${relationHeading(r, count)} (${number(count)}) `),
        el('button', {
          type: 'button', class: 'small', 'data-expand-field': r.field,
          onclick: () => explorer.expand(id, r.field),
        }, t('details.expandType', { phrase: phrase(r.type, r.direction === 'in'), noun: noun(r.target, true) })),
        el('ul', {}, ...refs.map((ref) => el('li', {}, tag(ref.label), nodeLink(ref, pick))),
          count > refs.length ? el('li', { class: 'hint' }, t('details.more', { count: count - refs.length })) : null));
    });
  container.replaceChildren(
    el('h2', {}, tag(label), value(spec.nameProperty)),
    el('div', { class: 'row buttons' },
      el('button', { type: 'button', id: 'expand', onclick: () => explorer.expand(id) }, t('details.expand')),
      el('button', { type: 'button', id: 'collapse', onclick: () => explorer.collapse(id) }, t('details.collapse')),
      label === 'Firm' ? el('button', { type: 'button', id: 'opportunities', onclick: () => explorer.showOpportunities(id) }, t('details.suggest')) : null),
    el('dl', {}, el('dt', {}, t('details.id')), el('dd', {}, id), ...rows),
    el('h2', {}, t('details.relations')),
    groups.length ? el('ul', { class: 'relations' }, ...groups) : el('p', { class: 'hint' }, t('details.none')),
    ...extras,
  );
}

function pathItem(path, blocked) {
  const steps = path.relationships.length;
  return el('li', { class: blocked ? 'blocked' : null, 'data-steps': steps },
    path.nodes.map((n) => n.name).join(' → '),
    el('span', { class: 'steps' }, ` · ${t('paths.steps', { count: steps })}`),
    blocked ? el('span', { class: 'hint' }, ` (${t('paths.hidden')})`) : null);
}

function renderPaths(explorer) {
  const overlay = explorer.overlays.path;
  const [from, to] = explorer.pathEnds.map((id) => (id ? explorer.cy.getElementById(id).data('name') ?? id : t('paths.none')));
  $('path-from').textContent = t('paths.from', { name: from });
  $('path-from').title = t('paths.from', { name: from });
  $('path-to').textContent = t('paths.to', { name: to });
  $('path-to').title = t('paths.to', { name: to });
  const box = $('path-result');
  if (!overlay) { box.replaceChildren(); return; }
  const { result, blocked } = overlay;
  if (result.distance == null) { box.replaceChildren(el('p', {}, t('paths.notConnected'))); return; }
  const open = result.paths.filter((_, i) => !blocked[i]).length;
  box.replaceChildren(
    el('p', { id: 'path-summary' }, open ? t('paths.count', { count: open }) : t('paths.allHidden')),
    el('ul', { id: 'path-list' }, ...result.paths.map((p, i) => pathItem(p, blocked[i]))),
  );
}

function renderSuggestions(explorer, pick) {
  const slot = $('suggestions-slot');
  if (!slot || !explorer.suggestions) return;
  const result = explorer.suggestions;
  const hidden = (id) => explorer.cy.getElementById(id).hasClass('filtered-out');
  // Numbered in the list's order (as the map's #n); a score shared with another suggestion is
  // marked as a tie rather than numbered alike, so that eight equal scores do not read "1." eight times.
  const shared = (s) => result.suggestions.filter((o) => o.rank === s.rank).length > 1;
  const items = result.suggestions.map((s, i) => el('div', { class: `suggestion${hidden(s.target.id) ? ' blocked' : ''}`, 'data-target': s.target.id, 'data-place': i + 1 },
    el('div', {}, el('strong', {}, `${i + 1}. `), tag(s.target.label), nodeLink(s.target, pick),
      el('span', { class: 'hint' }, t('suggest.score', { score: number(s.score, 2) })),
      shared(s) ? el('span', { class: 'hint tied' }, t('suggest.tied')) : null,
      hidden(s.target.id) ? el('span', { class: 'hint' }, ` · ${t('suggest.hidden')}`) : null),
    el('ul', { class: 'reasons' }, ...s.reasons.map((r) => el('li', {}, reasonText(r, s))))));
  slot.replaceChildren(el('section', { id: 'suggestions' },
    el('h2', {}, t('suggest.heading')),
    explained('opportunities'),
    el('p', { class: 'hint' }, t('suggest.method', { method: t(`suggest.index.${String(result.method).toLowerCase()}`) })),
    ...(items.length ? items : [el('p', {}, t('suggest.none'))])));
}

function renderBridge(explorer, pick) {
  const container = $('bridge-panel');
  const result = explorer.bridge;
  if (!container || !result) return;
  const home = result.homeHub.name;
  const other = result.otherHub.name;
  const hidden = (id) => explorer.cy.getElementById(id).hasClass('filtered-out');
  container.replaceChildren(
    el('h2', {}, t('bridge.heading', { hub: other })),
    explained('hub_bridge'),
    el('p', {}, result.distance == null
      ? t('bridge.notConnected', { home, other })
      : t('bridge.distance', { home, other, steps: result.distance, count: result.shortestPaths.length })),
    el('h2', {}, t('bridge.candidates')),
    el('ol', { id: 'bridge-candidates' }, ...result.candidates.map((c) => el('li', { class: `candidate${hidden(c.node.id) ? ' blocked' : ''}`, 'data-id': c.node.id },
      tag(c.node.label), nodeLink(c.node, pick),
      el('div', { class: 'reasons' },
        t('bridge.closer', { hub: other, count: c.firmsCloser }),
        c.meanGain == null ? '' : t('bridge.gain', { gain: number(c.meanGain, 1) }), '.')))),
  );
}

// Under the styling controls: what the measure behind the sizes, the communities and the
// brokers' rings mean, while they are on screen.
export function renderStyleNotes(explorer) {
  const { size, colour, brokers } = explorer.state;
  const note = (slot, key) => $(slot).replaceChildren(...(key ? [explained(key)] : []));
  note('size-explain', size && explanation(size) ? size : null);
  note('colour-explain', colour === 'community' ? 'communities' : null);
  note('brokers-explain', brokers ? 'brokerage_roles' : null);
}

export function renderOverlays(explorer) {
  const pick = (ref) => explorer.focus(ref);
  renderPaths(explorer);
  renderSuggestions(explorer, pick);
  renderBridge(explorer, pick);
}
