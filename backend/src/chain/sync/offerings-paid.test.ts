/**
 * The class of the review's finding (2026-12): money in the offering read model and the property status derived
 * from it must be the payments the contract recorded, never units x the offering's public price, because a
 * private-placement invitation (issue 20) sells at its own price. Generated offerings of public and invited
 * subscriptions at random prices, random refunds, then cancelled, failed (soft cap missed, or not finalized within
 * the window), finalized or still running: their events are stored as the sync stores them, the sync's own
 * recomputation (`recomputeProgress`) and status move (`followChain`) run on them, and the results must equal a model
 * of the escrow: paid = the sum of what each subscriber paid, refunded = the sum of what each refunded wallet paid,
 * and the property shows refunds open (REFUNDING) exactly when the escrow still owes someone (paid - refunded > 0).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { keccak256, toHex, zeroHash } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createTestContext, type TestContext, type TestUser } from "../../../test/support/harness.ts";
import { verifiedProperty } from "../../../test/support/fixtures.ts";
import { FINALIZE_WINDOW_SECONDS } from "../../properties/workflow.ts";
import { recomputeProgress } from "./offerings.ts";
import { followChain } from "./property-state.ts";
import { offeringProgress } from "./read-models.ts";

const START = 1_800_000_000n;
const END = START + 86_400n;
const PUBLIC_PRICE = 100n;

const randomAddress = (): `0x${string}` => privateKeyToAccount(generatePrivateKey()).address;

interface Subscription {
  units: bigint;
  /** What this wallet paid per unit: the offering's price, or its invitation's. */
  price: bigint;
  refunded: boolean;
}

/** How the offering ends (or where it stands) at the synced time. */
type Ending = "cancelled" | "missedSoftCap" | "notFinalizedInTime" | "finalized" | "active" | "succeeded";

const subscriptionArb: fc.Arbitrary<Subscription> = fc.record({
  units: fc.bigInt({ min: 1n, max: 50n }),
  price: fc.oneof(fc.constant(PUBLIC_PRICE), fc.bigInt({ min: 1n, max: 300n })),
  refunded: fc.boolean(),
});

