// The explorer: what each action of a coordinator does to the view, and the view to the URL.

import { Api, ApiError, queries } from './api.js';
import { Filters } from './filters.js';
import { Graph } from './graph.js';
import { emptyState, parseHash, toHash } from './state.js';
import { LABEL_COLOURS, communityColour, renderLegend, sizeFor } from './styles.js';
import {
  $, SearchBox, Status, csvOf, download, el, renderBridge, renderDetails, renderSuggestions,
  renderVisibleNodes,
} from './ui.js';

const KEY_STORE = 'graph-service-key';
const EXPAND_MAX = 300;

// Enum values come back as GraphQL names (FOUNDING_PARTNER); show them as stored (founding-partner).
function display(property, value) {
  return property.choices.length && typeof value === 'string' ? value.toLowerCase().replaceAll('_', '-') : value;
}

function refOf(node, model) {
  return { id: node.id, label: node.__typename, name: node[model.labels[node.__typename].nameProperty] };
}

class Explorer {
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

  async setSize(measure) {
    this.state.size = measure;
    if (measure && !this.analytics.scores.has(measure)) {
      const data = await this.status.busy(`Computing ${measure}…`, () => this.api.query(queries.centrality, { measure }));
      if (!data) { this.state.size = ''; $('size-by').value = ''; return; }
      const result = data.centrality.result;
      this.analytics.scores.set(measure, { result, byId: new Map(result.entries.map((e) => [e.id, e.score])) });
    }
    this.restyle();
  }

  async setColour(mode) {
    this.state.colour = mode;
    if (mode === 'community' && !this.analytics.communities) {
      const data = await this.status.busy('Finding communities…', () => this.api.query(queries.communities));
      if (!data) { this.state.colour = 'label'; $('colour-by').value = 'label'; return; }
      const byId = new Map();
      for (const c of data.communities.result.communities) for (const m of c.members) byId.set(m, c);
      this.analytics.communities = { result: data.communities.result, byId };
    }
    this.restyle();
  }

  async setBrokers(on) {
    this.state.brokers = on;
    if (on && !this.analytics.brokers) {
      const data = await this.status.busy('Finding brokers…', () => this.api.query(queries.brokers));
      if (!data) { this.state.brokers = false; $('show-brokers').checked = false; return; }
      this.analytics.brokers = new Set(data.brokers.result.entries.map((e) => e.id));
    }
    this.restyle();
  }

  async showPath(source, target) {
    this.graph.release('path');
    this.graph.clearClass('path');
    this.state.path = null;
    $('path-result').replaceChildren();
    if (!source || !target) return this.changed();
    const data = await this.status.busy('Finding paths…', () => this.api.query(queries.paths, { source, target }));
    if (!data) return undefined;
    const result = data.shortestPaths.result;
    this.state.path = [source, target];
    result.paths.forEach((path) => this.graph.addPath(path, 'path', 'path'));
    $('path-result').replaceChildren(result.distance == null
      ? el('p', {}, 'These two nodes are not connected.')
      : el('div', {},
        el('p', {}, `${result.paths.length} shortest path${result.paths.length === 1 ? '' : 's'}, ${result.distance} steps:`),
        el('ul', { id: 'path-list' }, ...result.paths.map((p) => el('li', {}, p.nodes.map((n) => n.name).join(' → '))))));
    return this.changed();
  }

  async showOpportunities(firm) {
    this.graph.release('opportunities');
    this.suggestions = null;
    this.state.opp = null;
    if (!firm) return this.changed();
    const data = await this.status.busy('Looking for collaborations…', () => this.api.query(queries.opportunities, { firm }));
    if (!data) return undefined;
    const result = data.collaborationOpportunities.result;
    this.state.opp = firm;
    this.suggestions = result;
    for (const s of result.suggestions) {
      this.graph.addNode(s.source, 'opportunities');
      this.graph.addNode(s.target, 'opportunities');
      this.graph.addEdge(s.source.id, s.target.id, 'SUGGESTED', 'opportunities', 'opportunity', {
        note: `#${s.rank}`, reasons: s.reasons.map((r) => r.text).join('\n'),
      });
    }
    await this.changed();
    return this.renderDetails();
  }

