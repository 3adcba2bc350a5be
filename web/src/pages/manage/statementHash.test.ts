import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseStatementHash } from "./statementHash";

const hexDigits = (length: number) =>
  fc
    .array(fc.constantFrom(..."0123456789abcdefABCDEF".split("")), { minLength: length, maxLength: length })
    .map((d) => d.join(""));

describe("parseStatementHash", () => {
  it("16 takes a SHA-256 as documents show it, with or without 0x, any case, and gives the lowercase bytes32", () => {
    fc.assert(
      fc.property(hexDigits(64), fc.boolean(), (digits, prefixed) => {
        fc.pre(!/^0+$/.test(digits));
        const parsed = parseStatementHash(`  ${prefixed ? "0x" : ""}${digits} `);
        expect(parsed).toEqual({ ok: true, value: `0x${digits.toLowerCase()}` });
      }),
    );
  });

  it("16 refuses an empty field, a wrong length, a non-hex character and the zero hash, saying which", () => {
    expect(parseStatementHash("   ")).toEqual({ ok: false, error: expect.stringMatching(/Enter the SHA-256/) });
    expect(parseStatementHash("0".repeat(64))).toEqual({ ok: false, error: expect.stringMatching(/all-zero/) });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 80 }).filter((n) => n !== 64),
        (length) => {
          expect(parseStatementHash("a".repeat(length))).toEqual({
            ok: false,
            error: expect.stringMatching(/64 hexadecimal/),
          });
        },
      ),
    );
    fc.assert(
      fc.property(hexDigits(63), fc.constantFrom("g", "z", " ", "-", "é"), fc.nat(63), (digits, bad, at) => {
        const text = digits.slice(0, at) + bad + digits.slice(at);
        expect(parseStatementHash(text).ok).toBe(false);
      }),
    );
  });
});
