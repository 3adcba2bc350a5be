-- Search indexes: each sort key alone and after the public filters (status, country, type), so a page of 20 is
-- read in index order. Valuation keys are DESC NULLS LAST (hand-edited: Prisma cannot express NULLS LAST) to
-- match ORDER BY "currentValuation" DESC NULLS LAST in src/properties/read.ts.

-- DropIndex
DROP INDEX "properties_currentValuation_idx";

-- CreateIndex
CREATE INDEX "properties_search_valuation_idx" ON "properties"("status", "country", "type", "currentValuation" DESC NULLS LAST, "id" DESC);

-- CreateIndex
CREATE INDEX "properties_search_recent_idx" ON "properties"("status", "country", "type", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "properties_recent_idx" ON "properties"("createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "properties_valuation_idx" ON "properties"("currentValuation" DESC NULLS LAST, "id" DESC);