  async showBridge(on = true) {
    this.graph.release('bridge');
    this.graph.clearClass('bridge');
    this.graph.clearClass('candidate');
    this.bridge = null;
    this.state.bridge = false;
    if (!on) return this.changed();
    const data = await this.status.busy("Finding the bridge to Confindustria's DIH…", () => this.api.query(queries.bridge));
    if (!data) return undefined;
    const result = data.bridgeCandidates.result;
    this.state.bridge = true;
    this.bridge = result;
    this.graph.addNode(result.homeHub, 'bridge');
    this.graph.addNode(result.otherHub, 'bridge');
    result.shortestPaths.forEach((path) => this.graph.addPath(path, 'bridge', 'bridge'));
    for (const c of result.candidates) {
      this.graph.addNode(c.node, 'bridge').addClass('candidate');
      if (c.example) this.graph.addPath(c.example, 'bridge', '');
    }
    await this.changed();
    await this.renderDetails();
    $('bridge-panel')?.scrollIntoView({ block: 'start' });
    return undefined;
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
    const selected = this.state.sel ? this.cy.getElementById(this.state.sel) : null;
    this.graph.layout(this.state.layout, selected);
    $('empty').hidden = this.cy.nodes().length > 0;
    this.renderVisible();
    this.writeUrl();
  }

  restyle() {
    const sizes = this.state.size ? this.analytics.scores.get(this.state.size) : null;
    const max = sizes ? Math.max(0, ...sizes.byId.values()) : 0;
    const communities = this.state.colour === 'community' ? this.analytics.communities : null;
    this.cy.batch(() => {
      this.cy.nodes().forEach((node) => {
        node.data('size', sizeFor(sizes?.byId.get(node.id()), max));
        const community = communities?.byId.get(node.id());
        node.data('colour', communities ? communityColour(community?.index) : LABEL_COLOURS[node.data('label')] ?? '#999');
        node.toggleClass('broker', Boolean(this.state.brokers && this.analytics.brokers?.has(node.id())));
      });
    });
    this.renderLegend();
    this.writeUrl();
  }

