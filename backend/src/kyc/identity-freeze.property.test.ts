/**
 * The class of the 2026-12 review's findings on the AML freeze: over random sequences of KYC and AML events on a few
 * wallets, two of which belong to one person (same name, same identity document, joined into one on-chain identity
 * when the officer approves with sameIdentityAs), the outbox applied to a model of the IdentityRegistry's rules
 * (registry-model.fixtures.ts) must leave, after every event:
 *
 *   a wallet verified (registered and its identity unfrozen) on chain iff its own application is APPROVED and no
 *   screening of any application of any wallet of its on-chain identity is open or confirmed;
 *
 * and never queue a write the contract would refuse.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { startComplianceDriver, type ComplianceDriver } from "./compliance-driver.fixtures.ts";
import { registryAfterOutbox } from "./registry-model.fixtures.ts";

/** Given and family names unlike each other and unlike the sample list's: person A of run n and person B. */
const GIVEN = ["Tiberius", "Wilhelmina", "Octavian", "Rosalind", "Leopold", "Genevieve", "Barnaby", "Henrietta"];
const FAMILY = ["Pennywhistle", "Quackenbush", "Vanderslice", "Oxenbould", "Fairweather", "Thistlewood"];

type Step =
  | { kind: "submit"; who: number }
  | { kind: "approve"; who: number; join: boolean }
  | { kind: "resubmit"; who: number }
  | { kind: "listName"; person: number }
  | { kind: "listWallet"; who: number }
  | { kind: "decide"; pick: number; decision: "FALSE_POSITIVE" | "CONFIRMED_MATCH" }
  | { kind: "revoke"; who: number }
  | { kind: "expire"; who: number };

const who = fc.integer({ min: 0, max: 2 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("submit" as const), who }),
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("approve" as const),
      who,
      join: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false)),
    }),
  },
  fc.record({ kind: fc.constant("resubmit" as const), who }),
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("listName" as const), person: fc.integer({ min: 0, max: 1 }) }),
  },
  fc.record({ kind: fc.constant("listWallet" as const), who }),
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("decide" as const),
      pick: fc.nat(),
      decision: fc.oneof(
        { weight: 3, arbitrary: fc.constant("FALSE_POSITIVE" as const) },
        fc.constant("CONFIRMED_MATCH" as const),
      ),
    }),
  },
  fc.record({ kind: fc.constant("revoke" as const), who }),
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("expire" as const), who }) },
);

/** The review's two sequences, run first (the random runs must also find their class). */
const REVIEW_SEQUENCES: [Step[]][] = [
  [
    [
      { kind: "approve", who: 0, join: false },
      { kind: "approve", who: 1, join: true },
      { kind: "listName", person: 0 },
      { kind: "listWallet", who: 1 },
      { kind: "decide", pick: 0, decision: "FALSE_POSITIVE" },
      { kind: "decide", pick: 1, decision: "FALSE_POSITIVE" },
    ],
  ],
  [
    [
      { kind: "approve", who: 2, join: false },
      { kind: "listName", person: 1 },
      { kind: "expire", who: 2 },
      { kind: "submit", who: 2 },
      { kind: "decide", pick: 0, decision: "FALSE_POSITIVE" },
      { kind: "decide", pick: 0, decision: "FALSE_POSITIVE" },
      { kind: "approve", who: 2, join: false },
    ],
  ],
];

