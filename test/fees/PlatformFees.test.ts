/**
 * The platform's fee schedule (issue 20): a fee per kind, at most 5 %, decreases at once, increases announced and in
 * effect no earlier than 12 weeks later, per-token overrides never above the platform's fee, roles and events; and a
 * property over random sequences of announcements, decreases, cancellations, overrides and time, against a model.
 */
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ZeroAddress } from "ethers";
import type { PlatformFees } from "../../types/ethers-contracts/index.js";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

const PRIMARY = 0;
const RENT = 1;
const TRADE = 2;
const EXIT = 3;
const KINDS = [PRIMARY, RENT, TRADE, EXIT] as const;
const MAX_FEE_BPS = 500;
const WEEK = 7 * 86_400;
const DELAY = 12 * WEEK;
const INITIAL_BPS = [150, 200, 50, 100] as const;

interface Context {
  fees: PlatformFees;
  admin: HardhatEthersSigner;
  outsider: HardhatEthersSigner;
  collectors: HardhatEthersSigner[];
  token: string;
  otherToken: string;
}

async function deploy(): Promise<Context> {
  const [admin, outsider, c0, c1, c2, c3, token, otherToken] = (await ethers.getSigners()) as HardhatEthersSigner[];
  const collectors = [c0!, c1!, c2!, c3!];
  const fees = await ethers.deployContract("PlatformFees", [
    admin!.address,
    [...INITIAL_BPS],
    collectors.map((c) => c.address),
  ]);
  return {
    fees,
    admin: admin!,
    outsider: outsider!,
    collectors,
    token: token!.address,
    otherToken: otherToken!.address,
  };
}

/** The timestamp of the block that mined `tx`. */
async function minedAt(tx: Promise<{ wait(): Promise<{ blockNumber: number } | null> }>): Promise<number> {
  const receipt = await (await tx).wait();
  return (await ethers.provider.getBlock(receipt!.blockNumber))!.timestamp;
}

