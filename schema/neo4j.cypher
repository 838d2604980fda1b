// Neo4j constraints and indexes of graph_service, generated from
// graph_service/domain/model.py by `graph-service schema export`.
// Applied idempotently at start-up and by `graph-service schema apply`.
CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT association_id IF NOT EXISTS FOR (n:Association) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT service_centre_id IF NOT EXISTS FOR (n:ServiceCentre) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT office_id IF NOT EXISTS FOR (n:Office) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT firm_id IF NOT EXISTS FOR (n:Firm) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT expert_id IF NOT EXISTS FOR (n:Expert) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT project_id IF NOT EXISTS FOR (n:Project) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT hub_id IF NOT EXISTS FOR (n:Hub) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT topic_id IF NOT EXISTS FOR (n:Topic) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT instrument_id IF NOT EXISTS FOR (n:Instrument) REQUIRE n.id IS UNIQUE;
CREATE INDEX association_sector IF NOT EXISTS FOR (n:Association) ON (n.sector);
CREATE INDEX office_town IF NOT EXISTS FOR (n:Office) ON (n.town);
CREATE INDEX office_kind IF NOT EXISTS FOR (n:Office) ON (n.kind);
CREATE INDEX firm_town IF NOT EXISTS FOR (n:Firm) ON (n.town);
CREATE INDEX firm_sector IF NOT EXISTS FOR (n:Firm) ON (n.sector);
CREATE INDEX firm_size IF NOT EXISTS FOR (n:Firm) ON (n.size);
CREATE INDEX expert_role IF NOT EXISTS FOR (n:Expert) ON (n.role);
CREATE INDEX project_kind IF NOT EXISTS FOR (n:Project) ON (n.kind);
CREATE INDEX project_status IF NOT EXISTS FOR (n:Project) ON (n.status);
CREATE INDEX project_year IF NOT EXISTS FOR (n:Project) ON (n.year);
CREATE INDEX hub_kind IF NOT EXISTS FOR (n:Hub) ON (n.kind);
CREATE CONSTRAINT audit_entry_entry_id IF NOT EXISTS FOR (e:AuditEntry) REQUIRE e.entryId IS UNIQUE;
CREATE INDEX audit_entry_at IF NOT EXISTS FOR (e:AuditEntry) ON (e.at);
CREATE INDEX audit_entry_key_name IF NOT EXISTS FOR (e:AuditEntry) ON (e.keyName);
CREATE CONSTRAINT saved_view_key_name IF NOT EXISTS FOR (v:SavedView) REQUIRE (v.keyName, v.name) IS UNIQUE;
CREATE INDEX audit_entry_position IF NOT EXISTS FOR (e:AuditEntry) ON (e.position);
CREATE CONSTRAINT change_counter_name IF NOT EXISTS FOR (c:ChangeCounter) REQUIRE c.name IS UNIQUE;
CREATE CONSTRAINT webhook_id IF NOT EXISTS FOR (w:Webhook) REQUIRE w.webhookId IS UNIQUE;
CREATE INDEX webhook_delivery_at IF NOT EXISTS FOR (d:WebhookDelivery) ON (d.at);
CREATE FULLTEXT INDEX node_names IF NOT EXISTS FOR (n:Association|ServiceCentre|Office|Firm|Expert|Project|Hub|Topic|Instrument) ON EACH [n.name, n.title];
