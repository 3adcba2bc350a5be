// 14 OFAC XML lists are read by a streaming parser (saxes): the same lists as the previous whole-tree reader, from
// any split of the bytes, in memory bounded by a record rather than the file.
import assert from "node:assert/strict";
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { SdnFormatError } from "./legacy-csv.ts";
import { loadPreviously } from "./previous-xml.oracle.ts";
import { SDN_ENHANCED_XML_FORMAT } from "./sdn-enhanced-xml.ts";
import { SDN_XML_FORMAT, streamOfacSdnXml } from "./sdn-xml.ts";
import { SDN_ENHANCED_XML, SDN_XML } from "./sdn-xml.fixture.ts";
import { loadXmlList, streamXmlList, type XmlListFormat } from "./xml-list.ts";

const work = mkdtempSync(join(tmpdir(), "freehold-ofac-xml-"));
after(() => rmSync(work, { recursive: true, force: true }));

// ---- generators written from the elements of the OFAC schemas the loaders read ----

/** Characters of real list values, XML's special ones included (no "]": "]]>" may not appear in text). */
const CHARS = [..."ABCXYZabcxyz0189 -.,/'\"&<>()#;:é中Дي", "😀"];
const value = fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 14 }).map((cs) => cs.join(""));
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null });
/** Absent now and then only (the fields a list cannot do without). */
const mostly = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null, freq: 12 });

/**
 * How one text is written: cut into pieces, each escaped (with character references now and then) or in CDATA,
 * with a comment between pieces; a piece of mere spaces between two pieces of markup is how layout looks, and
 * both readers drop it.
 */
type PieceStyle = "escaped" | "references" | "cdata";
const style = fc.array(fc.constantFrom<PieceStyle>("escaped", "references", "cdata"), { minLength: 1, maxLength: 3 });
const layout = fc.constantFrom("", "\n", "\n    ", " ", "\t");

function escape(text: string, references: boolean): string {
  return [...text]
    .map((c, i) => {
      if (references && c.trim() !== "" && i % 2 === 0)
        return i % 4 === 0 ? `&#${c.codePointAt(0)};` : `&#x${c.codePointAt(0)!.toString(16)};`;
      return c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? (i % 2 ? "&gt;" : ">") : c;
    })
    .join("");
}

function text(content: string, how: PieceStyle[], pad: string): string {
  const chars = [...content];
  const size = Math.ceil(chars.length / how.length);
  const pieces = how.map((piece, i) => {
    const part = chars.slice(i * size, (i + 1) * size).join("");
    if (part === "") return "";
    return piece === "cdata" ? `<![CDATA[${part}]]>` : escape(part, piece === "references");
  });
  return `${pad}${pieces.filter((p) => p !== "").join("<!-- c -->")}${pad}`;
}

interface Writer {
  prefix: string;
  how: PieceStyle[];
  pad: string;
}
const writer = fc.record({ prefix: fc.constantFrom("", "o:"), how: style, pad: layout });

function el(w: Writer, name: string, content: string | null, attributes = ""): string {
  return content === null ? "" : `<${w.prefix}${name}${attributes}>${content}</${w.prefix}${name}>`;
}
const leaf = (w: Writer, name: string, content: string | null): string =>
  el(w, name, content === null ? null : text(content, w.how, w.pad));
const group = (w: Writer, name: string, items: string[]): string =>
  items.length ? el(w, name, items.join(w.pad)) : "";

const SDN_TYPES = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom("Individual", "Entity", "Vessel", "Aircraft", "entity") },
  fc.constant("Company"),
);
// Now and then a duplicate (small numbers) or an invalid id.
const uid = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: 1, max: 999_999 }).map(String) },
  fc.integer({ min: 1, max: 3 }).map(String),
  fc.constantFrom("x", "", "1234567890"),
);

const sdnEntry = fc.record({
  uid,
  firstName: maybe(value),
  lastName: mostly(value),
  sdnType: SDN_TYPES,
  programs: fc.array(value, { maxLength: 3 }),
  akas: fc.array(
    fc.record({
      type: fc.constantFrom("a.k.a.", "f.k.a.", "n.k.a.", "x"),
      category: fc.constantFrom("strong", "weak"),
      firstName: maybe(value),
      lastName: maybe(value),
    }),
    { maxLength: 3 },
  ),
  addresses: fc.array(
    fc.record({
      address1: maybe(value),
      address2: maybe(value),
      city: maybe(value),
      stateOrProvince: maybe(value),
      postalCode: maybe(value),
      country: maybe(value),
    }),
    { maxLength: 2 },
  ),
  ids: fc.array(
    fc.record({
      idType: fc.constantFrom(
        "Digital Currency Address - ETH",
        "Digital Currency Address - XBT",
        "Passport",
        "Digital Currency Address - eth",
      ),
      idNumber: maybe(value),
    }),
    { maxLength: 3 },
  ),
  datesOfBirth: fc.array(maybe(value), { maxLength: 2 }),
  nationalities: fc.array(maybe(value), { maxLength: 2 }),
  citizenships: fc.array(maybe(value), { maxLength: 2 }),
  remarks: maybe(value),
  w: writer,
});
type SdnEntry = typeof sdnEntry extends fc.Arbitrary<infer T> ? T : never;

