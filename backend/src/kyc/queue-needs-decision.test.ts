/**
 * Finding H6 (browser review 2026-12-06): after a sanctions-list reload raised a new hit on an APPROVED investor (the
 * compliance agent froze the identity, the screening awaits an officer), the officers' queue did not show it: its
 * default filter was "Submitted", and under "All" the row read "Approved · Critical risk · Flags None". The queue's
 * `view=needs-decision` lists every application waiting for an officer: submitted, under review, or with a screening
 * whose possible match awaits a decision, whatever its status; each reviewer's row says how many screenings are open
 * (`openScreenings`) and how the identity's hold stands on chain (`identityFreeze`, from the outbox). Investors may not
 * ask for that view (it would tell them of a hit).
 *
 * Class test: over generated applications x screening states x statuses x hold writes, the view holds exactly the
 * applications that need an officer, each once, with its open screenings and its identity's hold as a model has them.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { keyRingFromConfig } from "../crypto/key-ring.ts";
import type { KycStatus } from "../generated/prisma/client.ts";
import { startComplianceDriver, type ComplianceDriver } from "./compliance-driver.fixtures.ts";
import { identity } from "./kyc.fixtures.ts";
import { sealIdentity } from "./protection.ts";
import { AWAITING_OFFICER_STATUSES, QUEUE_SORTS, type IdentityFreezeState } from "./queue.ts";
import { KYC_STATUSES } from "./schemas.ts";

interface QueueItem {
  id: string;
  status: string;
  openScreenings?: number;
  identityFreeze?: IdentityFreezeState | null;
}

describe("H6: the officers' queue shows every application awaiting a decision (real PostgreSQL)", () => {
  let t: TestContext;
  let kyc: ComplianceDriver;
  let officer: TestUser;

  before(async () => {
    t = await createTestContext();
    kyc = await startComplianceDriver(t);
    officer = await t.user("COMPLIANCE_OFFICER");
  });
  after(async () => t.close());

  async function page(
    query: string,
    as: TestUser = officer,
  ): Promise<{ items: QueueItem[]; nextCursor: string | null }> {
    const res = await t.as(as).get(`/api/v1/kyc/applications?${query}`);
    assert.equal(res.status, 200, res.text);
    return res.body as { items: QueueItem[]; nextCursor: string | null };
  }

  it("regression: an approved investor hit by a list reload is in the needs-decision view, flagged frozen", async () => {
    const bob = await t.user("INVESTOR");
    const application = await kyc.submit(bob, { givenNames: "Bob", familyName: "Vriesendorp-Halvard" }, "NX9876501");
    assert.equal((await kyc.approve(application)).status, 200);
    kyc.reset();
    await kyc.list(["Vriesendorp-Halvard, Bob"]);
    assert.equal((await kyc.openHits(application)).length, 1, "the reload raised a hit");

    const needs = await page("view=needs-decision&limit=100");
    const row = needs.items.find((i) => i.id === application);
    assert.ok(row, "the approved application with an open hit is in the needs-decision view");
    assert.equal(row.status, "APPROVED");
    assert.equal(row.openScreenings, 1);
    assert.equal(row.identityFreeze, "FREEZING", "the FREEZE is queued, not yet on chain");

    // the compliance agent's FREEZE lands on chain
    await t.db.onchainIdentityChange.updateMany({
      where: { wallet: bob.address, kind: "FREEZE" },
      data: { status: "CONFIRMED", processedAt: new Date() },
    });
    const frozen = (await page("view=needs-decision&limit=100")).items.find((i) => i.id === application);
    assert.equal(frozen?.identityFreeze, "FROZEN");

    // once decided, it no longer waits for an officer
    assert.equal((await kyc.decideOpen(application, "FALSE_POSITIVE")).status, 200);
    const after = await page("view=needs-decision&limit=100");
    assert.equal(
      after.items.some((i) => i.id === application),
      false,
    );
    const all = (await page("limit=100")).items.find((i) => i.id === application);
    assert.equal(all?.openScreenings, 0);
    assert.equal(all?.identityFreeze, "UNFREEZING", "the UNFREEZE is queued");
  });

  it("investors may not ask which of their applications await a decision, and read no flag", async () => {
    const erin = await t.user("INVESTOR");
    await kyc.submit(erin, { givenNames: "Erin", familyName: "Oakhollow" }, "NX9876502");
    const res = await t.as(erin).get("/api/v1/kyc/applications?view=needs-decision");
    assert.equal(res.status, 403, res.text);
    const own = await page("limit=10", erin);
    assert.equal(own.items.length, 1);
    for (const key of ["openScreenings", "identityFreeze"]) assert.equal(key in own.items[0]!, false, key);
  });

  describe("class: the view holds exactly the applications that need an officer", () => {
    const ring = () => keyRingFromConfig(t.config.kycKeys);
    let listVersion: string;

    before(async () => {
      const list = await t.db.sanctionsListVersion.findFirstOrThrow({ where: { active: true } });
      listVersion = list.id;
    });

    const SCREENING = ["CLEAR", "PENDING_REVIEW", "FALSE_POSITIVE", "CONFIRMED_MATCH"] as const;
    const HOLD = fc.record({
      kind: fc.constantFrom("FREEZE", "UNFREEZE"),
      status: fc.constantFrom("PENDING", "SENT", "CONFIRMED", "FAILED"),
    });
    const application = fc.record({
      status: fc.constantFrom(...KYC_STATUSES),
      screenings: fc.array(fc.constantFrom(...SCREENING), { maxLength: 3 }),
      registered: fc.boolean(),
      // holds queued on this wallet (only a registered wallet gets them), oldest first
      holds: fc.array(HOLD, { maxLength: 3 }),
      minute: fc.integer({ min: 0, max: 3 }),
    });

    /** The hold the flag should show: the last FREEZE / UNFREEZE and how far it got. */
    function expectedHold(holds: { kind: string; status: string }[]): IdentityFreezeState | null {
      const last = holds.at(-1);
      if (!last) return null;
      if (last.kind === "FREEZE")
        return last.status === "CONFIRMED" ? "FROZEN" : last.status === "FAILED" ? "FREEZE_FAILED" : "FREEZING";
      return last.status === "CONFIRMED" ? null : last.status === "FAILED" ? "UNFREEZE_FAILED" : "UNFREEZING";
    }

    it("property: applications x screening states x statuses x holds", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(application, { maxLength: 10 }),
          fc.constantFrom(...QUEUE_SORTS),
          fc.integer({ min: 1, max: 4 }),
          async (apps, sort, limit) => {
            // every earlier application stops waiting (history is append-only: nothing is deleted)
            await t.db.$executeRaw`UPDATE aml_screenings SET status = 'CLEAR', "decisionReason" = NULL`;
            await t.db.$executeRaw`UPDATE kyc_applications SET status = 'REJECTED', "rejectionReason" = 'earlier run'`;
            const expected = new Map<string, { open: number; hold: IdentityFreezeState | null }>();
            for (const a of apps) {
              const id = randomUUID();
              const wallet = `0x${randomUUID().replaceAll("-", "").padEnd(40, "0")}`;
              const user = await t.db.user.create({ data: { address: wallet } });
              await t.db.kycApplication.create({
                data: {
                  id,
                  applicantId: user.id,
                  wallet,
                  status: a.status as KycStatus,
                  ...sealIdentity(ring(), id, identity() as never),
                  residenceCountry: 250,
                  pepDeclared: false,
                  accreditationClaimed: false,
                  rejectionReason: a.status === "REJECTED" ? "unreadable" : null,
                  ...(a.status === "APPROVED" || a.status === "EXPIRED"
                    ? { approvedCountry: 250, accredited: false, kycExpiresAt: new Date(Date.UTC(2030, 0, 1)) }
                    : {}),
                  revocationReason: a.status === "REVOKED" ? "revoked" : null,
                  createdAt: new Date(Date.UTC(2026, 0, 1, 0, a.minute)),
                },
              });
              for (const status of a.screenings) {
                await t.db.amlScreening.create({
                  data: {
                    applicationId: id,
                    listVersionId: listVersion,
                    trigger: "list_update",
                    threshold: 0.88,
                    matches: [],
                    bestNameScore: 0.9,
                    walletHit: false,
                    pep: false,
                    riskScore: 80,
                    riskLevel: "HIGH",
                    riskFactors: [],
                    status,
                    decisionReason: status === "CLEAR" || status === "PENDING_REVIEW" ? null : "checked",
                  },
                });
              }
              const holds = a.registered ? a.holds : [];
              if (a.registered)
                await t.db.onchainIdentityChange.create({
                  data: {
                    kind: "REGISTER",
                    wallet,
                    identity: wallet,
                    country: 250,
                    kycExpiry: new Date(Date.UTC(2030, 0, 1)),
                    accredited: false,
                    reason: "kyc.approved",
                    status: "CONFIRMED",
                  },
                });
              for (const h of holds)
                await t.db.onchainIdentityChange.create({
                  data: { kind: h.kind, wallet, reason: "aml.hit", status: h.status, applicationId: id },
                });
              const open = a.screenings.filter((s) => s === "PENDING_REVIEW").length;
              if ((AWAITING_OFFICER_STATUSES as readonly string[]).includes(a.status) || open > 0)
                expected.set(id, { open, hold: expectedHold(holds) });
            }

            const seen = new Map<string, { open: number | undefined; hold: IdentityFreezeState | null | undefined }>();
            let cursor: string | null = null;
            for (let n = 0; n < 50; n++) {
              const got = await page(
                `view=needs-decision&sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`,
              );
              for (const item of got.items) {
                assert.equal(seen.has(item.id), false, "each application once");
                seen.set(item.id, { open: item.openScreenings, hold: item.identityFreeze });
              }
              cursor = got.nextCursor;
              if (!cursor) break;
            }
            assert.deepEqual(
              new Map([...seen].sort(([a], [b]) => a.localeCompare(b))),
              new Map([...expected].sort(([a], [b]) => a.localeCompare(b))),
            );
          },
        ),
        { numRuns: 25, includeErrorInReport: true },
      );
    });
  });
});
