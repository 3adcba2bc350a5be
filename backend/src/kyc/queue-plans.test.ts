/**
 * The KYC queue reads a page, not the applications (issue 17): for any status filter (or none), sort, cursor and
 * page size, as a reviewer (the queue) or as an investor (their own), PostgreSQL's plan over 20,000 applications
 * examines at most a page's budget of rows. It failed twice: the whole queue by risk had no index in its order (every
 * application sorted), and the prepared statement's generic plan walked the queue past the cursor for a status no
 * application has. The status is now a literal of the text, a page is prepared only when its text holds every value
 * its plan depends on, and each page is held to its budget in every plan the API may run it with (the generic one
 * too, when prepared). The class of the
 * marketplace list's finding (src/properties/list-plans.test.ts). Statuses are skewed as in a real queue: most
 * applications are submitted, in review or approved, few are waiting for more information, none expired. The
 * reviewers' needs-decision view (finding H6) and its flags (open screenings, the identity's hold from the outbox) are
 * held to the same budget: a tenth of the applications screened, a fiftieth of those with an open possible match.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import type { Actor } from "../auth/actor.ts";
import { freshDatabase } from "../../test/support/harness.ts";
import { pageBudget, pageRowsExamined } from "../../test/support/plans.ts";
import { createPool } from "../db/pool.ts";
import { AWAITING_OFFICER_STATUSES, QUEUE_SORTS, QUEUE_VIEWS, type QueueView } from "./queue.ts";
import { applicationsPageSql, listApplications, type ListFilter } from "./service.ts";

const APPLICATIONS = 20_000;
/** Statuses by share of the queue (out of 100); EXPIRED and REVOKED have none. */
const SHARES: [string, number][] = [
  ["SUBMITTED", 45],
  ["UNDER_REVIEW", 20],
  ["APPROVED", 30],
  ["MORE_INFO_REQUESTED", 3],
  ["REJECTED", 2],
];
const STATUSES = [...SHARES.map(([s]) => s), "EXPIRED", "REVOKED"] as const;

let client: pg.Client;
let url: string;
interface Row {
  id: string;
  applicantId: string;
  createdAt: Date;
  riskScore: number | null;
}
let rows: Row[];

before(async () => {
  url = await freshDatabase();
  client = new pg.Client({ connectionString: url });
  await client.connect();
  const statusOf = SHARES.flatMap(([status, share]) => Array<string>(share).fill(status));
  await client.query(
    `WITH applicants AS (
       INSERT INTO users (id, address, roles, "updatedAt")
       SELECT gen_random_uuid(), '0x' || lpad(to_hex(g), 40, '0'), ARRAY['INVESTOR']::"Role"[], now()
       FROM generate_series(1, $1::int) g RETURNING id, address)
     INSERT INTO kyc_applications (id, "applicantId", wallet, status, "identityCiphertext", "identityKeyId",
       "residenceCountry", "pepDeclared", "accreditationClaimed", "riskScore", "createdAt", "updatedAt",
       "approvedCountry", accredited, "kycExpiresAt", "rejectionReason")
     SELECT gen_random_uuid(), a.id, a.address, s.status::"KycStatus", 'fh1.sealed', 'k', '620', false, false,
       CASE WHEN n % 7 = 0 THEN NULL ELSE (n * 37) % 101 END, now() - (n || ' minutes')::interval, now(),
       CASE WHEN s.status = 'APPROVED' THEN 620 END, CASE WHEN s.status = 'APPROVED' THEN false END,
       CASE WHEN s.status = 'APPROVED' THEN now() + interval '1 year' END,
       CASE WHEN s.status = 'REJECTED' THEN 'documents unreadable' END
     FROM (SELECT id, address, row_number() OVER () AS n FROM applicants) a,
       LATERAL (SELECT ($2::text[])[1 + a.n % 100] AS status) s`,
    [APPLICATIONS, statusOf],
  );
  // screenings: one application in ten was screened, one in fifty of them has a possible match awaiting a decision
  // (approved investors hit by a list reload among them), every screened application is linked to its wallet on chain
  await client.query(
    `INSERT INTO sanctions_list_versions (id, source, format, digest, "entryCount", "walletCount", active, "sdnText")
     VALUES ('00000000-0000-4000-8000-000000000001', 'OFAC-SDN', 'legacy-csv', repeat('0', 64), 0, 0, true, '')`,
  );
  await client.query(
    `INSERT INTO aml_screenings (id, "applicationId", "listVersionId", trigger, threshold, matches, "bestNameScore",
       "walletHit", pep, "riskScore", "riskLevel", "riskFactors", status)
     SELECT gen_random_uuid(), id, '00000000-0000-4000-8000-000000000001', 'list_update', 0.88, '[]', 0.9, false,
       false, 80, 'HIGH', '[]', CASE WHEN n % 50 = 0 THEN 'PENDING_REVIEW' ELSE 'CLEAR' END::"ScreeningStatus"
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM kyc_applications) a WHERE n % 10 = 0`,
  );
  await client.query(
    `INSERT INTO onchain_identity_changes (id, kind, wallet, identity, country, "kycExpiry", accredited, reason, status)
     SELECT gen_random_uuid(), 'REGISTER', wallet, wallet, 620, now() + interval '1 year', false, 'kyc.approved', 'CONFIRMED'
     FROM kyc_applications WHERE status = 'APPROVED'`,
  );
  await client.query(
    `INSERT INTO onchain_identity_changes (id, kind, wallet, reason, status)
     SELECT gen_random_uuid(), 'FREEZE', k.wallet, 'aml.hit', 'CONFIRMED' FROM kyc_applications k
     WHERE k.status = 'APPROVED' AND EXISTS (SELECT 1 FROM aml_screenings s WHERE s."applicationId" = k.id AND s.status = 'PENDING_REVIEW')`,
  );
  await client.query("VACUUM (ANALYZE) kyc_applications, aml_screenings, onchain_identity_changes");
  rows = (
    await client.query<Row>(`SELECT id, "applicantId", "createdAt", "riskScore" FROM kyc_applications ORDER BY id`)
  ).rows;
});
after(() => client.end());

