// The page's controls wired to the explorer's actions. Methods of the explorer (see explorer.js).

import { $, SearchBox, el } from './ui.js';

export const controlActions = {
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
  },

  pathEnd(which) {
    const id = this.state.sel;
    if (!id) { this.status.error('Select a node first.'); return; }
    this.pathEnds[which] = id;
    $(which === 0 ? 'path-from-name' : 'path-to-name').textContent = this.cy.getElementById(id).data('name');
    if (this.pathEnds[0] && this.pathEnds[1]) this.showPath(this.pathEnds[0], this.pathEnds[1]);
  },

  fillFilterOptions(data) {
    for (const a of data.associations.nodes) $('filter-association').append(el('option', { value: a.id }, a.name));
    for (const t of data.topics.nodes) $('filter-topic').append(el('option', { value: t.id }, t.name));
  }

  // Rebuild a view from its URL: the same steps, in the same order.,
};
