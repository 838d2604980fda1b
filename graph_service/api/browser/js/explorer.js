// The explorer: what each action of a coordinator does to the view, and the view to the URL.
// The analytics overlays live in analyses.js, groups in groups.js, the controls in controls.js,
// the panel's rendering in panel.js, the pictures in export.js.

import { queries, relationsQuery } from './api.js';
import { analysisActions } from './analyses.js';
import { controlActions } from './controls.js';
import { exportActions } from './export.js';
import { Filters } from './filters.js';
import { Graph } from './graph.js';
import { groupActions } from './groups.js';
import { collator, t } from './i18n.js';
import { renderLegend } from './legend.js';
import { onScreen } from './onscreen.js';
import { renderDetails, renderOverlays, renderStyleNotes } from './panel.js';
import { emptyState, toHash } from './state.js';
import { $, Status, el, renderVisibleNodes } from './ui.js';
import { viewActions } from './views.js';

// A relationship field with more nodes than this becomes one group node on the graph.
export const GROUP_AT = 20;

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
    this.overlays = { path: null, bridge: null };
    this.pathEnds = [null, null];
    this.suggestions = null;
    this.bridge = null;
    this.graphVersion = null;
    this.bind();
  }

  // ---- actions -------------------------------------------------------------------------------

  async search(text) {
    const data = await this.status.busy(t('search.busy'), () => this.api.query(queries.search(this.model), { text }));
    return data?.search.map((hit) => refOf(hit.node, this.model));
  }

  async show(ref, { focusGraph = false } = {}) {
    const fresh = this.cy.getElementById(ref.id).empty();
    this.graph.addNode(ref, `show:${ref.id}`);
    if (!this.state.show.includes(ref.id)) this.state.show.push(ref.id);
    await this.changed(fresh ? [ref.id] : []);
    await this.select(ref.id);
    if (focusGraph) $('graph').focus(); // `e` expands right away, it does not type in the box
  }

  // A node's neighbours, all or along one relationship field; a field with more than GROUP_AT
  // nodes comes as one group node, opened in the panel.
  async expand(id, field = null) {
    const node = this.cy.getElementById(id);
    if (node.empty()) return;
    const label = node.data('label');
    if (label === 'Group') { await this.select(id); return; }
    const relations = this.model.labels[label].relations.filter((r) => !field || r.field === field);
    const types = [...new Set(relations.map((r) => r.type))];
    const key = field ? `${id}~${field}` : id;
    const data = await this.status.busy(t('expand.busy'), async () => ({
      rel: await this.api.query(relationsQuery(this.model, label, types), { id, first: GROUP_AT }),
      hood: await this.api.query(queries.neighbourhood, { id, max: 300, types }),
    }));
    if (!data?.rel.node) return;
    this.noteVersion(data.hood.neighbourhood.graphVersion);
    const origin = `expand:${key}`;
    const fresh = [];
    const add = (ref, extra = {}) => {
      if (this.cy.getElementById(ref.id).empty()) fresh.push(ref.id);
      return this.graph.addNode({ ...ref, ...extra }, origin);
    };
    this.cy.batch(() => {
      for (const r of relations) {
        const connection = data.rel.node[r.field];
        if (!connection) continue;
        const ends = (other) => (r.direction === 'out' ? [id, other] : [other, id]);
        if (connection.totalCount > GROUP_AT) {
          const group = this.groupRef(id, node.data('name'), label, r, connection.totalCount);
          add(group, group.extra);
          this.graph.addEdge(...ends(group.id), r.type, origin);
          continue;
        }
        for (const other of connection.nodes) {
          add(refOf(other, this.model));
          this.graph.addEdge(...ends(other.id), r.type, origin);
        }
      }
      // Relationships among the nodes now on screen (the neighbourhood's other edges).
      for (const e of data.hood.neighbourhood.result.edges) {
        const a = this.cy.getElementById(e.source);
        const b = this.cy.getElementById(e.target);
        if (!a.empty() && !b.empty()) this.graph.addEdge(e.source, e.target, e.type, origin);
      }
    });
    if (!this.state.expand.includes(key)) this.state.expand.push(key);
    await this.changed(fresh);
  }

  async collapse(id) {
    const mine = this.state.expand.filter((k) => k === id || k.startsWith(`${id}~`));
    for (const key of mine) this.graph.release(`expand:${key}`, [id]);
    this.state.expand = this.state.expand.filter((k) => !mine.includes(k));
    this.state.pull = (this.state.pull ?? []).filter((p) => this.cy.getElementById(p.split('|')[0]).nonempty());
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
    this.applyFilters();
    this.afterStructure();
  }

  // Filters hide nodes; a path, a bridge path or a suggestion through a hidden node goes too.
  applyFilters() {
    const passes = (n) => this.filters.passes(n.id(), n.data('label'), this.state.filters, n.data('target'), this.state.year);
    this.filters.apply(this.cy, passes);
    this.overlayVisibility(passes);
    this.refreshPanels();
  }

  async clear() {
    this.graph.clear();
    const keep = { lang: this.state.lang, layout: this.state.layout, size: this.state.size, colour: this.state.colour, brokers: this.state.brokers };
    this.state = { ...emptyState(), ...keep };
    this.suggestions = null;
    this.bridge = null;
    this.overlays = { path: null, bridge: null };
    this.pathEnds = [null, null];
    await this.changed();
    await this.select(null);
  }

  // ---- keeping the view consistent ------------------------------------------------------------

  async changed(fresh = null) {
    await this.status.busy(t('loading'), () => this.filters.load(this.cy.nodes().map((n) => n.id()).filter((i) => !i.startsWith('group:'))));
    this.restyle();
    this.applyFilters();
    this.afterStructure(fresh);
  }

  afterStructure(fresh = null) {
    $('tooltip').hidden = true; // what it described may have moved or gone
    if (this.restoring) return; // one layout when the whole view is back, not one per step
    const selected = this.state.sel ? this.cy.getElementById(this.state.sel) : null;
    this.graph.layout(this.state.layout, selected, fresh);
    $('empty').hidden = this.cy.nodes().length > 0;
    this.renderVisible();
    this.renderLegend();
    this.describeCanvas();
    this.writeUrl();
  }

  describeCanvas() {
    $('graph').setAttribute('aria-label', t('graph.canvas', {
      count: onScreen(this.cy, 'nodes').length, edges: this.graph.linkCount(),
    }));
  }

  // The legend on the graph, and the meaning of the styling's measures under their controls.
  renderLegend() {
    renderLegend($('legend'), this);
    renderStyleNotes(this);
  }

  renderVisible() {
    const order = collator();
    const nodes = onScreen(this.cy, 'nodes').map((n) => ({ id: n.id(), label: n.data('label'), name: n.data('name') }));
    nodes.sort((a, b) => order.compare(a.name, b.name));
    renderVisibleNodes($('visible-nodes'), nodes, this.state.sel, (n) => this.select(n.id));
  }

  refreshPanels() {
    renderOverlays(this);
  }

  async renderDetails() {
    const container = $('details');
    const id = this.state.sel;
    const extras = [];
    const pick = (ref) => this.focus(ref);
    if (this.suggestions && this.state.opp) extras.push(el('div', { id: 'suggestions-slot' }));
    if (this.bridge) extras.push(el('section', { id: 'bridge-panel' }));
    if (!id) {
      container.replaceChildren(el('p', { class: 'hint' }, t('details.hint')), ...extras);
      this.refreshPanels();
      return;
    }
    if (id.startsWith('group:')) {
      await this.renderGroup(container, id, extras);
      this.refreshPanels();
      return;
    }
    const node = this.cy.getElementById(id);
    const label = node.data('label');
    const data = await this.status.busy(t('details.busy'), async () => ({
      details: await this.api.query(queries.details(this.model), { id }),
      rel: await this.api.query(relationsQuery(this.model, label), { id, first: 25 }),
    }));
    if (!data || this.state.sel !== id) return;
    if (!data.details.node) { container.replaceChildren(el('p', {}, t('details.gone', { id }))); return; }
    renderDetails(container, this, data, label, pick, extras);
    this.refreshPanels();
  }

  // A linked node: bring it on screen if it is not, then select it.
  async focus(ref) {
    if (this.cy.getElementById(ref.id).empty()) await this.show(ref);
    else await this.select(ref.id);
  }

  writeUrl() {
    const hash = toHash(this.state);
    if (location.hash !== hash) history.replaceState(null, '', hash === '#' ? location.pathname + location.search : hash);
  }

  // ---- rebuilding a view (from the address or a saved view) ------------------------------------

  async restore(state, positions = null) {
    this.setControls(state);
    const wanted = state;
    this.graph.clear();
    this.suggestions = null;
    this.bridge = null;
    this.overlays = { path: null, bridge: null };
    this.state = { ...state, show: [], expand: [], pull: [], path: null, opp: null, bridge: false, sel: null };
    this.restoring = true;
    try {
      if (wanted.show.length) {
        const data = await this.status.busy(t('opening'), () => this.api.query(queries.refs(this.model), { ids: wanted.show }));
        for (const node of data?.nodes ?? []) {
          if (!node) continue;
          this.graph.addNode(refOf(node, this.model), `show:${node.id}`);
          this.state.show.push(node.id);
        }
      }
      for (const key of wanted.expand) {
        const [id, field] = key.split('~');
        await this.expand(id, field ?? null);
      }
      for (const key of wanted.pull ?? []) {
        const [group, nodeId] = key.split('|');
        await this.pullById(group, nodeId);
      }
      if (wanted.path) await this.showPath(...wanted.path);
      if (wanted.opp) await this.showOpportunities(wanted.opp);
      if (wanted.bridge) await this.showBridge(true);
      if (wanted.size) await this.setSize(wanted.size);
      if (wanted.colour !== 'label') await this.setColour(wanted.colour);
      if (wanted.brokers) await this.setBrokers(true);
    } finally {
      this.restoring = false;
    }
    await this.changed('all');
    if (positions) {
      this.cy.batch(() => {
        for (const [id, [x, y]] of Object.entries(positions)) this.cy.getElementById(id).position({ x, y });
      });
      this.graph.fit();
    }
    await this.select(wanted.sel);
  }
}

Object.assign(Explorer.prototype, analysisActions, controlActions, groupActions, exportActions, viewActions);
