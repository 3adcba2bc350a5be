import fc from "fast-check";
import { stringToHex, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { platformErrorsAbi, type AbiError } from "./abi";
import { ERROR_MESSAGES } from "./errorMessages";
import { describeCustomError } from "./revert";
import { ERROR_NOTICES, REASONS, STATUS_TABLE } from "../compliance/complianceCodes.generated";
import { formatUnits } from "../format/amounts";
import { formatDateTime } from "../format/dates";

/** The custom errors issue 13 added to the offering, settlement and rent distributor. */
const ISSUE_13_ERRORS = [
  "OfferingCannotIssue",
  "OfferingClaimable",
  "OfferingRefundOnHold",
  "OfferingNothingToRelease",
  "SettlementUnknownToken",
  "SettlementFactoryAlreadyAdded",
  "DistributorHolderOnHold",
  "DistributorUnauthorizedController",
  "DistributorReceiverNotRegistered",
];

const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => `0x${Buffer.from(b).toString("hex")}`);
const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `0x${Buffer.from(b).toString("hex")}`);
/** Words that would tell an investor why compliance holds them (AML tipping-off). */
const REVEALING = /frozen|freeze|aml|sanction|suspicious|laundering|investigation|legal hold|kyc/i;

describe("error messages of the new money model", () => {
  it("13.5 every custom error issue 13 added is in the platform's ABIs and has a user message", () => {
    const names = new Set(platformErrorsAbi.map((e) => e.name));
    for (const name of ISSUE_13_ERRORS) {
      expect(names.has(name), `${name} in the generated ABIs`).toBe(true);
      expect(ERROR_MESSAGES[name], `${name} has a message`).toBeDefined();
    }
  });

  it("13.5 a hold says 'on hold' neutrally: the same words whatever the reason on chain, none naming a freeze, AML or KYC", () => {
    const neutral = (name: string) => ERROR_MESSAGES[name]!([`0x${"1".repeat(40)}`, `0x${"0".repeat(64)}`]);
    fc.assert(
      fc.property(address, address, bytes32, (first, second, reason) => {
        for (const [name, args] of [
          ["OfferingRefundOnHold", [first, reason]],
          ["DistributorHolderOnHold", [first, second]],
        ] as const) {
          const message = ERROR_MESSAGES[name]!(args);
          expect(message).toEqual(neutral(name));
          expect(`${message.title} ${message.action}`).not.toMatch(REVEALING);
          expect(message.title).toMatch(/on hold/i);
        }
      }),
    );
  });
});

describe("error messages of period payouts (issue 16)", () => {
  it("16 a deposit without a statement, or of a period already paid, is in the ABIs and explained with the deposit it collided with", () => {
    const names = new Set(platformErrorsAbi.map((e) => e.name));
    for (const name of ["DistributorZeroStatementHash", "DistributorStatementAlreadyPaid"]) {
      expect(names.has(name), `${name} in the generated ABIs`).toBe(true);
      expect(ERROR_MESSAGES[name], `${name} has a message`).toBeDefined();
    }
    fc.assert(
      fc.property(address, bytes32, fc.bigInt({ min: 1n, max: 2n ** 32n }), (token, hash, depositId) => {
        const message = ERROR_MESSAGES["DistributorStatementAlreadyPaid"]!([token, hash, depositId]);
        expect(message.title).toContain(`deposit #${depositId}`);
        expect(message.action).toMatch(/adjustment period/);
      }),
    );
  });
});

describe("error messages of private placements (issue 20)", () => {
  const INVITATION_ERRORS = [
    "OfferingInvitationRedeemed",
    "OfferingInvitationRevoked",
    "OfferingInvitationExpired",
    "OfferingInvitationBadSignature",
    "OfferingInvitationWrongIdentity",
    "OfferingInvitationUnitsOutOfRange",
    "OfferingInvitationZeroPrice",
  ];

  it("20 every invitation refusal of the offering is in the ABIs and says what to do, without the digest", () => {
    const names = new Set(platformErrorsAbi.map((e) => e.name));
    for (const name of INVITATION_ERRORS) {
      expect(names.has(name), `${name} in the generated ABIs`).toBe(true);
      expect(ERROR_MESSAGES[name], `${name} has a message`).toBeDefined();
    }
    fc.assert(
      fc.property(bytes32, address, address, fc.bigInt({ min: 1n, max: 2n ** 40n - 1n }), (hash, a, b, n) => {
        for (const name of INVITATION_ERRORS) {
          const message = ERROR_MESSAGES[name]!([hash, n, n]);
          const text = `${message.title} ${message.action}`;
          expect(text).not.toContain(hash.slice(2, 12));
          expect(message.action.length).toBeGreaterThan(10);
        }
        expect(ERROR_MESSAGES["OfferingInvitationWrongIdentity"]!([a, b, a]).title).toMatch(/another investor/);
      }),
      { numRuns: 30 },
    );
  });

  it("20 units out of range name the invitation's range and what was asked", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 1000n }), fc.bigInt({ min: 0n, max: 1000n }), (min, extra) => {
        const max = min + extra;
        const { title } = ERROR_MESSAGES["OfferingInvitationUnitsOutOfRange"]!([max + 1n, min, max]);
        expect(title).toContain(
          extra === 0n ? `exactly ${formatUnits(min)}` : `for ${formatUnits(min)} to ${formatUnits(max)}`,
        );
        expect(title).toContain(`you asked for ${formatUnits(max + 1n)}`);
      }),
    );
  });
});

