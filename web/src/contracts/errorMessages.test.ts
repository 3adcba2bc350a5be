import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { platformErrorsAbi } from "./abi";
import { ERROR_MESSAGES } from "./errorMessages";
import { formatUnits } from "../format/amounts";

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
