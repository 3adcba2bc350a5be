-- Issue 17: a page of GET /audit reads a page, not the trail, for any combination of its filters (checked with
-- PostgreSQL's own row counts by src/audit/plans.test.ts over 30,000 entries; the page statement is planned for its
-- values on every request, src/audit/service.ts auditPageSql). Each filter alone already had its (column, seq) index.

-- GET /audit?entityId=<id> without entityType: the (entityType, entityId, seq) index cannot serve an id alone, so the
-- page walked the trail in seq order testing each entry's id (for an id with no entry: every entry). With this index
-- the plan reads that entity's entries only, in seq order.
CREATE INDEX "audit_entries_entityId_seq_idx" ON "audit_entries"("entityId", "seq");

-- Pairs of correlated filters: an action is about one entity type, and an actor does the actions of its role only.
-- A pair that never occurs together (?actorId=<an officer>&action=property.updated, ?entityType=property&action=
-- kyc.approved) was served by one filter's index with the other as a test on each row: every entry of that filter
-- read for an empty page (3,750 of 30,000 in the test, 125,000 of bench:api's 1,000,000). Each pair's index has
-- both as index conditions, in seq order.
CREATE INDEX "audit_entries_actorId_action_seq_idx" ON "audit_entries"("actorId", "action", "seq");
CREATE INDEX "audit_entries_actorId_entityType_seq_idx" ON "audit_entries"("actorId", "entityType", "seq");
CREATE INDEX "audit_entries_entityType_action_seq_idx" ON "audit_entries"("entityType", "action", "seq");

-- With per-column statistics PostgreSQL multiplies the filters' selectivities; the most common combinations give it
-- the real counts (an absent combination is then expected to be rare), so it picks the pair's index.
CREATE STATISTICS "audit_entries_filters_stats" (mcv) ON "actorId", action, "entityType" FROM "audit_entries";
