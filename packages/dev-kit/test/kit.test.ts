/** The dev-kit's small pieces: demo accounts, free ports, PDFs. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HDNodeWallet, Mnemonic } from "ethers";
import fc from "fast-check";
import { ANVIL_KEYS, DEMO } from "../src/accounts.js";
import { minimalPdf, simplePdf } from "../src/pdf.js";
import { freePorts, isPortFree } from "../src/ports.js";

describe("14.1 dev-kit accounts, ports and PDFs", () => {
  it("ANVIL_KEYS are accounts #0-#9 of the public test mnemonic, and each demo account is its index's key", () => {
    const mnemonic = Mnemonic.fromPhrase("test test test test test test test test test test test junk");
    ANVIL_KEYS.forEach((key, i) =>
      assert.equal(HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${i}`).privateKey, key, `#${i}`),
    );
    for (const account of Object.values(DEMO)) assert.equal(account.key, ANVIL_KEYS[account.index], account.label);
  });

  it("freePorts hands out distinct ports that are free", async () => {
    const ports = await freePorts(5);
    assert.equal(new Set(ports).size, 5);
    for (const port of ports) assert.equal(await isPortFree(port), true);
  });

  /** Checks what a PDF reader checks first: every xref entry points at its object, startxref at the xref table. */
  function assertWellFormed(bytes: Uint8Array): string {
    const pdf = Buffer.from(bytes).toString("latin1");
    assert.ok(pdf.startsWith("%PDF-1.7\n") && pdf.endsWith("%%EOF\n"));
    const xref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)![1]);
    assert.equal(pdf.slice(xref, xref + 5), "xref\n");
    const entries = [...pdf.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    assert.ok(entries.length >= 3);
    entries.forEach((offset, i) => assert.equal(pdf.slice(offset, offset + `${i + 1} 0 obj`.length), `${i + 1} 0 obj`));
    assert.match(pdf, new RegExp(`trailer\\n<< /Size ${entries.length + 1} /Root 1 0 R >>`));
    return pdf;
  }

  it("minimalPdf and simplePdf are well-formed for any text (offsets in bytes, one line of comment)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary" }),
        fc.array(fc.string({ unit: "binary" }), { maxLength: 4 }),
        (text, lines) => {
          const minimal = assertWellFormed(minimalPdf(text));
          assert.equal(minimal.split("\n")[1], `%${text.replace(/[^\x20-\x7e]/g, " ")}`);
          assertWellFormed(simplePdf(["Title deed: Café Ünter", ...lines.map((l) => l.replace(/[^\x20-\xff]/g, " "))]));
        },
      ),
    );
  });
});