  renderLegend() {
    const legend = $('legend');
    if (this.state.colour === 'community' && this.analytics.communities) {
      const onScreen = new Map();
      this.cy.nodes(':visible').forEach((n) => {
        const c = this.analytics.communities.byId.get(n.id());
        if (c) onScreen.set(c.index, c);
      });
      const entries = [...onScreen.values()].sort((a, b) => a.index - b.index).map((c) => ({
        colour: communityColour(c.index),
        text: `${c.index + 1}: ${c.size} nodes${c.dominantAssociation ? `, mostly ${c.dominantAssociation.name}` : ''}`,
      }));
      renderLegend(legend, entries, 'Communities');
    } else {
      const labels = new Set(this.cy.nodes(':visible').map((n) => n.data('label')));
      renderLegend(legend, [...labels].sort().map((l) => ({ colour: LABEL_COLOURS[l], text: l })), 'Labels');
    }
    const sizes = this.state.size ? this.analytics.scores.get(this.state.size) : null;
    if (sizes) {
      const how = sizes.result.sampled ? 'sampled' : 'exact';
      legend.append(el('div', { id: 'size-legend' }, `Size: ${this.state.size} (${how}, larger = more central)`));
    }
    if (this.state.brokers && this.analytics.brokers) {
      legend.append(el('div', { id: 'broker-legend' }, 'Double border: one of the 10 key brokers'));
    }
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

  bind() {
    const cy = this.cy;
    cy.on('tap', 'node', (e) => this.select(e.target.id()));
    cy.on('tap', (e) => { if (e.target === cy) this.select(null); });
    cy.on('mouseover', 'node', (e) => this.graph.highlightNeighbours(e.target, true));
    cy.on('mouseout', 'node', () => {
      const sel = this.state.sel ? cy.getElementById(this.state.sel) : null;
      this.graph.highlightNeighbours(sel && !sel.empty() ? sel : null);
    });
    const tooltip = $('tooltip');
    cy.on('mouseover', 'edge.opportunity', (e) => {
      tooltip.textContent = e.target.data('reasons');
      const { x, y } = e.renderedPosition;
      tooltip.style.left = `${x + 12}px`;
      tooltip.style.top = `${y + 12}px`;
      tooltip.hidden = false;
    });
    cy.on('mouseout', 'edge.opportunity', () => { tooltip.hidden = true; });

    new SearchBox($('search'), $('search-results'), (text) => this.search(text), (ref) => this.show(ref));
    $('layout').addEventListener('change', (e) => { this.state.layout = e.target.value; this.afterStructure(); });
    $('size-by').addEventListener('change', (e) => this.setSize(e.target.value));
    $('colour-by').addEventListener('change', (e) => this.setColour(e.target.value));
    $('show-brokers').addEventListener('change', (e) => this.setBrokers(e.target.checked));
    $('bridge').addEventListener('click', () => this.showBridge(true));
    $('export-png').addEventListener('click', () => this.exportPng());
    $('export-csv').addEventListener('click', () => this.exportCsv());
    $('clear').addEventListener('click', () => this.clear());
    $('copy-link').addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(location.href);
        this.status.element.textContent = 'Link copied.';
      } catch {
        this.status.element.textContent = 'Copy the address bar to share this view.';
      }
    });
    $('path-from').addEventListener('click', () => this.pathEnd(0));
    $('path-to').addEventListener('click', () => this.pathEnd(1));

    for (const label of Object.keys(this.model.labels)) {
      const box = el('input', { type: 'checkbox', checked: 'checked', 'data-label': label, id: `show-${label}` });
      box.addEventListener('change', () => {
        const hidden = [...document.querySelectorAll('#label-filter input')].filter((b) => !b.checked).map((b) => b.dataset.label);
        this.setFilters({ hidden });
      });
      $('label-filter').append(el('label', {}, box, ` ${label}`));
    }
    for (const status of this.model.labels.Project.properties.find((p) => p.name === 'status').choices) {
      $('filter-status').append(el('option', { value: status }, status));
    }
    $('filter-association').addEventListener('change', (e) => this.setFilters({ association: e.target.value }));
    $('filter-topic').addEventListener('change', (e) => this.setFilters({ topic: e.target.value }));
    $('filter-status').addEventListener('change', (e) => this.setFilters({ status: e.target.value }));
    const year = (e) => (e.target.value ? Number(e.target.value) : null);
    $('filter-year-from').addEventListener('change', (e) => this.setFilters({ yearFrom: year(e) }));
    $('filter-year-to').addEventListener('change', (e) => this.setFilters({ yearTo: year(e) }));

    document.addEventListener('keydown', (event) => {
      const typing = ['INPUT', 'SELECT', 'TEXTAREA'].includes(document.activeElement?.tagName);
      if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === '/') { event.preventDefault(); $('search').focus(); }
      if (event.key === 'e' && this.state.sel) this.expand(this.state.sel);
      if (event.key === 'c' && this.state.sel) this.collapse(this.state.sel);
      if (event.key === 'Escape') this.select(null);
    });
  }

  pathEnd(which) {
    const id = this.state.sel;
    if (!id) { this.status.error('Select a node first.'); return; }
    this.pathEnds[which] = id;
    $(which === 0 ? 'path-from-name' : 'path-to-name').textContent = this.cy.getElementById(id).data('name');
    if (this.pathEnds[0] && this.pathEnds[1]) this.showPath(this.pathEnds[0], this.pathEnds[1]);
  }

  fillFilterOptions(data) {
    for (const a of data.associations.nodes) $('filter-association').append(el('option', { value: a.id }, a.name));
    for (const t of data.topics.nodes) $('filter-topic').append(el('option', { value: t.id }, t.name));
  }

  // Rebuild a view from its URL: the same steps, in the same order.
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
    await this.changed();
    await this.select(state.sel);
  }
}

function askForKey(message) {
  return new Promise((resolve) => {
    const dialog = $('key-dialog');
    if (message) dialog.querySelector('p').textContent = message;
    $('key-form').addEventListener('submit', () => resolve($('key-input').value.trim()), { once: true });
    dialog.showModal();
  });
}

async function start() {
  const status = new Status($('status'));
  const { state, key: handedOver } = parseHash(location.hash);
  if (handedOver) {
    sessionStorage.setItem(KEY_STORE, handedOver);
    history.replaceState(null, '', toHash(state) === '#' ? location.pathname : toHash(state));
  }
  let model;
  try {
    const response = await fetch('/explore/model.json');
    model = await response.json();
  } catch {
    status.error('The service cannot be reached. Is it running?');
    return;
  }
  // The key is tried before the explorer is built: a refused key leaves nothing wired to it.
  let key = sessionStorage.getItem(KEY_STORE) ?? (await askForKey());
  let options = null;
  for (;;) {
    try {
      options = await new Api(key).query(queries.filterOptions);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
        sessionStorage.removeItem(KEY_STORE);
        key = await askForKey('That key was not accepted. Enter a valid API key.');
        continue;
      }
      status.error(error.message);
    }
    break;
  }
  sessionStorage.setItem(KEY_STORE, key);
  const explorer = new Explorer(model, new Api(key));
  if (options) explorer.fillFilterOptions(options);
  window.explorer = explorer; // for whoever automates the page (and its tests)
  await explorer.restore(state);
  document.body.dataset.ready = 'true';
}

start();
