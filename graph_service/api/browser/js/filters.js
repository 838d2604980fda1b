// Filters by label, association, topic, project status and year. What a node belongs to (its
// "facets") is fetched once per node through GraphQL and kept; filtering itself is local.

import { queries } from './api.js';

const BATCH = 50;

export const NO_FILTERS = { hidden: [], association: '', topic: '', status: '', yearFrom: null, yearTo: null };

function ids(connection) {
  return (connection?.nodes ?? []).map((n) => n.id);
}

function facetsOf(node) {
  switch (node.__typename) {
    case 'Firm':
      return {
        sector: node.sector, town: node.town, size: node.size?.toLowerCase() ?? null,
        associations: new Set(ids(node.associations)),
        topics: new Set(node.projects.nodes.flatMap((p) => ids(p.topics))),
      };
    case 'Project':
      return {
        associations: new Set([
          ...ids(node.coordinatingAssociations),
          ...node.participants.nodes.flatMap((f) => ids(f.associations)),
        ]),
        topics: new Set(ids(node.topics)),
        status: node.status?.toLowerCase() ?? null,
        year: node.year ?? null,
        investment: node.investment ?? null,
      };
    case 'Expert':
      return { topics: new Set(ids(node.topics)) };
    case 'Association':
      return { sector: node.sector, representedFirms: node.representedFirms ?? null };
    case 'Office':
      return { town: node.town };
    default:
      return {};
  }
}

export class Filters {
  constructor(api) {
    this.api = api;
    this.facets = new Map();
  }

  async load(nodeIds) {
    const missing = nodeIds.filter((id) => !this.facets.has(id));
    for (let i = 0; i < missing.length; i += BATCH) {
      const data = await this.api.query(queries.facets, { ids: missing.slice(i, i + BATCH) });
      for (const node of data.nodes) if (node) this.facets.set(node.id, facetsOf(node));
    }
  }

  // What is known of a node beyond its label and name: the properties the styling rules read.
  facetsOf(id) {
    return this.facets.get(id) ?? {};
  }

  // Does a node pass? Association and topic narrow firms, projects (and experts by topic);
  // status, the years and the time slider's year narrow projects; the label filter applies to
  // all (to a group, by the kind of node it holds).
  passes(id, label, filters, groupTarget = null, asOf = null) {
    if (filters.hidden.includes(label === 'Group' ? groupTarget : label)) return false;
    const facets = this.facets.get(id) ?? {};
    if (filters.association && facets.associations && !facets.associations.has(filters.association)) {
      return false;
    }
    if (filters.topic && facets.topics && !facets.topics.has(filters.topic)) return false;
    if (label === 'Project') {
      if (filters.status && facets.status !== filters.status) return false;
      if (filters.yearFrom && !(facets.year >= filters.yearFrom)) return false;
      if (filters.yearTo && !(facets.year <= filters.yearTo)) return false;
      if (asOf && !(facets.year <= asOf)) return false;
    }
    return true;
  }

  apply(cy, passes) {
    cy.batch(() => {
      cy.nodes().forEach((node) => node.toggleClass('filtered-out', !passes(node)));
    });
  }
}
