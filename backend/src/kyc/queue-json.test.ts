/**
 * The KYC queue's page is JSON text built by PostgreSQL (service.ts listApplicationsJson, issue 17) and must be byte
 * for byte the body the route sent before: each application through presentSummary as its reader may see it, the
 * reviewer's copy ending with the applicant's decrypted name, its open screenings and its identity's hold on chain
 * (finding H6), and the next page's cursor. The oracle here reads the
 * applications through Prisma, filters, orders and pages them in JavaScript, and presents them as the route did.
 * Over generated applications (every status, every optional field set or not, text with quotes, escapes, control
 * characters and astral characters, equal submission times, names sealed on their own or only in the identity),
 * readers (a reviewer, an applicant, an investor with none), statuses, views (all, needs-decision: screenings open
 * or decided, holds queued, sent, confirmed or failed), orders and page sizes, every page of the walk
 * must be equal.
 */
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import type pg from "pg";
import type { Actor } from "../auth/actor.ts";
import { ForbiddenError } from "../core/errors.ts";
import { parseKeyRing } from "../crypto/key-ring.ts";
import { createDb, type Db } from "../db/client.ts";
import { createPool } from "../db/pool.ts";
import type { KycApplication, KycStatus } from "../generated/prisma/client.ts";
import { freshDatabase } from "../../test/support/harness.ts";
import type { Identity } from "./identity.ts";
import { openApplicantName, sealIdentity } from "./protection.ts";
import {
  AWAITING_OFFICER_STATUSES,
  QUEUE_SORTS,
  QUEUE_VIEWS,
  queueCursor,
  queueKey,
  type QueueSort,
  type QueueView,
} from "./queue.ts";
import { KYC_STATUSES, presentSummary } from "./schemas.ts";
import { listApplicationsJson } from "./service.ts";

const STATUSES: KycStatus[] = [...KYC_STATUSES];
const ring = parseKeyRing(`k:${randomBytes(32).toString("base64")}`, "k");

/** Text the JSON encoders must agree on: quotes, backslashes, control characters, U+2028 and astral characters. */
const text = fc.string({
  unit: fc.constantFrom("a", "Z", " ", "é", '"', "\\", "/", "\n", "\t", "\u0001", "\u001f", "\u007f", "\u2028", "😀"),
  maxLength: 8,
});
const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }).map((ms) => new Date(ms));

const application = fc.record({
  status: fc.constantFrom(...STATUSES),
  residenceCountry: fc.integer({ min: 1, max: 999 }),
  pepDeclared: fc.boolean(),
  accreditationClaimed: fc.boolean(),
  submissionCount: fc.integer({ min: 1, max: 4 }),
  reviewed: fc.boolean(),
  infoRequest: fc.option(text),
  rejectionReason: fc.option(text),
  approvedCountry: fc.option(fc.integer({ min: 1, max: 999 })),
  accredited: fc.option(fc.boolean()),
  kycExpiresAt: fc.option(instant),
  decidedAt: fc.option(instant),
  revocationReason: fc.option(text),
  riskScore: fc.option(fc.integer({ min: 0, max: 100 })),
  riskLevel: fc.option(fc.constantFrom("LOW", "MEDIUM", "HIGH")),
  version: fc.integer({ min: 1, max: 9 }),
  // few distinct instants: equal submission times make the id break ties
  createdAt: fc.constantFrom(...[0, 1, 2, 3].map((n) => new Date(Date.UTC(2026, 10, 1, 12, 0, 0, n * 250)))),
  updatedAt: instant,
  givenNames: text.filter((s) => s.trim().length > 0),
  familyName: text,
  // an application stored before names were sealed on their own: its name is only in the identity
  nameSealed: fc.boolean(),
  // screenings of the application by status (a possible match awaiting a decision, or decided)
  screenings: fc.array(fc.constantFrom("PENDING_REVIEW", "CLEAR", "FALSE_POSITIVE"), { maxLength: 2 }),
  // the compliance agent's holds on its wallet, after a registration (the flag's last FREEZE / UNFREEZE)
  holds: fc.option(
    fc.array(
      fc.record({
        kind: fc.constantFrom("FREEZE", "UNFREEZE"),
        status: fc.constantFrom("PENDING", "SENT", "CONFIRMED", "FAILED"),
      }),
      { maxLength: 2 },
    ),
    { nil: undefined },
  ),
});
type Generated = typeof application extends fc.Arbitrary<infer A> ? A : never;

function identity(a: Generated): Identity {
  return {
    givenNames: a.givenNames,
    familyName: a.familyName,
    otherNames: [],
    dateOfBirth: "1980-01-01",
    nationality: 620,
    residence: { line1: "1 Rua", city: "Lisbon", country: 620 },
    document: { type: "PASSPORT", number: "X1", issuingCountry: 620, expiresOn: "2036-01-01" },
  } as Identity;
}