function renderSdnEntry(e: SdnEntry): string {
  const w = e.w;
  const item = (name: string, inner: string[]): string => el(w, name, inner.join(""));
  return el(
    w,
    "sdnEntry",
    [
      leaf(w, "uid", e.uid),
      leaf(w, "firstName", e.firstName),
      leaf(w, "lastName", e.lastName),
      leaf(w, "sdnType", e.sdnType),
      group(
        w,
        "programList",
        e.programs.map((p) => leaf(w, "program", p)),
      ),
      group(
        w,
        "akaList",
        e.akas.map((a, i) =>
          item("aka", [
            leaf(w, "uid", String(i + 1)),
            leaf(w, "type", a.type),
            leaf(w, "category", a.category),
            leaf(w, "firstName", a.firstName),
            leaf(w, "lastName", a.lastName),
          ]),
        ),
      ),
      group(
        w,
        "addressList",
        e.addresses.map((a) =>
          item(
            "address",
            Object.entries(a).map(([k, v]) => leaf(w, k, v)),
          ),
        ),
      ),
      group(
        w,
        "idList",
        e.ids.map((d) => item("id", [leaf(w, "idType", d.idType), leaf(w, "idNumber", d.idNumber)])),
      ),
      group(
        w,
        "dateOfBirthList",
        e.datesOfBirth.map((d) => item("dateOfBirthItem", [leaf(w, "dateOfBirth", d), leaf(w, "mainEntry", "true")])),
      ),
      group(
        w,
        "nationalityList",
        e.nationalities.map((c) => item("nationality", [leaf(w, "country", c)])),
      ),
      group(
        w,
        "citizenshipList",
        e.citizenships.map((c) => item("citizenship", [leaf(w, "country", c)])),
      ),
      leaf(w, "remarks", e.remarks),
    ].join(w.pad),
  );
}

const documentHead = fc.record({ bom: fc.boolean(), declaration: fc.boolean(), namespace: fc.boolean() });
type Head = typeof documentHead extends fc.Arbitrary<infer T> ? T : never;
const head = (h: Head): string =>
  `${h.bom ? "\uFEFF" : ""}${h.declaration ? '<?xml version="1.0" standalone="yes"?>\n' : ""}`;

const sdnXml = fc.tuple(documentHead, fc.array(sdnEntry, { maxLength: 6 })).map(([h, entries]) => {
  const ns = ` xmlns:o="urn:o"${h.namespace ? ' xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML"' : ""}`;
  const info =
    "<publshInformation><Publish_Date>06/22/2025</Publish_Date><Record_Count>1</Record_Count></publshInformation>";
  return `${head(h)}<sdnList${ns}>\n  ${info}\n  ${entries.map(renderSdnEntry).join("\n  ")}\n</sdnList>\n`;
});

