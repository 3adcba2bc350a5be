/** 15 "No raw internals reach investors": the box before paying speaks in sentences, never in codes. */
import fc from "fast-check";
import { MemoryRouter } from "react-router";
import { stringToHex, type Hex } from "viem";
import { afterEach, describe, expect, it } from "vitest";
import { REASONS, STATUS_TABLE } from "../../compliance/complianceCodes.generated";
import { explainVerdict, STATUS } from "../../compliance/eligibility";
import { render, type Rendered } from "../../test/render";
import { EligibilityCheck } from "./EligibilityCheck";

let shown: Rendered | undefined;
afterEach(() => {
  shown?.unmount();
  shown = undefined;
});

const reason = (text: string): Hex => stringToHex(text, { size: 32 });
/** What an investor must never read: standard names, hex codes, SCREAMING_CASE reasons. */
const RAW = /ERC-?\d{3,4}|EIP-?\d+|0x[0-9a-fA-F]{2}|\b[A-Z]{2,}_[A-Z_]+\b/;

function textOf(code: Hex, why: Hex): string {
  shown?.unmount();
  shown = render(
    <MemoryRouter>
      <EligibilityCheck
        checks={{ verdict: explainVerdict({ code, reason: why }, "receiver"), limits: [], funds: undefined }}
        loading={false}
      />
    </MemoryRouter>,
  );
  return shown.container.textContent ?? "";
}

describe("15 eligibility shown in words", () => {
  it("15 an eligible investor reads a sentence, not 'ERC-1400 0x51 OK'", () => {
    const text = textOf(STATUS.SUCCESS, reason("OK"));
    expect(text).toContain("You are eligible to hold these units.");
    expect(text).not.toMatch(RAW);
  });

  it("15 a refused investor reads what to do, not 'ERC-1400 0x57 RECEIVER_NOT_VERIFIED'", () => {
    const text = textOf("0x57", reason("RECEIVER_NOT_VERIFIED"));
    expect(text).toContain("Your wallet is not eligible to hold or trade these units right now.");
    expect(text).not.toMatch(RAW);
  });

  it("15 a code without a specific message still gets the generated table's sentence", () => {
    const text = textOf(STATUS.FAILURE, reason("SOMETHING_NEW"));
    expect(text).toContain(STATUS_TABLE.FAILURE.erc1400);
    expect(text).not.toMatch(RAW);
  });

  it("15 (class) every status code with every known or unknown reason renders without a raw code", () => {
    const codes = Object.values(STATUS) as Hex[];
    const reasons = [...Object.keys(REASONS), ""];
    fc.assert(
      fc.property(
        fc.constantFrom(...codes),
        fc.oneof(fc.constantFrom(...reasons), fc.stringMatching(/^[A-Z][A-Z_]{0,30}$/)),
        (code, why) => {
          expect(textOf(code, why ? reason(why) : (`0x${"0".repeat(64)}` as Hex))).not.toMatch(RAW);
        },
      ),
      { numRuns: 150 },
    );
  });
});
