-- Full-text search for GET /properties?q= (issue 17): a tsvector of name, city and description, kept by PostgreSQL
-- itself (a stored generated column, so no writer can forget it), and a GIN index over it. The 'simple'
-- configuration lowercases and splits words without stemming or stop words: names and cities are proper nouns in
-- many languages, and a search for "Lisbon" must not depend on an English dictionary.

-- AlterTable
ALTER TABLE "properties" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple', coalesce("name", '')), 'A') ||
  setweight(to_tsvector('simple', coalesce("city", '')), 'B') ||
  setweight(to_tsvector('simple', coalesce("description", '')), 'C')
) STORED;

-- CreateIndex
-- GET /properties?q=<words> (src/properties/read.ts: search @@ the words, the last one as a prefix), with any
-- filters and sort: a bitmap scan of the matching rows, then the page's top-N sort (plan in npm run bench:api)
CREATE INDEX "properties_search_idx" ON "properties" USING GIN ("search");
