-- A property's current valuation is its latest approved valuation (by valuation date, then decision time), never a
-- recorded or rejected one (src/valuations/service.ts followLatestApproved keeps it so from now on).
UPDATE "properties" p
SET "currentValuation" = latest.amount, "version" = p."version" + 1
FROM (
  SELECT pr.id,
    (SELECT v.amount FROM "valuations" v WHERE v."propertyId" = pr.id AND v.status = 'APPROVED'
      ORDER BY v."valuedOn" DESC, v."decidedAt" DESC, v."createdAt" DESC LIMIT 1) AS amount
  FROM "properties" pr
) latest
WHERE latest.id = p.id AND p."currentValuation" IS DISTINCT FROM latest.amount;