/** The route's body before issue 17's JSON statement: Prisma rows ordered, paged and presented in JavaScript. */
async function oldPage(
  db: Db,
  actor: Actor,
  reviewer: boolean,
  q: {
    status?: KycStatus | undefined;
    view?: QueueView | undefined;
    sort: QueueSort;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<string> {
  const open = async (id: string) => db.amlScreening.count({ where: { applicationId: id, status: "PENDING_REVIEW" } });
  const listed = await db.kycApplication.findMany({
    where: { ...(reviewer ? {} : { applicantId: actor.id }), ...(q.status ? { status: q.status } : {}) },
  });
  const all: KycApplication[] = [];
  for (const a of listed)
    if (
      q.view !== "needs-decision" ||
      (AWAITING_OFFICER_STATUSES as readonly string[]).includes(a.status) ||
      (await open(a.id)) > 0
    )
      all.push(a);
  // the identity's hold: the last FREEZE / UNFREEZE queued on its wallet (one wallet per identity here)
  const hold = async (wallet: string) => {
    const last = await db.onchainIdentityChange.findFirst({
      where: { wallet, kind: { in: ["FREEZE", "UNFREEZE"] } },
      orderBy: { seq: "desc" },
    });
    if (!last) return null;
    const words =
      last.kind === "FREEZE" ? ["FROZEN", "FREEZE_FAILED", "FREEZING"] : [null, "UNFREEZE_FAILED", "UNFREEZING"];
    return last.status === "CONFIRMED" ? words[0] : last.status === "FAILED" ? words[1] : words[2];
  };
  const time = (a: KycApplication) => a.createdAt.getTime();
  const byId = (a: KycApplication, b: KycApplication) => (a.id === b.id ? 0 : a.id < b.id ? -1 : 1);
  const byTime = (a: KycApplication, b: KycApplication) => time(a) - time(b) || byId(a, b);
  // highest risk first, unscreened (null) before every score
  const risk = (a: KycApplication) => (a.riskScore === null ? Infinity : a.riskScore);
  const compare =
    q.sort === "risk"
      ? (a: KycApplication, b: KycApplication) => (risk(a) === risk(b) ? byTime(a, b) : risk(b) - risk(a))
      : q.sort === "-submitted"
        ? (a: KycApplication, b: KycApplication) => byTime(b, a)
        : byTime;
  const sorted = all.sort(compare);
  const after = queueKey(q.sort, q.cursor);
  const key = after && ({ ...after, riskScore: after.riskScore ?? null } as KycApplication);
  const rows = (key ? sorted.filter((a) => compare(a, key) > 0) : sorted).slice(0, q.limit);
  const last = rows.at(-1);
  const items = [];
  for (const row of rows)
    items.push({
      ...presentSummary(row, reviewer),
      ...(reviewer
        ? {
            applicantName: openApplicantName(ring, row),
            openScreenings: await open(row.id),
            identityFreeze: await hold(row.wallet),
          }
        : {}),
    });
  return JSON.stringify({
    items,
    nextCursor: rows.length === q.limit && last ? queueCursor(q.sort, last) : null,
  });
}

describe("KYC queue page JSON", () => {
  let pool: pg.Pool;
  let db: Db;
  const reviewerId = randomUUID();
  const listVersionId = randomUUID();

  before(async () => {
    const url = await freshDatabase();
    pool = createPool(url, 2);
    db = createDb(url, 2);
    await pool.query(
      `INSERT INTO users (id, address, roles, "updatedAt") VALUES ($1, '0x00000000000000000000000000000000000000aa', '{COMPLIANCE_OFFICER}', now())`,
      [reviewerId],
    );
    await pool.query(
      `INSERT INTO sanctions_list_versions (id, source, format, digest, "entryCount", "walletCount", active, "sdnText")
       VALUES ($1, 'OFAC-SDN', 'legacy-csv', repeat('0', 64), 0, 0, true, '')`,
      [listVersionId],
    );
  });
  after(async () => {
    await db?.$disconnect();
    await pool?.end();
  });

  async function seed(apps: Generated[]): Promise<string[]> {
    await pool.query(`DELETE FROM aml_screenings`);
    await pool.query(`DELETE FROM onchain_identity_changes`);
    await pool.query(`DELETE FROM kyc_applications`);
    await pool.query(`DELETE FROM users WHERE id <> $1`, [reviewerId]);
    const applicants: string[] = [];
    for (const [n, a] of apps.entries()) {
      const id = randomUUID();
      const applicant = randomUUID();
      applicants.push(applicant);
      await pool.query(`INSERT INTO users (id, address, roles, "updatedAt") VALUES ($1, $2, '{INVESTOR}', now())`, [
        applicant,
        `0x${(n + 1).toString(16).padStart(40, "0")}`,
      ]);
      const sealed = sealIdentity(ring, id, identity(a));
      // the rules the table holds (CHECK constraints): an approval is recorded, a refusal has its reason
      const approved = a.status === "APPROVED" || a.status === "EXPIRED";
      await pool.query(
        `INSERT INTO kyc_applications (id, "applicantId", wallet, status, "identityCiphertext", "identityKeyId", "nameCiphertext",
           "residenceCountry", "pepDeclared", "accreditationClaimed", "submissionCount", "reviewerId", "infoRequest",
           "rejectionReason", "approvedCountry", accredited, "kycExpiresAt", "decidedAt", "revocationReason", "riskScore",
           "riskLevel", version, "createdAt", "updatedAt")
         VALUES ($1, $2, $3, $4::"KycStatus", $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)`,
        [
          id,
          applicant,
          `0x${(n + 1).toString(16).padStart(40, "0")}`,
          a.status,
          sealed.identityCiphertext,
          sealed.identityKeyId,
          a.nameSealed ? sealed.nameCiphertext : null,
          a.residenceCountry,
          a.pepDeclared,
          a.accreditationClaimed,
          a.submissionCount,
          a.reviewed ? reviewerId : null,
          a.infoRequest,
          a.status === "REJECTED" ? (a.rejectionReason ?? "unreadable") : a.rejectionReason,
          approved ? (a.approvedCountry ?? 620) : a.approvedCountry,
          approved ? (a.accredited ?? false) : a.accredited,
          approved ? (a.kycExpiresAt ?? new Date(Date.UTC(2030, 0, 1))) : a.kycExpiresAt,
          a.decidedAt,
          a.status === "REVOKED" ? (a.revocationReason ?? "revoked") : a.revocationReason,
          a.riskScore,
          a.riskLevel,
          a.version,
          a.createdAt,
          a.updatedAt,
        ],
      );
      for (const status of a.screenings)
        await pool.query(
          `INSERT INTO aml_screenings (id, "applicationId", "listVersionId", trigger, threshold, matches, "bestNameScore",
             "walletHit", pep, "riskScore", "riskLevel", "riskFactors", status, "decisionReason")
           VALUES (gen_random_uuid(), $1, $2, 'list_update', 0.88, '[]', 0.9, false, false, 80, 'HIGH', '[]',
             $3::"ScreeningStatus", $4)`,
          [id, listVersionId, status, status === "FALSE_POSITIVE" ? "checked" : null],
        );
      const wallet = `0x${(n + 1).toString(16).padStart(40, "0")}`;
      if (a.holds) {
        await pool.query(
          `INSERT INTO onchain_identity_changes (id, kind, wallet, identity, country, "kycExpiry", accredited, reason, status)
           VALUES (gen_random_uuid(), 'REGISTER', $1, $1, 250, now() + interval '1 year', false, 'kyc.approved', 'CONFIRMED')`,
          [wallet],
        );
        for (const h of a.holds)
          await pool.query(
            `INSERT INTO onchain_identity_changes (id, kind, wallet, reason, status, "applicationId")
             VALUES (gen_random_uuid(), $1::"OnchainChangeKind", $2, 'aml.hit', $3::"OutboxStatus", $4)`,
            [h.kind, wallet, h.status, id],
          );
      }
    }
    return applicants;
  }

  it("is byte for byte the old body on every page of the walk, for any applications, reader and query", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(application, { maxLength: 12 }),
        fc.record({
          reader: fc.constantFrom("reviewer", "applicant", "stranger"),
          status: fc.option(fc.constantFrom(...STATUSES), { nil: undefined }),
          view: fc.constantFrom(...QUEUE_VIEWS),
          sort: fc.constantFrom(...QUEUE_SORTS),
          limit: fc.integer({ min: 1, max: 5 }),
        }),
        async (apps, q) => {
          const applicants = await seed(apps);
          const reviewer = q.reader === "reviewer";
          const actor: Actor = {
            id:
              q.reader === "applicant" && applicants.length > 0 ? applicants[0]! : reviewer ? reviewerId : randomUUID(),
            address: "0x",
            roles: [reviewer ? "COMPLIANCE_OFFICER" : "INVESTOR"],
          };
          if (!reviewer && (q.sort === "risk" || q.view === "needs-decision")) {
            // the reviewers' order: an investor's own applications by risk would tell them their risk (service.ts)
            await assert.rejects(
              listApplicationsJson(pool, ring, actor, { status: q.status, view: q.view, sort: q.sort, limit: q.limit }),
              ForbiddenError,
            );
            return;
          }
          let cursor: string | undefined;
          for (let n = 0; n < 20; n++) {
            const query = { status: q.status, view: q.view, sort: q.sort, cursor, limit: q.limit };
            const expected = await oldPage(db, actor, reviewer, query);
            const got = await listApplicationsJson(pool, ring, actor, {
              status: q.status,
              view: q.view,
              sort: q.sort,
              after: queueKey(q.sort, cursor),
              limit: q.limit,
            });
            assert.equal(got, expected, `page ${n} of ${JSON.stringify(query)}`);
            const next = (JSON.parse(got) as { nextCursor: string | null }).nextCursor;
            if (!next) break;
            cursor = next;
          }
        },
      ),
      { numRuns: 80, includeErrorInReport: true },
    );
  });
});
