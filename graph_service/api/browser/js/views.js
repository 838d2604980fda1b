// Saved views: a named view (what is shown, filters, styling, layout, positions) kept by the
// service for the key in use; listed, opened, renamed and deleted here. Methods of the explorer.

import { ViewStore } from './api.js';
import { t } from './i18n.js';
import { parseHash, toHash } from './state.js';
import { $, el } from './ui.js';

export const viewActions = {
  bindViews() {
    this.views = new ViewStore(this.api.key);
    $('view-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.saveView($('view-name').value.trim());
    });
    $('views').addEventListener('toggle', () => { if ($('views').open) this.listViews(); });
  },

  // What a saved view holds: the URL state (without the language: each reader keeps their own)
  // and the positions of the nodes on screen.
  currentView() {
    const { lang, ...state } = this.state;
    return { hash: toHash({ ...state, lang: null }), positions: this.graph.positions() };
  },

  async saveView(name) {
    if (!name) return;
    const saved = await this.status.busy(t('loading'), () => this.views.save(name, this.currentView()));
    if (!saved) return;
    this.status.element.textContent = t('views.saved', { name });
    $('view-name').value = '';
    await this.listViews();
  },

  async listViews() {
    const answer = await this.status.busy(t('loading'), () => this.views.list());
    if (!answer) return;
    const list = $('view-list');
    list.replaceChildren(...answer.views.map((v) => el('li', { 'data-name': v.name },
      el('span', { class: 'name' }, v.name),
      el('button', { type: 'button', class: 'small', 'aria-label': t('views.openName', { name: v.name }), onclick: () => this.openView(v.name) }, t('views.open')),
      el('button', { type: 'button', class: 'small', 'aria-label': t('views.renameName', { name: v.name }), onclick: () => this.renameView(v.name) }, t('views.rename')),
      el('button', { type: 'button', class: 'small', 'aria-label': t('views.deleteName', { name: v.name }), onclick: () => this.deleteView(v.name) }, t('views.delete')))));
    if (!answer.views.length) list.append(el('li', { class: 'hint' }, t('views.none')));
  },

  async openView(name) {
    const answer = await this.status.busy(t('opening'), () => this.views.get(name));
    if (!answer) return;
    const { state } = parseHash(answer.view.hash);
    state.lang = this.state.lang;
    await this.restore(state, answer.view.positions);
  },

  async renameView(name) {
    const to = window.prompt(t('views.renamePrompt', { name }), name)?.trim();
    if (!to || to === name) return;
    if (await this.status.busy(t('loading'), () => this.views.rename(name, to))) await this.listViews();
  },

  async deleteView(name) {
    if (await this.status.busy(t('loading'), () => this.views.remove(name))) {
      this.status.element.textContent = t('views.deleted', { name });
      await this.listViews();
    }
  },
};
