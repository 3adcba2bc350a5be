/**
 * `npm run ops:fees` (issue 20): an admin reads and changes the platform's fees on a platform deployed by the deploy
 * script: decreases at once, increases announced for 12 weeks later, cancelled and applied; collectors; a property's
 * discount before its launch, named to its manager (that manager's offering starts with it; another manager's launch
 * under the property's id does not get it, audit finding 5), and on its token. Every refusal happens before anything
 * is sent (the signer's nonce does not move), and so does every "already so".
 */
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import { id, ZeroHash, type Signer } from "ethers";
import type { DeploymentRecord } from "@freehold/deployments";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import { artifactsOnDisk, deployPlatform, OperatorError } from "@freehold/dev-kit/deploy";
import {
  applyIncrease,
  cancelIncrease,
  changeFee,
  feeSchedule,
  FEE_KINDS,
  parseBps,
  parseFeeKind,
  removeDiscount,
  setCollector,
  setDiscount,
} from "../../scripts/ops/fees.operations.js";
import type { OpsContext } from "../../scripts/ops/operations.js";
import { launchSmallProperty, recordDir } from "./helpers.js";

const WEEK = 7 * 24 * 3600;
const PROPERTY = "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b";

describe("fee operations (ops:fees)", function () {
  let ethers: Awaited<ReturnType<typeof network.create>>["ethers"];
  let networkHelpers: Awaited<ReturnType<typeof network.create>>["networkHelpers"];
  let record: DeploymentRecord;
  let dir: string;
  let admin: Signer, manager: Signer, outsider: Signer, collector: Signer, otherManager: Signer;
  const ctx = (signer: Signer): OpsContext => ({ signer, artifacts: artifactsOnDisk(), recordDir: dir });
  const fees = () => ethers.getContractAt("PlatformFees", record.contracts["PlatformFees"]!.address);

  /** `action` is refused with an OperatorError matching `message`, and the signer sent nothing. */
  async function refusedBeforeSending(signer: Signer, action: () => Promise<unknown>, message: RegExp): Promise<void> {
    const nonce = await signer.getNonce();
    const error = await action().then(
      () => expect.fail("expected a refusal"),
      (e: unknown) => e as Error,
    );
    expect(error).to.be.instanceOf(OperatorError);
    expect(error.message).to.match(message);
    expect(await signer.getNonce()).to.equal(nonce);
  }

  const launch = (propertyId: string, by: Signer = manager) => launchSmallProperty(ethers, record, by, propertyId);

  before(async function () {
    ({ ethers, networkHelpers } = await network.create());
    [admin, manager, outsider, collector, otherManager] = (await ethers.getSigners()) as Signer[] as [
      Signer,
      Signer,
      Signer,
      Signer,
      Signer,
    ];
    dir = recordDir();
    ({ record } = await deployPlatform({
      ethers,
      params: {
        complianceAgent: await outsider.getAddress(),
        propertyManagers: [await manager.getAddress(), await otherManager.getAddress()],
        feeBps: 200,
        feeRecipient: await admin.getAddress(),
      },
      recordDir: dir,
      log: () => {},
    }));
  });

  it("shows the schedule as the contract holds it", async function () {
    const rows = await feeSchedule(ctx(outsider));
    expect(rows.map((r) => r.kind)).to.deep.equal([...FEE_KINDS]);
    const contract = await fees();
    for (const [i, row] of rows.entries()) {
      const [bps, to] = await contract.platformFeeOf(i);
      expect([row.bps, row.collector, row.pending]).to.deep.equal([Number(bps), to, undefined]);
    }
    expect(rows[0]!.bps).to.equal(200);
  });

  it("lowers a fee at once, announces an increase for 12 weeks later, and keeps, cancels and applies it", async function () {
    const a = ctx(admin);
    expect((await changeFee(a, { kind: "trade", bps: 0 })).outcome).to.equal("unchanged"); // the deploy's trade fee

    const announced = await changeFee(a, { kind: "trade", bps: 75 });
    const now = (await ethers.provider.getBlock("latest"))!.timestamp;
    expect(announced.outcome).to.equal("announced");
    const pending = (await feeSchedule(a)).find((r) => r.kind === "trade")!;
    expect([pending.bps, pending.pending?.bps, pending.pending?.effectiveAt.getTime()]).to.deep.equal([
      0,
      75,
      (now + 12 * WEEK) * 1000,
    ]);
    expect((await changeFee(a, { kind: "trade", bps: 75 })).outcome).to.equal("unchanged");
    await refusedBeforeSending(admin, () => applyIncrease(a, { kind: "trade" }), /takes effect on .* not before/);

    // Keeping today's fee withdraws the announcement; a new one starts the 12 weeks again.
    expect((await changeFee(a, { kind: "trade", bps: 0 })).outcome).to.equal("cancelled");
    expect(await (await fees()).pendingIncrease(2)).to.deep.equal([0n, 0n]);
    expect((await cancelIncrease(a, { kind: "trade" })).outcome).to.equal("unchanged");

    expect((await changeFee(a, { kind: "trade", bps: 50 })).outcome).to.equal("announced");
    await networkHelpers.time.increase(12 * WEEK);
    expect((await applyIncrease(a, { kind: "trade" })).outcome).to.equal("applied");
    const applied = (await feeSchedule(a)).find((r) => r.kind === "trade")!;
    expect([applied.bps, applied.pending]).to.deep.equal([50, undefined]);
    expect((await applyIncrease(a, { kind: "trade" })).outcome).to.equal("unchanged");
    expect((await changeFee(a, { kind: "trade", bps: 25 })).outcome).to.equal("decreased");
    expect((await (await fees()).platformFeeOf(2))[0]).to.equal(25n);
  });

  it("refuses a fee above the maximum, an outsider, and a zero collector, before sending anything", async function () {
    await refusedBeforeSending(admin, () => changeFee(ctx(admin), { kind: "rent", bps: 501 }), /at most 500 bps/);
    await refusedBeforeSending(
      outsider,
      () => changeFee(ctx(outsider), { kind: "rent", bps: 10 }),
      /does not hold DEFAULT_ADMIN_ROLE/,
    );
    await refusedBeforeSending(
      outsider,
      () => setCollector(ctx(outsider), { kind: "rent", collector: ZeroHash.slice(0, 40) + "01" }),
      /DEFAULT_ADMIN_ROLE/,
    );
    await refusedBeforeSending(
      admin,
      () => setCollector(ctx(admin), { kind: "rent", collector: "0x0000000000000000000000000000000000000000" }),
      /not a valid non-zero address/,
    );
    const to = await collector.getAddress();
    expect((await setCollector(ctx(admin), { kind: "rent", collector: to })).outcome).to.equal("set");
    expect((await setCollector(ctx(admin), { kind: "rent", collector: to })).outcome).to.equal("unchanged");
    expect((await (await fees()).platformFeeOf(1))[1]).to.equal(to);
  });

  it("a discount set by property id and manager before launch is that manager's offering's fee from its launch; another manager's launch and another property pay the platform's", async function () {
    const a = ctx(admin);
    const named = await manager.getAddress();
    const target = { property: PROPERTY, manager: named };
    await refusedBeforeSending(
      admin,
      () => setDiscount(a, { kind: "primary", bps: 201, target }),
      /at most the platform's primary fee, 200 bps/,
    );
    await refusedBeforeSending(
      admin,
      () => setDiscount(a, { kind: "primary", bps: 50, target: { property: "p-1", manager: named } }),
      /UUID/,
    );
    await refusedBeforeSending(
      outsider,
      () => setDiscount(ctx(outsider), { kind: "primary", bps: 50, target }),
      /DEFAULT_ADMIN_ROLE/,
    );
    await refusedBeforeSending(
      admin,
      () => setDiscount(a, { kind: "primary", bps: 50, target: { property: PROPERTY } }),
      /names the property's manager/,
    );
    await refusedBeforeSending(
      admin,
      () => setDiscount(a, { kind: "primary", bps: 50, target: { property: PROPERTY, manager: "0x1234" } }),
      /manager is not a valid non-zero address/,
    );
    await refusedBeforeSending(
      admin,
      () =>
        setDiscount(a, {
          kind: "primary",
          bps: 50,
          target: { property: PROPERTY, manager: ZeroHash.slice(0, 40) + "01" },
        }),
      /does not hold PROPERTY_MANAGER_ROLE/,
    );
    expect((await setDiscount(a, { kind: "primary", bps: 50, target })).outcome).to.equal("set");
    expect((await setDiscount(a, { kind: "primary", bps: 50, target })).outcome).to.equal("unchanged");
    // One manager per property: another is refused while the first one's discounts stand.
    const another = await otherManager.getAddress();
    await refusedBeforeSending(
      admin,
      () =>
        setDiscount(a, {
          kind: "trade",
          bps: 0,
          target: { property: PROPERTY, manager: another },
        }),
      /launch discounts name manager .*remove them first/,
    );
    const taken = await launch(propertyIdToBytes32(PROPERTY), otherManager);
    const discounted = await launch(propertyIdToBytes32(PROPERTY));
    const other = await launch(id("another property"));
    const terms = async (offering: string) => (await ethers.getContractAt("PropertyOffering", offering)).terms();
    expect((await terms(taken.offering)).feeBps).to.equal(200n);
    expect((await terms(discounted.offering)).feeBps).to.equal(50n);
    expect((await terms(other.offering)).feeBps).to.equal(200n);

    // On a launched token: a discount of the trade fee, then removed.
    expect((await setDiscount(a, { kind: "rent", bps: 0, target: { token: other.token } })).outcome).to.equal("set");
    expect((await (await fees()).feeOf(1, other.token))[0]).to.equal(0n);
    expect((await removeDiscount(a, { kind: "rent", target: { token: other.token } })).outcome).to.equal("removed");
    expect((await removeDiscount(a, { kind: "rent", target: { token: other.token } })).outcome).to.equal("unchanged");
  });

  it("class: any text that is not a whole number of basis points within the maximum, or not a fee kind, is refused", function () {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 1_000 }), (text, maximum) => {
        const valid = /^\d+$/.test(text) && Number(text) <= maximum;
        let accepted: number | undefined;
        try {
          accepted = parseBps(text, maximum);
        } catch (error) {
          expect(error).to.be.instanceOf(OperatorError);
        }
        expect(accepted !== undefined).to.equal(valid);
        if (valid) expect(accepted).to.equal(Number(text));
      }),
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom(...FEE_KINDS, "PRIMARY", "Exit")), (text) => {
        const valid = (FEE_KINDS as readonly string[]).includes(text.toLowerCase());
        expect(() => parseFeeKind(text)).to.satisfy((f: () => unknown) => {
          try {
            f();
            return valid;
          } catch (error) {
            return !valid && error instanceof OperatorError;
          }
        });
      }),
    );
  });
});
