// The explorer: what each action of a coordinator does to the view, and the view to the URL.
// The analytics overlays live in analyses.js, the wiring of the controls in controls.js.

import { queries } from './api.js';
import { analysisActions } from './analyses.js';
import { controlActions } from './controls.js';
import { Filters } from './filters.js';
import { Graph } from './graph.js';
import { emptyState, toHash } from './state.js';
import {
  $, Status, csvOf, download, el, renderBridge, renderDetails, renderSuggestions, renderVisibleNodes,
} from './ui.js';

const EXPAND_MAX = 300;

// Enum values come back as GraphQL names (FOUNDING_PARTNER); show them as stored (founding-partner).
function display(property, value) {
  return property.choices.length && typeof value === 'string' ? value.toLowerCase().replaceAll('_', '-') : value;
}

export function refOf(node, model) {
  return { id: node.id, label: node.__typename, name: node[model.labels[node.__typename].nameProperty] };
}

export class Explorer {
  constructor(model, api) {
    this.model = model;
    this.api = api;
    this.state = emptyState();
    this.graph = new Graph($('graph'));
    this.cy = this.graph.cy;
    this.filters = new Filters(api);
    this.status = new Status($('status'));
    this.analytics = { scores: new Map(), communities: null, brokers: null };
    this.pathEnds = [null, null];
    this.suggestions = null;
    this.bridge = null;
    this.bind();
  }

  // ---- actions -------------------------------------------------------------------------------

  async search(text) {
    const data = await this.status.busy('Searching…', () => this.api.query(queries.search(this.model), { text }));
    return data?.search.map((hit) => refOf(hit.node, this.model));
  }

  async show(ref) {
    this.graph.addNode(ref, `show:${ref.id}`);
    if (!this.state.show.includes(ref.id)) this.state.show.push(ref.id);
    await this.changed();
    await this.select(ref.id);
  }

  async expand(id, type = null) {
    const key = type ? `${id}~${type}` : id;
    const data = await this.status.busy('Expanding…', () => this.api.query(queries.neighbourhood, {
      id, max: EXPAND_MAX, types: type ? [type] : null,
    }));
    if (!data) return;
    const { nodes, edges, truncated } = data.neighbourhood.result;
    const origin = `expand:${key}`;
    const anchor = this.cy.getElementById(id).position() ?? { x: 0, y: 0 };
    this.cy.batch(() => {
      nodes.forEach((node, i) => {
        const fresh = this.cy.getElementById(node.id).empty();
        const added = this.graph.addNode(node, origin);
        if (fresh) {
          const angle = (2 * Math.PI * i) / nodes.length;
          added.position({ x: anchor.x + 120 * Math.cos(angle), y: anchor.y + 120 * Math.sin(angle) });
        }
      });
      edges.forEach((e) => this.graph.addEdge(e.source, e.target, e.type, origin));
    });
    if (!this.state.expand.includes(key)) this.state.expand.push(key);
    if (truncated) this.status.error(`Only the ${EXPAND_MAX} nearest neighbours are shown.`);
    await this.changed();
  }

  async collapse(id) {
    const mine = this.state.expand.filter((k) => k === id || k.startsWith(`${id}~`));
    for (const key of mine) this.graph.release(`expand:${key}`, [id]);
    this.state.expand = this.state.expand.filter((k) => !mine.includes(k));
    if (this.state.sel && this.cy.getElementById(this.state.sel).empty()) this.state.sel = null;
    await this.changed();
  }

  async select(id) {
    const node = id ? this.cy.getElementById(id) : null;
    this.cy.nodes(':selected').unselect();
    this.state.sel = node && !node.empty() ? id : null;
    if (this.state.sel) node.select();
    this.graph.highlightNeighbours(this.state.sel ? node : null);
    this.writeUrl();
    this.renderVisible();
    await this.renderDetails();
  }

  setFilters(change) {
    Object.assign(this.state.filters, change);
    this.filters.apply(this.cy, this.state.filters);
    this.afterStructure();
  }

  exportPng() {
    const blob = this.cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' });
    download('network.png', blob);
  }

  exportCsv() {
    const { nodes, edges } = this.graph.snapshot();
    const rows = [['element', 'id', 'label', 'name', 'source', 'target', 'type']];
    for (const n of nodes) if (n.visible) rows.push(['node', n.id, n.label, n.name, '', '', '']);
    for (const e of edges) if (e.visible) rows.push(['edge', e.id, '', '', e.source, e.target, e.type]);
    download('network.csv', new Blob([csvOf(rows)], { type: 'text/csv' }));
  }

  async clear() {
    this.graph.clear();
    const keep = { layout: this.state.layout, size: this.state.size, colour: this.state.colour, brokers: this.state.brokers };
    this.state = { ...emptyState(), ...keep };
    this.suggestions = null;
    this.bridge = null;
    this.pathEnds = [null, null];
    $('path-from-name').textContent = '—';
    $('path-to-name').textContent = '—';
    $('path-result').replaceChildren();
    await this.changed();
    await this.select(null);
  }