/** The platform error `name` from the generated ABIs (each test names errors the contracts really have). */
function abiError(name: string): AbiError {
  const item = platformErrorsAbi.find((e) => e.name === name);
  if (!item) throw new Error(`${name} is not in the platform's ABIs`);
  return item;
}
/** What the user reads for `name(args)`: a hand-written message, a compliance verdict or the NatSpec fallback. */
function shown(name: string, args: readonly unknown[]): string {
  const e = describeCustomError(name, args, abiError(name));
  return `${e.title} ${e.action}`;
}
const reasonOf = (text: string): Hex => stringToHex(text, { size: 32 });
/** Words that would tell anyone that a wallet is screened or suspected (tipping-off), on any refusal. */
const SCREENING = /\baml\b|anti-money|laundering|sanction|screening|watch-?list|\bofac\b|suspicious/i;
const anyWallet = `0x${"ab".repeat(20)}`;

describe("refusals to pay a held wallet (audit 2026-12)", () => {
  it("OfferingRefundOnHold(RECEIVER_FROZEN): the investor reads that the position is on hold and the payment stays in escrow until the hold is lifted", () => {
    const text = shown("OfferingRefundOnHold", [anyWallet, reasonOf("RECEIVER_FROZEN")]);
    expect(text).toMatch(/position in this offering is on hold\./);
    expect(text).toMatch(/your payment stays in the offering's escrow until the hold is lifted/i);
    expect(text).not.toMatch(REVEALING);
  });

  it("DistributorReceiverFrozen: the controller reads that no rent goes to a held wallet, where the rent stays and what to do, with no word of AML", () => {
    const text = shown("DistributorReceiverFrozen", [anyWallet]);
    expect(text).toMatch(/wallet chosen to receive this rent is on hold/);
    expect(text).toMatch(/stays in escrow .* owed to the holder, until the hold is lifted/);
    expect(text).toMatch(/another wallet of the holder's/);
    expect(text).not.toMatch(SCREENING);
    expect(text).not.toMatch(REVEALING);
  });

  it("ExitReceiverFrozen: the controller reads that the exit pays no held wallet, where the share stays and what to do, with no word of AML", () => {
    const text = shown("ExitReceiverFrozen", [anyWallet]);
    expect(text).toMatch(/wallet chosen to receive this redemption is on hold/);
    expect(text).toMatch(/share stays in escrow in the exit until the hold is lifted/);
    expect(text).toMatch(/another wallet of the holder's/);
    expect(text).not.toMatch(SCREENING);
    expect(text).not.toMatch(REVEALING);
  });

  it("every hold refusal of the ABIs (*OnHold, *ReceiverFrozen) has a hand-written message: on hold until the hold is lifted, money in escrow, the same words whatever the arguments, never naming a freeze, KYC or the compliance team", () => {
    const holds = platformErrorsAbi.filter((e) => /OnHold$|ReceiverFrozen$/.test(e.name));
    expect(holds.map((e) => e.name).sort()).toEqual(
      expect.arrayContaining(["DistributorReceiverFrozen", "ExitReceiverFrozen", "OfferingRefundOnHold"]),
    );
    const reason = fc.oneof(bytes32, fc.constantFrom(...Object.keys(REASONS)).map(reasonOf));
    for (const item of holds) {
      expect(ERROR_MESSAGES[item.name], `${item.name} has a hand-written message`).toBeDefined();
      const first = shown(
        item.name,
        item.inputs.map((i) => (i.type === "address" ? anyWallet : reasonOf("OK"))),
      );
      expect(first, item.name).toMatch(/on hold/i);
      expect(first, item.name).not.toMatch(/compliance team/i);
      expect(first, item.name).toMatch(/until the hold is lifted/);
      // A payout held (rent, a redemption, an offering's refund) stays in escrow; a transfer only waits.
      if (/^(Distributor|Exit|Offering)/.test(item.name)) expect(first, item.name).toMatch(/escrow/);
      expect(first, item.name).not.toMatch(REVEALING);
      fc.assert(
        fc.property(fc.tuple(...item.inputs.map((i) => (i.type === "address" ? address : reason))), (args) => {
          expect(shown(item.name, args)).toBe(first);
        }),
        { numRuns: 30 },
      );
    }
  });
});

describe("the exit's refusals of a sale out of its window (audit 2026-12)", () => {
  it("ExitSaleExpired names the sale and the day its approval ran out, and says to propose it again", () => {
    const deadline = 1_800_000_000n;
    const { title, action } = ERROR_MESSAGES["ExitSaleExpired"]!([2n, deadline]);
    expect(title).toBe(`The holders' approval of sale #2 ran out on ${formatDateTime(Number(deadline))}.`);
    expect(action).toMatch(/^Nothing was changed\. Propose the sale again/);
  });

  it("ExitSupplyChanged names the sale, the units voted on and the units now, and says to propose it again", () => {
    const { title, action } = ERROR_MESSAGES["ExitSupplyChanged"]!([1n, 4n, 3n]);
    expect(title).toBe(`Sale #1 was voted on ${formatUnits(4n)}; the token has ${formatUnits(3n)} now.`);
    expect(action).toMatch(/^Nothing was changed\. Propose the sale again/);
  });
});

/** Arguments of an ABI error's inputs as viem decodes them (small uints as numbers), in realistic ranges. */
function argsOf(item: AbiError): fc.Arbitrary<unknown[]> {
  const reason = fc.oneof(bytes32, fc.constantFrom(...Object.keys(REASONS)).map(reasonOf));
  const code = fc.oneof(
    fc.constantFrom(...Object.values(STATUS_TABLE).map((s) => s.code)),
    fc.integer({ min: 0, max: 255 }).map((n) => `0x${n.toString(16).padStart(2, "0")}`),
  );
  return fc.tuple(
    ...item.inputs.map((input): fc.Arbitrary<unknown> => {
      const bits = Number(/^u?int(\d+)$/.exec(input.type)?.[1] ?? 0);
      if (input.type === "address") return address;
      if (input.type === "bytes32") return reason;
      if (input.type === "bytes1") return code;
      if (input.type === "string") return fc.string({ maxLength: 40 });
      if (input.type.startsWith("int")) return fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n });
      if (bits > 0 && bits <= 48) return fc.integer({ min: 0, max: Math.min(2 ** bits - 1, 2 ** 40) });
      if (bits > 48) return fc.bigInt({ min: 0n, max: 2n ** 40n });
      throw new Error(`no generator for ${input.type} (${item.name})`);
    }),
  );
}

describe("no tipping-off in any refusal", () => {
  it("every error of the platform's ABIs, whatever its arguments, reaches the user without a word of AML, sanctions or screening (hand-written, verdict or NatSpec fallback)", () => {
    for (const item of platformErrorsAbi) {
      fc.assert(
        fc.property(argsOf(item), (args) => {
          const e = describeCustomError(item.name, args, item);
          expect(`${e.title} ${e.action}`, item.name).not.toMatch(SCREENING);
        }),
        { numRuns: 5 },
      );
    }
  });

  it("no text of the generated compliance table (in the browser's JavaScript) names AML, sanctions or screening, whether a hand-written message overrides it or not", () => {
    // Anyone can read the bundle: a NatSpec notice a hand-written message overrides still tells there.
    const shipped = [ERROR_NOTICES, REASONS, STATUS_TABLE].flatMap((table) => Object.entries(table));
    const telling = shipped.filter(([, text]) => SCREENING.test(JSON.stringify(text)));
    expect(telling.map(([name]) => name)).toEqual([]);
  });
});

describe("a frozen wallet reads as an ordinary one (browser test 2026-12-06, H1)", () => {
  it("finding H1: TokenWalletFrozen reads exactly as a wallet that is not verified, and names no freeze and no compliance team", () => {
    const frozen = shown("TokenWalletFrozen", [anyWallet]);
    expect(frozen).toBe(shown("TokenSenderNotVerified", [anyWallet]));
    expect(frozen).toBe(shown("TokenReceiverNotVerified", [anyWallet]));
    expect(frozen).not.toMatch(/frozen|freez|compliance team/i);
  });

  it("class, generated: every refusal a held, frozen, removed or unverified wallet can meet names no freeze and no compliance team, whatever its arguments, and each freeze reads as an ordinary refusal", () => {
    const held = platformErrorsAbi.filter((e) =>
      /(Wallet|Receiver)Frozen$|OnHold$|NotVerified$|NotRegistered$/.test(e.name),
    );
    expect(held.length).toBeGreaterThan(5);
    const ordinary = new Set(
      held
        .filter((e) => !/Frozen$/.test(e.name))
        .map((e) =>
          shown(
            e.name,
            e.inputs.map(() => anyWallet),
          ),
        ),
    );
    for (const item of held) {
      fc.assert(
        fc.property(argsOf(item), (args) => {
          expect(shown(item.name, args), item.name).not.toMatch(/frozen|freez|compliance team/i);
        }),
        { numRuns: 20 },
      );
      // a freeze the investor can meet reads as one of the ordinary refusals (a payout to someone else's chosen
      // wallet, *ReceiverFrozen, is the controller's and reads as a hold)
      if (/^Token.*Frozen$/.test(item.name))
        expect(
          ordinary.has(
            shown(
              item.name,
              item.inputs.map(() => anyWallet),
            ),
          ),
          item.name,
        ).toBe(true);
    }
  });
});
