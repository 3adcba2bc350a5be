/** The dev-kit's small pieces: demo accounts, free ports, PDFs, PNG façades. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HDNodeWallet, Mnemonic } from "ethers";
import { inflateSync } from "node:zlib";
import fc from "fast-check";
import { ANVIL_KEYS, DEMO } from "../src/accounts.js";
import { facadePng } from "../src/images.js";
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

  it("14.1 property: a façade PNG of any size and colours is well-formed (signature, chunk CRCs, IHDR size, rows)", () => {
    const crc32 = (bytes: Uint8Array): number => {
      let c = 0xffffffff;
      for (const byte of bytes) {
        c ^= byte;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      }
      return (c ^ 0xffffffff) >>> 0;
    };
    const rgb = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255));
    fc.assert(
      fc.property(
        fc.record({
          wall: rgb,
          sky: rgb,
          floors: fc.integer({ min: 1, max: 8 }),
          width: fc.double({ min: 0.2, max: 0.95, noNaN: true }),
        }),
        fc.integer({ min: 40, max: 160 }),
        fc.integer({ min: 40, max: 120 }),
        (facade, width, height) => {
          const png = Buffer.from(facadePng(facade, { width, height }));
          assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
          const chunks = new Map<string, Buffer>();
          for (let at = 8; at < png.length;) {
            const length = png.readUInt32BE(at);
            const typeAndData = png.subarray(at + 4, at + 8 + length);
            assert.equal(png.readUInt32BE(at + 8 + length), crc32(typeAndData), "chunk CRC");
            chunks.set(typeAndData.subarray(0, 4).toString("ascii"), Buffer.from(typeAndData.subarray(4)));
            at += 12 + length;
          }
          assert.deepEqual([...chunks.keys()], ["IHDR", "IDAT", "IEND"]);
          assert.equal(chunks.get("IHDR")!.readUInt32BE(0), width);
          assert.equal(chunks.get("IHDR")!.readUInt32BE(4), height);
          assert.equal(inflateSync(chunks.get("IDAT")!).length, height * (1 + 3 * width));
        },
      ),
      { numRuns: 40, seed: 14_010_002 },
    );
  });
});