describe("offering money and status follow the payments, invitations included (class of review 2026-12)", () => {
  let t: TestContext;
  let pool: pg.Pool;
  let manager: TestUser, officer: TestUser;
  let chainId: number;
  let block = 1;

  before(async () => {
    t = await createTestContext();
    chainId = t.config.siwe.chainId;
    [manager, officer] = await Promise.all([t.user("PROPERTY_MANAGER"), t.user("COMPLIANCE_OFFICER")]);
    pool = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
  });
  after(async () => {
    await pool?.end();
    await t?.close();
  });

  /** Stores one offering event as the sync does (one block each, in order). */
  const event = (client: pg.PoolClient, offering: string, token: string, name: string, args: object) => {
    const b = block++;
    const hash = keccak256(toHex(`block ${b}`));
    return client.query(
      `INSERT INTO chain_events ("chainId", "blockNumber", "blockHash", "logIndex", "txHash", "blockTime", address, contract, token, name, args)
       VALUES ($1, $2, $3, 0, $3, now(), $4, 'PropertyOffering', $5, $6, $7::jsonb)`,
      [chainId, b, hash, offering, token, name, JSON.stringify(args)],
    );
  };

  it("paid, refunded and the property's status equal the escrow model", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(subscriptionArb, { minLength: 0, maxLength: 6 }),
        fc.constantFrom<Ending>("cancelled", "missedSoftCap", "notFinalizedInTime", "finalized", "active", "succeeded"),
        async (subs, ending) => {
          const units = subs.reduce((a, s) => a + s.units, 0n);
          const refundable = ending === "cancelled" || ending === "missedSoftCap" || ending === "notFinalizedInTime";
          // Refunds exist only where the contract allows them (here: after a failure or a cancellation).
          const paid = subs.map((s) => s.units * s.price);
          const refunds = subs.map((s, i) => (refundable && s.refunded ? paid[i]! : 0n));
          const model = {
            units,
            paid: paid.reduce((a, x) => a + x, 0n),
            refunded: refunds.reduce((a, x) => a + x, 0n),
          };
          const owed = model.paid - model.refunded;
          const softCap = ending === "missedSoftCap" ? units + 1n : 1n;
          const hardCap = units + 1_000n;
          const now =
            ending === "active" || ending === "cancelled" || ending === "finalized"
              ? START + 10n
              : ending === "notFinalizedInTime"
                ? END + FINALIZE_WINDOW_SECONDS
                : END + 10n; // missedSoftCap, succeeded
          const expected =
            ending === "finalized"
              ? "FUNDED"
              : ending === "active"
                ? "OFFERING"
                : ending === "succeeded" && units > 0n
                  ? "CLOSED"
                  : ending === "succeeded" // nothing sold and the soft cap (1) missed: failed, nothing owed
                    ? "VERIFIED"
                    : owed > 0n
                      ? "REFUNDING"
                      : "VERIFIED";

          const { property } = await verifiedProperty(t, manager, officer);
          const offering = randomAddress();
          const token = randomAddress();
          const discovered = block++;
          const client = await pool.connect();
          try {
            await client.query("BEGIN");
            await client.query(
              `INSERT INTO chain_contracts ("chainId", address, kind, token, "fromBlock", "discoveredBlock")
               VALUES ($1, $2, 'PropertyOffering', $3, $4, $4)`,
              [chainId, offering, token, discovered],
            );
            await client.query(
              `INSERT INTO chain_offerings ("chainId", address, "propertyId", token, "tokenSymbol", partition, "paymentToken",
                 "pricePerUnit", "softCap", "hardCap", "minTicket", "maxTicket", "startTime", "endTime", "discoveredBlock", launcher)
               VALUES ($1, $2, $3::uuid, $4, 'GEN', $5, $6, $7, $8, $9, 1, $9, to_timestamp($10) AT TIME ZONE 'UTC',
                 to_timestamp($11) AT TIME ZONE 'UTC', $12, $13)`,
              [
                chainId,
                offering,
                property.id,
                token,
                zeroHash,
                randomAddress(),
                PUBLIC_PRICE.toString(),
                softCap.toString(),
                hardCap.toString(),
                START.toString(),
                END.toString(),
                discovered,
                manager.address,
              ],
            );
            const wallets = subs.map(() => randomAddress());
            for (const [i, s] of subs.entries()) {
              await event(client, offering, token, "Subscribed", {
                investor: wallets[i],
                identity: wallets[i],
                units: s.units.toString(),
                paid: paid[i]!.toString(),
              });
            }
            if (ending === "cancelled") await event(client, offering, token, "Cancelled", {});
            if (ending === "finalized") {
              await event(client, offering, token, "Finalized", {
                unitsSold: units.toString(),
                proceeds: model.paid.toString(),
                fee: "0",
              });
            }
            for (const [i, amount] of refunds.entries()) {
              if (amount > 0n)
                await event(client, offering, token, "Refunded", { investor: wallets[i], amount: amount.toString() });
            }
            await recomputeProgress(client, chainId, [offering]);
            await followChain(client, chainId, now, false);
            await client.query("COMMIT");
          } catch (error) {
            await client.query("ROLLBACK");
            throw error;
          } finally {
            client.release();
          }

          const { rows } = await t.pool.query<{ unitsSold: string; paid: string; refunded: string }>(
            `SELECT "unitsSold"::text AS "unitsSold", paid::text AS paid, refunded::text AS refunded
             FROM chain_offerings WHERE "chainId" = $1 AND address = $2`,
            [chainId, offering],
          );
          assert.deepEqual(rows[0], {
            unitsSold: model.units.toString(),
            paid: model.paid.toString(),
            refunded: model.refunded.toString(),
          });
          // The API's escrow figure (read-models) agrees with the model too.
          const progress = await offeringProgress(t.db, chainId, offering);
          assert.equal(progress?.amountPaid, model.paid.toString());
          assert.equal(progress?.escrowHeld, ending === "finalized" ? model.paid.toString() : owed.toString());

          const status = (
            await t.pool.query<{ status: string }>(`SELECT status FROM properties WHERE id = $1`, [property.id])
          ).rows[0]!.status;
          assert.equal(status, expected, `${ending}: paid ${model.paid}, refunded ${model.refunded}`);
          if (refundable) assert.equal(status === "REFUNDING", owed > 0n, "refunds open exactly while the escrow owes");
        },
      ),
      { numRuns: 40 },
    );
  });
});