  // ---- keeping the view consistent ------------------------------------------------------------

  async changed() {
    await this.status.busy('Loading…', () => this.filters.load(this.cy.nodes().map((n) => n.id())));
    this.filters.apply(this.cy, this.state.filters);
    this.restyle();
    this.afterStructure();
  }

  afterStructure() {
    $('tooltip').hidden = true; // what it described may have moved or gone
    if (this.restoring) return; // one layout when the whole view is back, not one per step
    const selected = this.state.sel ? this.cy.getElementById(this.state.sel) : null;
    this.graph.layout(this.state.layout, selected);
    $('empty').hidden = this.cy.nodes().length > 0;
    this.renderVisible();
    this.writeUrl();
  }

  renderVisible() {
    const nodes = this.cy.nodes(':visible').map((n) => ({ id: n.id(), label: n.data('label'), name: n.data('name') }));
    nodes.sort((a, b) => a.name.localeCompare(b.name));
    renderVisibleNodes($('visible-nodes'), nodes, this.state.sel, (n) => this.select(n.id));
  }

  async renderDetails() {
    const container = $('details');
    const id = this.state.sel;
    const pick = (ref) => this.focus(ref);
    const extras = [];
    if (this.suggestions && this.state.opp) extras.push(renderSuggestions(this.suggestions, pick));
    if (this.bridge) {
      const section = el('section', { id: 'bridge-panel' });
      renderBridge(section, this.bridge, pick);
      extras.push(section);
    }
    if (!id) {
      container.replaceChildren(el('p', { class: 'hint' }, 'Select a node to see its properties and relationships.'), ...extras);
      return;
    }
    const data = await this.status.busy('Loading details…', async () => ({
      details: await this.api.query(queries.details(this.model), { id }),
      hood: await this.api.query(queries.neighbourhood, { id, max: 500, types: null }),
    }));
    if (!data || this.state.sel !== id) return;
    const node = data.details.node;
    if (!node) { container.replaceChildren(el('p', {}, `${id} is no longer in the graph.`)); return; }
    const label = node.__typename;
    const spec = this.model.labels[label];
    const value = (name) => node[`${label}_${name}`];
    const names = new Map(data.hood.neighbourhood.result.nodes.map((n) => [n.id, n]));
    const relations = data.hood.neighbourhood.result.edges
      .filter((e) => e.source === id || e.target === id)
      .map((e) => ({ type: e.type, other: names.get(e.source === id ? e.target : e.source) }));
    renderDetails(container, {
      node: { id, name: value(spec.nameProperty) },
      label,
      properties: spec.properties.filter((p) => p.name !== spec.nameProperty).map((p) => [p.name, display(p, value(p.name))]),
      relations,
      actions: {
        pick,
        expand: (type) => this.expand(id, type),
        collapse: () => this.collapse(id),
        opportunities: () => this.showOpportunities(id),
      },
      extra: extras.length ? el('div', {}, ...extras) : null,
    });
  }

  // A linked node: bring it on screen if it is not, then select it.
  async focus(ref) {
    if (this.cy.getElementById(ref.id).empty()) await this.show(ref);
    else await this.select(ref.id);
  }

  writeUrl() {
    const hash = toHash(this.state);
    if (location.hash !== hash) history.replaceState(null, '', hash === '#' ? location.pathname : hash);
  }

  // ---- wiring ----------------------------------------------------------------------------------

  async restore(state) {
    const f = state.filters;
    $('layout').value = state.layout;
    $('size-by').value = state.size;
    $('colour-by').value = state.colour;
    $('show-brokers').checked = state.brokers;
    $('filter-association').value = f.association;
    $('filter-topic').value = f.topic;
    $('filter-status').value = f.status;
    $('filter-year-from').value = f.yearFrom ?? '';
    $('filter-year-to').value = f.yearTo ?? '';
    document.querySelectorAll('#label-filter input').forEach((b) => { b.checked = !f.hidden.includes(b.dataset.label); });
    this.state = { ...state, show: [], expand: [], path: null, opp: null, bridge: false, sel: null };
    this.restoring = true;
    if (state.show.length) {
      const data = await this.status.busy('Opening the view…', () => this.api.query(queries.refs(this.model), { ids: state.show }));
      for (const node of data?.nodes ?? []) {
        if (!node) continue;
        this.graph.addNode(refOf(node, this.model), `show:${node.id}`);
        this.state.show.push(node.id);
      }
    }
    for (const key of state.expand) {
      const [id, type] = key.split('~');
      await this.expand(id, type ?? null);
    }
    if (state.path) await this.showPath(...state.path);
    if (state.opp) await this.showOpportunities(state.opp);
    if (state.bridge) await this.showBridge(true);
    if (state.size) await this.setSize(state.size);
    if (state.colour === 'community') await this.setColour('community');
    if (state.brokers) await this.setBrokers(true);
    this.restoring = false;
    await this.changed();
    await this.select(state.sel);
  }
}

Object.assign(Explorer.prototype, analysisActions, controlActions);