describe("PlatformFees", function () {
  describe("deployment", function () {
    it("20 starts with the given fee and collector per kind, each announced by an event", async function () {
      const c = await networkHelpers.loadFixture(deploy);
      expect(await c.fees.MAX_FEE_BPS()).to.equal(500n);
      expect(await c.fees.FEE_INCREASE_DELAY()).to.equal(BigInt(DELAY));
      for (const kind of KINDS) {
        expect(await c.fees.platformFeeOf(kind)).to.deep.equal([
          BigInt(INITIAL_BPS[kind]),
          c.collectors[kind]!.address,
        ]);
        expect(await c.fees.feeOf(kind, c.token)).to.deep.equal([
          BigInt(INITIAL_BPS[kind]),
          c.collectors[kind]!.address,
        ]);
        expect(await c.fees.pendingIncrease(kind)).to.deep.equal([0n, 0n]);
      }
      const logs = await c.fees.queryFilter(c.fees.filters.FeeInitialized());
      expect(logs.map((l) => [l.args.kind, l.args.bps, l.args.collector])).to.deep.equal(
        KINDS.map((k) => [BigInt(k), BigInt(INITIAL_BPS[k]), c.collectors[k]!.address]),
      );
      expect(await c.fees.hasRole(await c.fees.DEFAULT_ADMIN_ROLE(), c.admin.address)).to.equal(true);
    });

    it("20 refuses a fee above 5 %, a zero collector and a zero admin", async function () {
      const c = await networkHelpers.loadFixture(deploy);
      const factory = await ethers.getContractFactory("PlatformFees");
      const [c0, c1, c2, c3] = c.collectors.map((x) => x.address) as [string, string, string, string];
      const collectors: [string, string, string, string] = [c0, c1, c2, c3];
      await expect(factory.deploy(c.admin.address, [0, 0, 501, 0], collectors))
        .to.be.revertedWithCustomError(c.fees, "PlatformFeesAboveMaximum")
        .withArgs(TRADE, 501, MAX_FEE_BPS);
      await expect(factory.deploy(c.admin.address, [0, 0, 0, 0], [c0, c1, c2, ZeroAddress]))
        .to.be.revertedWithCustomError(c.fees, "PlatformFeesZeroCollector")
        .withArgs(EXIT);
      await expect(factory.deploy(ZeroAddress, [0, 0, 0, 0], collectors)).to.be.revertedWithCustomError(
        c.fees,
        "PlatformFeesZeroAdmin",
      );
      // The maximum itself is accepted.
      const atMax = await factory.deploy(c.admin.address, [500, 500, 500, 500], collectors);
      expect((await atMax.platformFeeOf(EXIT))[0]).to.equal(500n);
    });
  });

  describe("the maximum", function () {
    it("20 no announcement goes above 500 bps, whatever the kind; 500 itself is accepted", async function () {
      const c = await networkHelpers.loadFixture(deploy);
      for (const kind of KINDS) {
        await expect(c.fees.announceIncrease(kind, 501))
          .to.be.revertedWithCustomError(c.fees, "PlatformFeesAboveMaximum")
          .withArgs(kind, 501, MAX_FEE_BPS);
        await expect(c.fees.announceIncrease(kind, 65_535))
          .to.be.revertedWithCustomError(c.fees, "PlatformFeesAboveMaximum")
          .withArgs(kind, 65_535, MAX_FEE_BPS);
        await c.fees.announceIncrease(kind, 500);
        expect((await c.fees.pendingIncrease(kind))[0]).to.equal(500n);
      }
    });
  });

  describe("increases: announced, in effect 12 weeks later", function () {
    it("20 the fee stays until one second before 12 weeks and changes at 12 weeks, with no transaction in between", async function () {
      const c = await networkHelpers.loadFixture(deploy);
      const announcedAt = await minedAt(c.fees.announceIncrease(RENT, 300));
      const effectiveAt = announcedAt + DELAY;
      const logs = await c.fees.queryFilter(c.fees.filters.FeeIncreaseAnnounced());
      expect(logs.map((l) => [l.args.kind, l.args.currentBps, l.args.newBps, l.args.effectiveAt])).to.deep.equal([
        [BigInt(RENT), 200n, 300n, BigInt(effectiveAt)],
      ]);
      expect(await c.fees.pendingIncrease(RENT)).to.deep.equal([300n, BigInt(effectiveAt)]);

      // Not due one second before: nobody can write it down early (mined at effectiveAt - 1).
      await time.increaseTo(effectiveAt - 2);
      await expect(c.fees.connect(c.outsider).applyIncrease(RENT))
        .to.be.revertedWithCustomError(c.fees, "PlatformFeesIncreaseNotDue")
        .withArgs(RENT, effectiveAt);
      await time.increaseTo(effectiveAt - 1);
      expect(await time.latest()).to.equal(effectiveAt - 1);
      expect(await c.fees.feeOf(RENT, c.token)).to.deep.equal([200n, c.collectors[RENT]!.address]);
      expect(await c.fees.pendingIncrease(RENT)).to.deep.equal([300n, BigInt(effectiveAt)]);

      await time.increaseTo(effectiveAt);
      expect(await c.fees.feeOf(RENT, c.token)).to.deep.equal([300n, c.collectors[RENT]!.address]);
      expect(await c.fees.platformFeeOf(RENT)).to.deep.equal([300n, c.collectors[RENT]!.address]);
      expect(await c.fees.pendingIncrease(RENT)).to.deep.equal([0n, 0n]);
      // The other kinds did not move.
      for (const kind of [PRIMARY, TRADE, EXIT] as const)
        expect((await c.fees.feeOf(kind, c.token))[0]).to.equal(BigInt(INITIAL_BPS[kind]));

      // Anyone may write it down; the event says so; nothing changes in what the views answer.
      await expect(c.fees.connect(c.outsider).applyIncrease(RENT))
        .to.emit(c.fees, "FeeIncreaseApplied")
        .withArgs(RENT, 300);
      expect(await c.fees.feeOf(RENT, c.token)).to.deep.equal([300n, c.collectors[RENT]!.address]);
      await expect(c.fees.applyIncrease(RENT))
        .to.be.revertedWithCustomError(c.fees, "PlatformFeesNoPendingIncrease")
        .withArgs(RENT);
    });

    it("20 an announcement must raise the fee in effect", async function () {
      const c = await networkHelpers.loadFixture(deploy);
      await expect(c.fees.announceIncrease(PRIMARY, 150))
        .to.be.revertedWithCustomError(c.fees, "PlatformFeesNotAnIncrease")
        .withArgs(PRIMARY, 150, 150);
      await expect(c.fees.announceIncrease(PRIMARY, 100))
        .to.be.revertedWithCustomError(c.fees, "PlatformFeesNotAnIncrease")
        .withArgs(PRIMARY, 100, 150);
    });

    it("20 a newer announcement replaces the pending one and its 12 weeks run from the newer announcement", async function () {
      const c = await networkHelpers.loadFixture(deploy);
      const first = await minedAt(c.fees.announceIncrease(PRIMARY, 400));
      await time.increaseTo(first + 10 * WEEK);
      const second = await minedAt(c.fees.announceIncrease(PRIMARY, 250));
      expect(await c.fees.pendingIncrease(PRIMARY)).to.deep.equal([250n, BigInt(second + DELAY)]);
      // The first announcement's date passes: nothing happens (it was replaced).
      await time.increaseTo(first + DELAY);
      expect((await c.fees.feeOf(PRIMARY, c.token))[0]).to.equal(150n);
      await time.increaseTo(second + DELAY - 1);
      expect((await c.fees.feeOf(PRIMARY, c.token))[0]).to.equal(150n);
      await time.increaseTo(second + DELAY);
      expect((await c.fees.feeOf(PRIMARY, c.token))[0]).to.equal(250n);
    });

    it("20 an announcement made after an earlier increase took effect counts from that increase", async function () {
      const c = await networkHelpers.loadFixture(deploy);
      const first = await minedAt(c.fees.announceIncrease(TRADE, 100));
      await time.increaseTo(first + DELAY);
      await expect(c.fees.announceIncrease(TRADE, 100))
        .to.be.revertedWithCustomError(c.fees, "PlatformFeesNotAnIncrease")
        .withArgs(TRADE, 100, 100);
      const tx = c.fees.announceIncrease(TRADE, 120);
      await expect(tx).to.emit(c.fees, "FeeIncreaseApplied").withArgs(TRADE, 100);
      await expect(tx).to.emit(c.fees, "FeeIncreaseAnnounced");
      expect((await c.fees.feeOf(TRADE, c.token))[0]).to.equal(100n);
    });

    it("20 the admin can withdraw a pending increase", async function () {
      const c = await networkHelpers.loadFixture(deploy);
      await expect(c.fees.cancelIncrease(EXIT))
        .to.be.revertedWithCustomError(c.fees, "PlatformFeesNoPendingIncrease")
        .withArgs(EXIT);
      const announcedAt = await minedAt(c.fees.announceIncrease(EXIT, 200));
      await expect(c.fees.cancelIncrease(EXIT)).to.emit(c.fees, "FeeIncreaseCancelled").withArgs(EXIT, 200);
      expect(await c.fees.pendingIncrease(EXIT)).to.deep.equal([0n, 0n]);
      await time.increaseTo(announcedAt + DELAY);
      expect((await c.fees.feeOf(EXIT, c.token))[0]).to.equal(100n);
    });
  });

  describe("decreases and collectors: at once", function () {
    it("20 a decrease takes effect in its own block and withdraws a pending increase", async function () {
      const c = await networkHelpers.loadFixture(deploy);
      const announcedAt = await minedAt(c.fees.announceIncrease(PRIMARY, 300));
      const tx = c.fees.decreaseFee(PRIMARY, 90);
      await expect(tx).to.emit(c.fees, "FeeIncreaseCancelled").withArgs(PRIMARY, 300);
      await expect(tx).to.emit(c.fees, "FeeDecreased").withArgs(PRIMARY, 150, 90);
      expect((await c.fees.feeOf(PRIMARY, c.token))[0]).to.equal(90n);
      expect(await c.fees.pendingIncrease(PRIMARY)).to.deep.equal([0n, 0n]);
      await time.increaseTo(announcedAt + DELAY);
      expect((await c.fees.feeOf(PRIMARY, c.token))[0]).to.equal(90n);
      // Down to zero is a decrease too; from zero nothing is lower.
      await c.fees.decreaseFee(PRIMARY, 0);
      await expect(c.fees.decreaseFee(PRIMARY, 0))
        .to.be.revertedWithCustomError(c.fees, "PlatformFeesNotADecrease")
        .withArgs(PRIMARY, 0, 0);
    });

    it("20 a decrease must lower the fee in effect, counting an increase whose time has come", async function () {
      const c = await networkHelpers.loadFixture(deploy);
      await expect(c.fees.decreaseFee(RENT, 200))
        .to.be.revertedWithCustomError(c.fees, "PlatformFeesNotADecrease")
        .withArgs(RENT, 200, 200);
      const announcedAt = await minedAt(c.fees.announceIncrease(RENT, 400));
      await time.increaseTo(announcedAt + DELAY);
      // 300 is below the 400 now in effect (not above the 200 of before): a decrease.
      const tx = c.fees.decreaseFee(RENT, 300);
      await expect(tx).to.emit(c.fees, "FeeIncreaseApplied").withArgs(RENT, 400);
      await expect(tx).to.emit(c.fees, "FeeDecreased").withArgs(RENT, 400, 300);
      await expect(tx).not.to.emit(c.fees, "FeeIncreaseCancelled");
      expect((await c.fees.feeOf(RENT, c.token))[0]).to.equal(300n);
    });

    it("20 a collector change is paid from the next fee on, and a zero collector is refused", async function () {
      const c = await networkHelpers.loadFixture(deploy);
      await expect(c.fees.setCollector(TRADE, c.outsider.address))
        .to.emit(c.fees, "CollectorSet")
        .withArgs(TRADE, c.outsider.address);
      expect(await c.fees.feeOf(TRADE, c.token)).to.deep.equal([50n, c.outsider.address]);
      await expect(c.fees.setCollector(TRADE, ZeroAddress))
        .to.be.revertedWithCustomError(c.fees, "PlatformFeesZeroCollector")
        .withArgs(TRADE);
      // A collector change keeps a pending increase.
      const announcedAt = await minedAt(c.fees.announceIncrease(TRADE, 70));
      await c.fees.setCollector(TRADE, c.admin.address);
      expect(await c.fees.pendingIncrease(TRADE)).to.deep.equal([70n, BigInt(announcedAt + DELAY)]);
    });
  });

  describe("per-token overrides: only ever lower", function () {
    it("20 an override at most the platform's fee applies to its token only; above it is refused", async function () {
      const c = await networkHelpers.loadFixture(deploy);
      await expect(c.fees.setOverride(PRIMARY, c.token, 151))
        .to.be.revertedWithCustomError(c.fees, "PlatformFeesOverrideAbovePlatform")
        .withArgs(PRIMARY, c.token, 151, 150);
      await expect(c.fees.setOverride(PRIMARY, ZeroAddress, 10)).to.be.revertedWithCustomError(
        c.fees,
        "PlatformFeesZeroToken",
      );
      await expect(c.fees.setOverride(PRIMARY, c.token, 40))
        .to.emit(c.fees, "FeeOverrideSet")
        .withArgs(PRIMARY, c.token, 40);
      expect(await c.fees.overrideOf(PRIMARY, c.token)).to.deep.equal([true, 40n]);
      expect(await c.fees.feeOf(PRIMARY, c.token)).to.deep.equal([40n, c.collectors[PRIMARY]!.address]);
      expect((await c.fees.feeOf(PRIMARY, c.otherToken))[0]).to.equal(150n);
      expect((await c.fees.feeOf(RENT, c.token))[0]).to.equal(200n);
      // A fee-free property: zero is an override, not the absence of one.
      await c.fees.setOverride(RENT, c.token, 0);
      expect(await c.fees.feeOf(RENT, c.token)).to.deep.equal([0n, c.collectors[RENT]!.address]);
    });

    it("20 an override never exceeds the platform's fee, also after the platform's fee drops below it", async function () {
      const c = await networkHelpers.loadFixture(deploy);
      await c.fees.setOverride(PRIMARY, c.token, 120);
      await c.fees.decreaseFee(PRIMARY, 100);
      expect((await c.fees.feeOf(PRIMARY, c.token))[0]).to.equal(100n);
      await c.fees.decreaseFee(PRIMARY, 0);
      expect((await c.fees.feeOf(PRIMARY, c.token))[0]).to.equal(0n);
      // The platform raises its fee again: the override caps the property again, at its own level.
      const announcedAt = await minedAt(c.fees.announceIncrease(PRIMARY, 300));
      await time.increaseTo(announcedAt + DELAY);
      expect((await c.fees.feeOf(PRIMARY, c.token))[0]).to.equal(120n);
      expect((await c.fees.feeOf(PRIMARY, c.otherToken))[0]).to.equal(300n);
      // Set while an increase is pending: checked against the fee in effect, not the announced one.
      await c.fees.announceIncrease(PRIMARY, 400);
      await expect(c.fees.setOverride(PRIMARY, c.otherToken, 350))
        .to.be.revertedWithCustomError(c.fees, "PlatformFeesOverrideAbovePlatform")
        .withArgs(PRIMARY, c.otherToken, 350, 300);
    });

    it("20 removing an override gives the token the platform's fee again", async function () {
      const c = await networkHelpers.loadFixture(deploy);
      await expect(c.fees.removeOverride(EXIT, c.token))
        .to.be.revertedWithCustomError(c.fees, "PlatformFeesNoOverride")
        .withArgs(EXIT, c.token);
      await c.fees.setOverride(EXIT, c.token, 10);
      await expect(c.fees.removeOverride(EXIT, c.token)).to.emit(c.fees, "FeeOverrideRemoved").withArgs(EXIT, c.token);
      expect(await c.fees.overrideOf(EXIT, c.token)).to.deep.equal([false, 0n]);
      expect((await c.fees.feeOf(EXIT, c.token))[0]).to.equal(100n);
    });
  });

  describe("roles", function () {
    it("20 only DEFAULT_ADMIN_ROLE changes fees, collectors and overrides; anyone may write down a due increase", async function () {
      const c = await networkHelpers.loadFixture(deploy);
      const role = await c.fees.DEFAULT_ADMIN_ROLE();
      const asOutsider = c.fees.connect(c.outsider);
      const attempts = [
        () => asOutsider.announceIncrease(RENT, 300),
        () => asOutsider.decreaseFee(RENT, 100),
        () => asOutsider.cancelIncrease(RENT),
        () => asOutsider.setCollector(RENT, c.outsider.address),
        () => asOutsider.setOverride(RENT, c.token, 0),
        () => asOutsider.removeOverride(RENT, c.token),
      ];
      for (const attempt of attempts) {
        await expect(attempt())
          .to.be.revertedWithCustomError(c.fees, "AccessControlUnauthorizedAccount")
          .withArgs(c.outsider.address, role);
      }
      expect(await c.fees.platformFeeOf(RENT)).to.deep.equal([200n, c.collectors[RENT]!.address]);
      // A new admin can act; the old one, once revoked, cannot.
      await c.fees.grantRole(role, c.outsider.address);
      await asOutsider.decreaseFee(RENT, 100);
      await asOutsider.revokeRole(role, c.admin.address);
      await expect(c.fees.decreaseFee(RENT, 50))
        .to.be.revertedWithCustomError(c.fees, "AccessControlUnauthorizedAccount")
        .withArgs(c.admin.address, role);
    });
  });

  describe("property: random schedules against a model", function () {
    type Step =
      | { op: "announce" | "decrease"; kind: number; bps: number }
      | { op: "cancel"; kind: number }
      | { op: "override"; kind: number; bps: number }
      | { op: "wait"; seconds: number };
    const kind = fc.constantFrom(...KINDS);
    const bps = fc.oneof(fc.integer({ min: 0, max: 520 }), fc.constantFrom(0, 499, 500, 501));
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ op: fc.constantFrom("announce" as const, "decrease" as const), kind, bps }),
      fc.record({ op: fc.constant("cancel" as const), kind }),
      fc.record({ op: fc.constant("override" as const), kind, bps }),
      fc.record({
        op: fc.constant("wait" as const),
        seconds: fc.oneof(fc.integer({ min: 1, max: 20 * WEEK }), fc.constantFrom(DELAY - 2, DELAY - 1, DELAY)),
      }),
    );

    /** The reference: per kind, the fee and the announced increase; per kind, the token's override. */
    interface ModelKind {
      bps: number;
      pending?: { bps: number; at: number };
      override?: number;
    }
    const effective = (m: ModelKind, now: number) => (m.pending && now >= m.pending.at ? m.pending.bps : m.bps);
    const settle = (m: ModelKind, now: number) => {
      if (m.pending && now >= m.pending.at) {
        m.bps = m.pending.bps;
        m.pending = undefined;
      }
    };

    it("20 feeOf and pendingIncrease always equal the model; every refusal the model predicts happens", async function () {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
          const c = await networkHelpers.loadFixture(deploy);
          const model: ModelKind[] = KINDS.map((k) => ({ bps: INITIAL_BPS[k] }));
          for (const s of steps) {
            if (s.op === "wait") {
              await time.increase(s.seconds);
            } else {
              // The transaction is mined one second after the latest block (the chain's automine).
              const now = (await time.latest()) + 1;
              const m = model[s.kind]!;
              const current = effective(m, now);
              // The refusal the model predicts (undefined: accepted).
              let refusal: string | undefined;
              let send: () => ReturnType<PlatformFees["decreaseFee"]>;
              if (s.op === "announce") {
                if (s.bps > MAX_FEE_BPS) refusal = "PlatformFeesAboveMaximum";
                else if (s.bps <= current) refusal = "PlatformFeesNotAnIncrease";
                send = () => c.fees.announceIncrease(s.kind, s.bps);
              } else if (s.op === "decrease") {
                if (s.bps >= current) refusal = "PlatformFeesNotADecrease";
                send = () => c.fees.decreaseFee(s.kind, s.bps);
              } else if (s.op === "cancel") {
                if (!(m.pending && now < m.pending.at)) refusal = "PlatformFeesNoPendingIncrease";
                send = () => c.fees.cancelIncrease(s.kind);
              } else {
                if (s.bps > current) refusal = "PlatformFeesOverrideAbovePlatform";
                send = () => c.fees.setOverride(s.kind, c.token, s.bps);
              }
              await time.setNextBlockTimestamp(now);
              if (refusal) {
                await expect(send()).to.be.revertedWithCustomError(c.fees, refusal);
                continue;
              }
              await (await send()).wait();
              if (s.op === "override") {
                m.override = s.bps;
                continue;
              }
              settle(m, now);
              if (s.op === "announce") m.pending = { bps: s.bps, at: now + DELAY };
              else if (s.op === "decrease") {
                m.bps = s.bps;
                m.pending = undefined;
              } else m.pending = undefined;
            }
            const now = await time.latest();
            for (const k of KINDS) {
              const m = model[k]!;
              const platform = effective(m, now);
              const expected = m.override !== undefined ? Math.min(m.override, platform) : platform;
              expect((await c.fees.feeOf(k, c.token))[0], `feeOf(${k}) at ${now}`).to.equal(BigInt(expected));
              expect((await c.fees.feeOf(k, c.otherToken))[0]).to.equal(BigInt(platform));
              expect(expected).to.be.at.most(MAX_FEE_BPS);
              const pending =
                m.pending && now < m.pending.at ? [BigInt(m.pending.bps), BigInt(m.pending.at)] : [0n, 0n];
              expect(await c.fees.pendingIncrease(k), `pendingIncrease(${k})`).to.deep.equal(pending);
            }
          }
        }),
        { numRuns: 25, seed: 20_010_000 },
      );
    });
  });
});