/** Applications the filter selects for the actor, counted here rather than by the code under test. */
async function matches(applicant: string | null, status: string | undefined, view: QueueView): Promise<number> {
  const { rows: counted } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM kyc_applications k
      WHERE ($1::uuid IS NULL OR "applicantId" = $1) AND ($2::text IS NULL OR status::text = $2)
        AND (NOT $3 OR status::text = ANY($4::text[])
          OR EXISTS (SELECT 1 FROM aml_screenings s WHERE s."applicationId" = k.id AND s.status = 'PENDING_REVIEW'))`,
    [applicant, status ?? null, view === "needs-decision", AWAITING_OFFICER_STATUSES],
  );
  return counted[0]!.n;
}

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const page = fc.record({
  reviewer: fc.boolean(),
  status: optional(fc.constantFrom(...STATUSES)),
  view: fc.constantFrom(...QUEUE_VIEWS),
  sort: fc.constantFrom(...QUEUE_SORTS),
  cursor: optional(fc.nat({ max: APPLICATIONS - 1 })),
  who: fc.nat({ max: APPLICATIONS - 1 }),
  limit: fc.constantFrom(1, 25, 100),
});

describe("KYC queue plans", () => {
  it("any status, sort, cursor and page size examine at most a page's budget of rows", async () => {
    await fc.assert(
      fc.asyncProperty(page, async (g) => {
        const me = rows[g.who]!;
        const actor: Actor = {
          id: me.applicantId,
          address: "0x",
          roles: [g.reviewer ? "COMPLIANCE_OFFICER" : "INVESTOR"],
        };
        const at = g.cursor === undefined ? undefined : rows[g.cursor]!;
        // the needs-decision view is the reviewers' (an investor is refused it)
        const view = g.reviewer ? g.view : "all";
        const filter: ListFilter = {
          status: g.status as ListFilter["status"],
          view,
          sort: g.sort,
          after: at && { createdAt: at.createdAt, id: at.id, riskScore: at.riskScore },
          limit: g.limit,
        };
        const seen = await pageRowsExamined(client, "kyc_applications", applicationsPageSql(actor, filter));
        const most = pageBudget(
          g.limit,
          await matches(g.reviewer ? null : me.applicantId, g.status, view),
          APPLICATIONS,
        );
        assert.ok(seen <= most, `${JSON.stringify(g)} examined ${seen} rows (budget ${most})`);
        // a reviewer's row flags its identity's hold: a few outbox rows per row of the page, never the whole outbox
        const outbox = await pageRowsExamined(client, "onchain_identity_changes", applicationsPageSql(actor, filter));
        assert.ok(outbox <= 10 * (g.limit + 1), `${JSON.stringify(g)} examined ${outbox} outbox rows`);
      }),
      { numRuns: 300 },
    );
  });

  // What the queue prepares must hold the values its plan depends on in its text: after more runs than
  // PostgreSQL's five custom plans, the reviewer's first page of a status no application has is prepared with that
  // status in its text (and answers nothing), and an investor's own page and a page after a cursor are not prepared.
  it("the queue prepares a page only when its text holds the values its plan depends on", async () => {
    const pool = createPool(url, 1);
    try {
      const officer: Actor = { id: rows[0]!.applicantId, address: "0x", roles: ["COMPLIANCE_OFFICER"] };
      const investor: Actor = { id: rows[1]!.applicantId, address: "0x", roles: ["INVESTOR"] };
      const expired: ListFilter = { status: "EXPIRED", sort: "submitted", limit: 25 };
      const next: ListFilter = { status: "SUBMITTED", sort: "risk", limit: 25, after: rows[5]! };
      for (let run = 0; run < 8; run++) {
        assert.deepEqual(await listApplications(pool, officer, expired), []);
        assert.equal((await listApplications(pool, investor, { sort: "submitted", limit: 25 })).length, 1);
        await listApplications(pool, officer, next);
      }
      const { rows: prepared } = await pool.query<{ statement: string; generic: number }>(
        "SELECT statement, generic_plans AS generic FROM pg_prepared_statements",
      );
      const pages = prepared.filter((p) => p.statement.includes("kyc_applications"));
      assert.deepEqual(
        pages.map((p) => p.statement),
        [applicationsPageSql(officer, expired).sql],
      );
      assert.match(pages[0]!.statement, /status = 'EXPIRED'::"KycStatus"/);
      // no parameter at all: PostgreSQL made its one plan for these values and ran it every time
      assert.equal(Number(pages[0]!.generic), 8);
    } finally {
      await pool.end();
    }
  });
});