const enhancedEntity = fc.record({
  id: uid,
  action: fc.constantFrom(null, "add"),
  entityType: SDN_TYPES,
  names: fc.array(
    fc.record({
      isPrimary: fc.oneof(fc.constant(true), fc.boolean()),
      aliasType: fc.constantFrom("A.K.A.", "F.K.A.", "N.K.A.", "a.k.a."),
      isLowQuality: fc.boolean(),
      translations: fc.array(
        fc.record({
          isPrimary: fc.boolean(),
          script: fc.constantFrom("Latin", "Arabic", "Cyrillic"),
          formattedFullName: mostly(value),
        }),
        { minLength: 1, maxLength: 2 },
      ),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  programs: fc.array(value, { maxLength: 2 }),
  addresses: fc.array(
    fc.record({
      country: maybe(value),
      parts: fc.array(
        fc.record({
          type: fc.constantFrom("ADDRESS1", "ADDRESS2", "CITY", "STATE/PROVINCE", "POSTAL CODE", "region"),
          value: maybe(value),
        }),
        { maxLength: 3 },
      ),
    }),
    { maxLength: 2 },
  ),
  features: fc.array(
    fc.record({
      type: fc.constantFrom("Digital Currency Address - ETH", "Nationality Country", "Citizenship Country", "Gender"),
      value: maybe(value),
    }),
    { maxLength: 3 },
  ),
  w: writer,
});
type EnhancedEntity = typeof enhancedEntity extends fc.Arbitrary<infer T> ? T : never;

function renderEntity(e: EnhancedEntity, delta: boolean): string {
  const w = e.w;
  const item = (name: string, inner: string[]): string => el(w, name, inner.join(""));
  const attributes = ` id="${e.id}"${delta && e.action ? ` action="${e.action}"` : ""}`;
  return el(
    w,
    "entity",
    [
      item("generalInfo", [leaf(w, "entityType", e.entityType)]),
      group(
        w,
        "names",
        e.names.map((n) =>
          item("name", [
            leaf(w, "isPrimary", String(n.isPrimary)),
            leaf(w, "aliasType", n.aliasType),
            leaf(w, "isLowQuality", String(n.isLowQuality)),
            group(
              w,
              "translations",
              n.translations.map((t) =>
                item("translation", [
                  leaf(w, "isPrimary", String(t.isPrimary)),
                  leaf(w, "script", t.script),
                  leaf(w, "formattedFullName", t.formattedFullName),
                ]),
              ),
            ),
          ]),
        ),
      ),
      group(
        w,
        "sanctionsPrograms",
        e.programs.map((p) => leaf(w, "sanctionsProgram", p)),
      ),
      group(
        w,
        "addresses",
        e.addresses.map((a) =>
          item("address", [
            leaf(w, "country", a.country),
            item("translations", [
              item("translation", [
                group(
                  w,
                  "addressParts",
                  a.parts.map((p) => item("addressPart", [leaf(w, "type", p.type), leaf(w, "value", p.value)])),
                ),
              ]),
            ]),
          ]),
        ),
      ),
      group(
        w,
        "features",
        e.features.map((f) => item("feature", [leaf(w, "type", f.type), leaf(w, "value", f.value)])),
      ),
    ].join(w.pad),
    attributes,
  );
}

const enhancedXml = fc
  .tuple(documentHead, fc.array(enhancedEntity, { maxLength: 5 }), fc.integer({ min: 0, max: 19 }))
  .map(([h, entities, flavour]) => {
    const delta = flavour === 0;
    const ns =
      flavour === 1
        ? ' xmlns="https://www.treasury.gov/ofac/DeltaFile/1.0"'
        : ' xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML"';
    return `${head(h)}<sanctionsData${ns} xmlns:o="urn:o">\n<publicationInfo><dataAsOf>2025-06-22</dataAsOf></publicationInfo>\n<entities>\n${entities.map((e) => renderEntity(e, delta)).join("\n")}\n</entities>\n</sanctionsData>`;
  });

/** Either the list, or the fact that the file was refused as malformed. */
function outcome(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    if (error instanceof SdnFormatError) return "refused";
    throw error;
  }
}

async function outcomeAsync(read: () => Promise<unknown>): Promise<unknown> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof SdnFormatError) return "refused";
    throw error;
  }
}

/** The document as byte chunks cut at the given offsets (through multi-byte characters too). */
function* chunks(document: string, cuts: number[]): Generator<Uint8Array> {
  const bytes = Buffer.from(document, "utf8");
  let from = 0;
  for (const cut of [...cuts.map((c) => Math.floor(c * bytes.length)).sort((a, b) => a - b), bytes.length]) {
    yield bytes.subarray(from, cut);
    from = cut;
  }
}

async function streamed(format: XmlListFormat, source: Iterable<Uint8Array>): Promise<unknown> {
  const stream = streamXmlList(
    format,
    (async function* () {
      yield* source;
    })(),
  );
  const parties = [];
  for (;;) {
    const next = await stream.next();
    if (next.done) return { source: "OFAC-SDN", digest: next.value, parties };
    parties.push(next.value);
  }
}

/** Truncated anywhere, a document is refused by both (never half a list). */
const truncation = fc.oneof(
  { weight: 4, arbitrary: fc.constant(null) },
  fc.double({ min: 0, max: 0.999, noNaN: true }),
);
const cut = (document: string, at: number | null): string =>
  at === null ? document : document.slice(0, Math.floor(at * document.length));

/**
 * For generated documents (sometimes cut short): the streaming parser, fed the whole text or the bytes in any
 * chunks, gives exactly the previous reader's list (digest included), or refuses the file when it did.
 */