describe("the AML freeze is the identity's: property over random KYC/AML sequences (real PostgreSQL)", () => {
  let t: TestContext;
  let kyc: ComplianceDriver;

  before(async () => {
    t = await createTestContext();
    kyc = await startComplianceDriver(t);
  });
  after(async () => t.close());

  it("a wallet is verified on chain iff it is approved and no hit on any wallet of its identity is open or confirmed", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 8, maxLength: 18 }), async (steps) => {
        run += 1;
        kyc.reset();
        // investors 0 and 1 are one person (person A: same name, same passport); investor 2 is person B
        const people = [0, 1].map((p) => ({
          names: {
            givenNames: GIVEN[(2 * run + p) % GIVEN.length]!,
            familyName: `${FAMILY[(2 * run + p) % FAMILY.length]!}-${String.fromCharCode(65 + (run % 26))}${p ? "x" : "q"}`,
          },
          passport: `PF${run}P${p}`,
        }));
        const personOf = (i: number) => people[i === 2 ? 1 : 0]!;
        const investors: TestUser[] = [];
        for (let i = 0; i < 3; i++) investors.push(await t.user("INVESTOR"));
        const wallets = investors.map((i) => i.address);
        const applications: string[][] = [[], [], []];
        const latest = async (i: number) => {
          const id = applications[i]!.at(-1);
          return id === undefined ? null : kyc.current(id);
        };
        const trace: string[] = [];

        async function invariant() {
          const chain = await registryAfterOutbox(t.db, wallets);
          assert.deepEqual(chain.reverts, [], `a queued write the registry refuses after ${trace.join(", ")}`);
          for (let i = 0; i < 3; i++) {
            const wallet = wallets[i]!;
            const identity = chain.identityOf(wallet);
            const identityWallets = identity === null ? [wallet] : chain.walletsOf(identity);
            const unresolved = await t.db.amlScreening.count({
              where: {
                application: { wallet: { in: identityWallets } },
                status: { in: ["PENDING_REVIEW", "CONFIRMED_MATCH"] },
              },
            });
            const approved = (await latest(i))?.status === "APPROVED";
            assert.equal(
              chain.isVerified(wallet),
              approved && unresolved === 0,
              `investor ${i}: approved ${approved}, ${unresolved} unresolved hits on identity ${identity} ` +
                `(wallets ${identityWallets.join(" ")}), frozen ${chain.isFrozen(wallet)}, registered ` +
                `${chain.isRegistered(wallet)}; after ${trace.join(", ")}`,
            );
          }
        }

        for (const s of steps) {
          trace.push(JSON.stringify(s));
          if (
            s.kind === "submit" ||
            s.kind === "resubmit" ||
            s.kind === "approve" ||
            s.kind === "revoke" ||
            s.kind === "expire"
          ) {
            const app = await latest(s.who);
            const status = app?.status ?? null;
            if (s.kind === "submit") {
              if (status === null || ["REJECTED", "EXPIRED", "REVOKED"].includes(status)) {
                const { names, passport } = personOf(s.who);
                applications[s.who]!.push(await kyc.submit(investors[s.who]!, names, passport));
              }
            } else if (s.kind === "resubmit" && (status === "SUBMITTED" || status === "UNDER_REVIEW")) {
              if (status === "SUBMITTED") assert.equal((await kyc.move(app!.id, "review")).status, 200);
              assert.equal((await kyc.move(app!.id, "request-info", { message: "A clearer scan please" })).status, 200);
              const res = await t.as(investors[s.who]!).post(
                `/api/v1/kyc/applications/${app!.id}/resubmit`,
                {},
                {
                  headers: { "if-match": `"${(await kyc.current(app!.id)).version}"` },
                },
              );
              assert.equal(res.status, 200, res.text);
            } else if (s.kind === "approve") {
              let id = app?.id;
              if (status === null || ["REJECTED", "EXPIRED", "REVOKED"].includes(status)) {
                const { names, passport } = personOf(s.who);
                id = await kyc.submit(investors[s.who]!, names, passport);
                applications[s.who]!.push(id);
              } else if (status !== "SUBMITTED" && status !== "UNDER_REVIEW") {
                await invariant();
                continue;
              }
              // join: name an approved application of the other wallet of the same person, if there is one
              const other = s.who === 2 ? null : await latest(1 - s.who);
              const join = s.join && other?.status === "APPROVED" ? { sameIdentityAs: other.id } : {};
              const res = await kyc.approve(id!, join);
              assert.ok(res.status === 200 || res.status === 422, res.text);
              trace.push(`-> ${res.status} ${res.status === 422 ? res.body.rule : ""}`);
            } else if (s.kind === "revoke" && status === "APPROVED") {
              assert.equal((await kyc.move(app!.id, "revoke", { reason: "Documents no longer valid" })).status, 200);
            } else if (s.kind === "expire" && status === "APPROVED") {
              await kyc.expire(app!.id);
            }
          } else if (s.kind === "listName") {
            const { familyName, givenNames } = people[s.person]!.names;
            await kyc.list([`${familyName}, ${givenNames}`]);
          } else if (s.kind === "listWallet") {
            await kyc.list([], [wallets[s.who]!]);
          } else {
            const open = (await Promise.all(applications.flat().map((id) => kyc.openHits(id)))).flat();
            if (open.length === 0) continue;
            const hit = open[s.pick % open.length]!;
            const res = await kyc.decide(hit, s.decision);
            const refused = s.decision === "FALSE_POSITIVE" && hit.walletHit;
            assert.equal(res.status, refused ? 422 : 200, res.text);
          }
          await invariant();
        }
      }),
      // 12 generated runs besides the review's sequences: about 25 s alone, and within the runner's 240 s while the
      // CI runs its lanes side by side (30 runs of up to 24 steps took 76 s alone and timed out there).
      { numRuns: 12, examples: REVIEW_SEQUENCES, endOnFailure: true },
    );
  });
});
