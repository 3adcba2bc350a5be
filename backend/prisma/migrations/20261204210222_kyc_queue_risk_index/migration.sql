-- Issue 17: GET /kyc/applications?sort=risk without a status (the whole queue, highest risk first, unscreened first)
-- had no index in its order: the (status, riskScore, createdAt, id) index serves one status only, so PostgreSQL
-- fetched and sorted every application for a page (src/kyc/queue-plans.test.ts: 20,000 rows for a page of one).
-- DESC puts NULLs first, as the queue's order does ("riskScore" DESC NULLS FIRST, "createdAt", id).
CREATE INDEX "kyc_applications_riskScore_createdAt_id_idx" ON "kyc_applications"("riskScore" DESC, "createdAt", "id");