async function agreesWithPrevious(
  format: XmlListFormat,
  documents: fc.Arbitrary<string>,
  numRuns: number,
): Promise<number> {
  let loaded = 0;
  await fc.assert(
    fc.asyncProperty(
      documents,
      truncation,
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
      async (full, at, cuts) => {
        const document = cut(full, at);
        const previous = outcome(() => loadPreviously(format, document));
        assert.deepEqual(
          outcome(() => loadXmlList(format, document)),
          previous,
        );
        assert.deepEqual(await outcomeAsync(() => streamed(format, chunks(document, cuts))), previous);
        if (previous !== "refused") loaded += 1;
      },
    ),
    { numRuns },
  );
  return loaded;
}

describe("14 OFAC XML: the streaming parser agrees with the previous reader", () => {
  it("14 class: generated SDN.XML lists (schema elements, escapes, CDATA, comments, prefixes, BOM, broken entries, truncation) load the same, whole or in any byte chunks", async () => {
    const loaded = await agreesWithPrevious(SDN_XML_FORMAT, sdnXml, 250);
    assert.ok(loaded > 25, `the generator must produce loadable lists too (${loaded})`);
  });

  it("14 class: generated SDN_ENHANCED.XML lists (names and translations, address parts, features, delta files) load the same", async () => {
    const loaded = await agreesWithPrevious(SDN_ENHANCED_XML_FORMAT, enhancedXml, 200);
    assert.ok(loaded > 15, `the generator must produce loadable lists too (${loaded})`);
  });

  it("14 the shipped fixtures load the same both ways", () => {
    assert.deepEqual(loadXmlList(SDN_XML_FORMAT, SDN_XML), loadPreviously(SDN_XML_FORMAT, SDN_XML));
    assert.deepEqual(
      loadXmlList(SDN_ENHANCED_XML_FORMAT, SDN_ENHANCED_XML),
      loadPreviously(SDN_ENHANCED_XML_FORMAT, SDN_ENHANCED_XML),
    );
  });
});

describe("14 OFAC XML: bounded memory", () => {
  it("14 a 50,000-entry SDN.XML streamed from a file grows the heap by far less than the file's size", async () => {
    const file = join(work, "SDN.XML");
    const out = createWriteStream(file);
    out.write(
      '<?xml version="1.0" standalone="yes"?>\n<sdnList xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML">\n',
    );
    const ENTRIES = 50_000;
    for (let i = 1; i <= ENTRIES; i++) {
      const entry =
        `  <sdnEntry>\n    <uid>${i}</uid>\n    <firstName>Person ${i}</firstName>\n    <lastName>SURNAME-${i.toString(36).toUpperCase()}</lastName>\n` +
        `    <sdnType>Individual</sdnType>\n    <programList>\n      <program>SDGT</program>\n    </programList>\n` +
        `    <akaList>\n      <aka>\n        <uid>${i}</uid>\n        <type>a.k.a.</type>\n        <category>weak</category>\n        <lastName>ALIAS &amp; ${i}</lastName>\n      </aka>\n    </akaList>\n` +
        `    <addressList>\n      <address>\n        <uid>${i}</uid>\n        <city>City ${i % 97}</city>\n        <country>Country ${i % 13}</country>\n      </address>\n    </addressList>\n` +
        `    <idList>\n      <id>\n        <uid>${i}</uid>\n        <idType>Digital Currency Address - ETH</idType>\n        <idNumber>0x${i.toString(16).padStart(40, "0")}</idNumber>\n      </id>\n    </idList>\n` +
        `  </sdnEntry>\n`;
      if (!out.write(entry)) await once(out, "drain");
    }
    out.end("</sdnList>\n");
    await once(out, "finish");
    const fileSize = statSync(file).size;

    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let count = 0;
    let wallets = 0;
    const stream = streamOfacSdnXml(createReadStream(file, { highWaterMark: 64 * 1024 }));
    let digest: string | undefined;
    for (;;) {
      const next = await stream.next();
      if (next.done) {
        digest = next.value;
        break;
      }
      count += 1;
      wallets += next.value.digitalCurrencyAddresses.length;
      if (count % 5_000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      }
    }
    assert.equal(count, ENTRIES);
    assert.equal(wallets, ENTRIES);
    assert.match(digest ?? "", /^[0-9a-f]{64}$/);
    // The previous reader held the whole text and a tree of it (several times the file); streaming holds one record,
    // one chunk and the set of ids seen (for duplicates).
    assert.ok(fileSize > 25_000_000, `the generated file is ${fileSize} bytes`);
    assert.ok(peak < fileSize / 10, `heap grew by ${peak} bytes while streaming a ${fileSize}-byte file`);
  });
});
