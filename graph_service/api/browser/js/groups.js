// Group nodes: an expansion with more than a few dozen nodes along one relationship ("72 firms ·
// Confartigianato") is drawn as one node; selecting it opens a searchable, paged list in the panel,
// from which the coordinator brings single nodes onto the graph. Methods of the explorer.

import { groupQuery, queries } from './api.js';
import { noun, number, t } from './i18n.js';
import { relationHeading } from './panel.js';
import { el, tag } from './ui.js';

const PAGE = 20;

export const groupActions = {
  groupRef(centerId, centerName, centerLabel, relation, count) {
    const id = `group:${centerId}:${relation.field}`;
    return {
      id,
      label: 'Group',
      name: t('group.name', { count: number(count), noun: noun(relation.target, true), name: centerName }),
      extra: {
        count, center: centerId, centerName, centerLabel, field: relation.field,
        target: relation.target, type: relation.type, direction: relation.direction,
      },
    };
  },

  // The group's list in the panel: a search box, a page of names, previous/next.
  async renderGroup(container, id, extras) {
    const group = this.cy.getElementById(id).data();
    this.groupView = this.groupView?.id === id ? this.groupView : { id, text: '', cursors: [null], page: 0 };
    const view = this.groupView;
    const search = el('input', { type: 'search', id: 'group-search', value: view.text, autocomplete: 'off' });
    const list = el('ul', { id: 'group-list' });
    const pager = el('div', { class: 'row buttons pager' });
    container.replaceChildren(
      el('h2', {}, tag('Group', noun(group.target, true)), group.name),
      el('p', { class: 'hint' }, `${relationHeading(group, group.count)} — ${t('group.hint')}`),
      el('div', { class: 'row' }, el('label', { for: 'group-search' }, t('group.search')), search),
      list, pager, ...extras,
    );
    let timer = null;
    search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        Object.assign(view, { text: search.value.trim(), cursors: [null], page: 0 });
        this.loadGroupPage(group, list, pager);
      }, 200);
    });
    await this.loadGroupPage(group, list, pager);
  },

  async loadGroupPage(group, list, pager) {
    const view = this.groupView;
    const asked = { ...view };
    const data = await this.status.busy(t('group.busy'), () => this.api.query(
      groupQuery(this.model, group.centerLabel, group.field, group.target),
      { id: group.center, first: PAGE, after: view.cursors[view.page], text: view.text },
    ));
    if (!data?.node || this.groupView !== view || view.text !== asked.text || view.page !== asked.page) return;
    const connection = data.node[group.field];
    const nameProperty = this.model.labels[group.target].nameProperty;
    view.cursors[view.page + 1] = connection.pageInfo.endCursor;
    list.replaceChildren(...connection.nodes.map((n) => {
      const ref = { id: n.id, label: n.__typename, name: n[nameProperty] };
      const onGraph = this.cy.getElementById(n.id).nonempty();
      return el('li', { 'data-id': n.id },
        el('span', { class: 'name' }, ref.name),
        onGraph
          ? el('span', { class: 'hint' }, ` · ${t('group.pulled')}`)
          : el('button', {
            type: 'button', class: 'small pull', 'aria-label': t('group.pullName', { name: ref.name }),
            onclick: () => this.pull(group, ref),
          }, t('group.pull')));
    }));
    if (!connection.nodes.length) list.append(el('li', { class: 'hint' }, t('group.none')));
    const from = view.page * PAGE + 1;
    const to = view.page * PAGE + connection.nodes.length;
    const move = (step) => { view.page += step; this.loadGroupPage(group, list, pager); };
    pager.replaceChildren(
      el('button', { type: 'button', id: 'group-prev', disabled: view.page === 0 ? 'disabled' : null, onclick: () => move(-1) }, t('group.prev')),
      el('span', { id: 'group-page', class: 'hint' }, connection.totalCount
        ? t('group.page', { from: number(from), to: number(to), total: number(connection.totalCount) }) : ''),
      el('button', { type: 'button', id: 'group-next', disabled: connection.pageInfo.hasNextPage ? null : 'disabled', onclick: () => move(1) }, t('group.next')),
    );
  },

  // One node out of the group onto the graph, tied to the group's centre by its relationship.
  async pull(group, ref) {
    const origin = `pull:${group.id}|${ref.id}`;
    const fresh = this.cy.getElementById(ref.id).empty();
    this.graph.addNode(ref, origin);
    const [source, target] = group.direction === 'out' ? [group.center, ref.id] : [ref.id, group.center];
    this.graph.addEdge(source, target, group.type, origin);
    const key = `${group.id}|${ref.id}`;
    if (!this.state.pull.includes(key)) this.state.pull.push(key);
    await this.changed(fresh ? [ref.id] : []);
    if (!this.restoring) await this.select(ref.id);
  },

  async pullById(groupId, nodeId) {
    const group = this.cy.getElementById(groupId);
    if (group.empty()) return;
    const data = await this.api.query(queries.refs(this.model), { ids: [nodeId] });
    const node = data?.nodes?.[0];
    if (!node) return;
    const ref = { id: node.id, label: node.__typename, name: node[this.model.labels[node.__typename].nameProperty] };
    await this.pull({ id: groupId, ...group.data() }, ref);
  },
};
