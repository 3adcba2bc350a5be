/**
 * Seeds a benchmark database with N properties through SQL (generate_series): varied types, countries, cities,
 * statuses and valuations, and for every verified property a title deed document and a verified land title.
 */
import { createHash } from "node:crypto";
import pg from "pg";
import type { EmbeddedDatabase } from "../src/db/embedded.ts";
import { migrate } from "../src/db/migrate.ts";

/** Marketplace searches: a page of 20 with filters (status, country, type, city, valuation range, words), each sort. */
export const LIST_PATHS = [
  "?status=VERIFIED&country=PT&type=RESIDENTIAL&sort=valuation&order=desc&limit=20",
  "?status=VERIFIED&country=ES&type=COMMERCIAL&sort=createdAt&order=desc&limit=20",
  "?country=DE&sort=valuation&order=asc&limit=20",
  "?type=RETAIL&sort=name&order=asc&limit=20",
  "?status=OFFERING&sort=createdAt&order=desc&limit=20",
  "?country=FR&minValuation=500000&maxValuation=5000000&sort=valuation&order=desc&limit=20",
  "?city=Lisbon&type=MULTIFAMILY&sort=createdAt&order=desc&limit=20",
  "?q=Property%2011&sort=name&order=asc&limit=20",
];

/** A `freehold_bench` database (or `name`) on `db`, migrated and seeded with `count` properties; returns its URL. */
export async function benchDatabase(
  db: EmbeddedDatabase,
  count: number,
  name = "freehold_bench",
): Promise<{ url: string; detailIds: string[] }> {
  const admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = db.urlFor(name);
  await migrate(url);
  return { url, ...(await seed(url, count)) };
}

export async function seed(databaseUrl: string, count: number): Promise<{ detailIds: string[] }> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    const owner = (
      await c.query<{ id: string }>(
        `INSERT INTO users (id, address, roles, "updatedAt") VALUES (gen_random_uuid(), '0x000000000000000000000000000000000000bEEF', ARRAY['PROPERTY_MANAGER']::"Role"[], now()) RETURNING id`,
      )
    ).rows[0]!.id;
    await c.query(
      `INSERT INTO properties (id, "ownerId", "managerId", name, type, status, "addressLine1", city, country, latitude, longitude,
         "floorAreaSqm", "yearBuilt", bedrooms, currency, "currentValuation", "statusChangedAt", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1, $1, 'Property ' || g,
         (ARRAY['RESIDENTIAL','MULTIFAMILY','COMMERCIAL','INDUSTRIAL','RETAIL','HOSPITALITY','MIXED_USE','LAND'])[1 + g % 8]::"PropertyType",
         (ARRAY['VERIFIED','VERIFIED','TOKENIZED','OFFERING','FUNDED','DRAFT','SUBMITTED','VERIFIED'])[1 + (g / 8) % 8]::"PropertyStatus",
         g || ' Main Street', (ARRAY['Lisbon','Porto','Madrid','Berlin','Paris','Austin'])[1 + g % 6],
         (ARRAY['PT','PT','ES','DE','FR','US'])[1 + g % 6],
         38 + (g % 1000) / 1000.0, -9 + (g % 1000) / 1000.0, 50 + g % 2000, 1900 + g % 125, g % 9, 'EUR',
         100000 + (g * 7919) % 9900000, now(), now() - (g || ' minutes')::interval, now()
       FROM generate_series(1, $2) AS g`,
      [owner, count],
    );
    const verified = await c.query<{ id: string }>(
      `SELECT id FROM properties WHERE status = 'VERIFIED' ORDER BY "createdAt" DESC LIMIT 2000`,
    );
    for (const [i, { id }] of verified.rows.entries()) {
      const sha = createHash("sha256").update(`deed ${id}`).digest("hex");
      const doc = (
        await c.query<{ id: string }>(
          `INSERT INTO property_documents (id, "propertyId", kind, "fileName", "contentType", "sizeBytes", sha256, "uploadedById") VALUES (gen_random_uuid(), $1, 'TITLE_DEED', 'deed.pdf', 'application/pdf', 1024, $2, $3) RETURNING id`,
          [id, sha, owner],
        )
      ).rows[0]!.id;
      await c.query(
        `INSERT INTO property_documents (id, "propertyId", kind, "fileName", "contentType", "sizeBytes", sha256, "uploadedById") VALUES (gen_random_uuid(), $1, 'IMAGE', 'front.jpg', 'image/jpeg', 2048, $3, $2)`,
        [id, owner, createHash("sha256").update(`img ${id}`).digest("hex")],
      );
      await c.query(
        `INSERT INTO land_titles (id, "propertyId", jurisdiction, "titleNumber", "parcelId", "registryOffice", "ownerOfRecord", tenure, "areaSqm", "documentId", "documentSha256", status, "verifiedById", "verifiedAt", "updatedAt")
         VALUES (gen_random_uuid(), $1, 'PT-11', 'BENCH-' || $2::text, 'P-' || $2::text, 'Lisbon Registry', 'SPV ' || $2::text, 'FREEHOLD', 500, $3, $4, 'VERIFIED', $5, now(), now())`,
        [id, String(i), doc, sha, owner],
      );
    }
    await c.query("COMMIT");
    // The state autovacuum keeps a production database in: hint bits set and the visibility map written, so the
    // measured reads do not pay for the bulk load (the first reader of each fresh page writes it) and no autovacuum
    // of the new rows runs during the measurement.
    await c.query("VACUUM (ANALYZE)");
    return { detailIds: verified.rows.slice(0, 50).map((r) => r.id) };
  } finally {
    await c.end();
  }
}
