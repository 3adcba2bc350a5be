import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Screener } from "../screening/screener.ts";
import { loadOfacLegacyDirectory, SAMPLE_LIST_DIR } from "./files.ts";
import { SdnFormatError } from "./legacy-csv.ts";
import { loadOfacSdnXml, looksLikeSdnXml } from "./sdn-xml.ts";
import { loadOfacEnhancedXml, looksLikeEnhancedXml } from "./sdn-enhanced-xml.ts";
import { SDN_ENHANCED_XML, SDN_XML } from "./sdn-xml.fixture.ts";
import { XmlFormatError, XmlRecordReader, type XmlElement } from "./xml.ts";

/** Every record of a whole document read at once. */
function readRecords(xml: string): XmlElement[] {
  const reader = new XmlRecordReader(["sdnList", "sdnEntry"]);
  return [...reader.write(xml), ...reader.end()];
}

describe("SDN.XML", () => {
  it("reads entries, aliases with their category, addresses, ids, dates of birth and nationalities", () => {
    assert.ok(looksLikeSdnXml(SDN_XML));
    assert.ok(!looksLikeSdnXml('36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA"'));
    const list = loadOfacSdnXml(SDN_XML);
    assert.equal(list.parties.length, 3);
    const [airline, raisi, lazarus] = list.parties as [
      NonNullable<(typeof list.parties)[0]>,
      NonNullable<(typeof list.parties)[0]>,
      NonNullable<(typeof list.parties)[0]>,
    ];
    assert.deepEqual(
      airline.names.map((n) => [n.name, n.kind, n.weak]),
      [
        ["AEROCARIBBEAN AIRLINES", "primary", false],
        ["AERO-CARIBBEAN", "aka", false],
      ],
    );
    assert.deepEqual(airline.addresses, [{ address: null, city: "Havana", country: "Cuba" }]);
    assert.equal(raisi.primaryName, "RAISI, Ebrahim");
    assert.equal(raisi.type, "individual");
    assert.deepEqual(raisi.datesOfBirth, ["14 Dec 1960"]);
    assert.deepEqual(raisi.nationalities, ["Iran"]);
    assert.deepEqual(lazarus.digitalCurrencyAddresses, [
      { currency: "ETH", address: "0x098B716B8Aaf21512996dC57EB0615e2383E2f96" },
    ]);
    assert.deepEqual(
      lazarus.names.map((n) => [n.name, n.weak]),
      [
        ["LAZARUS GROUP", false],
        ["HIDDEN COBRA", true],
        ["GUARDIANS OF PEACE & OFFICE 91", false],
      ],
    );
  });

  it("gives the same facts as the CSV files for the same entry", async () => {
    const csv = (await loadOfacLegacyDirectory(SAMPLE_LIST_DIR)).parties.find((p) => p.entNum === 36)!;
    const xml = loadOfacSdnXml(SDN_XML).parties.find((p) => p.entNum === 36)!;
    assert.deepEqual(
      xml.names.map((n) => n.name),
      csv.names.map((n) => n.name),
    );
    assert.deepEqual(xml.programs, csv.programs);
    assert.deepEqual(xml.addresses, csv.addresses);
  });

  it("screens names and wallets the same way as a CSV-loaded list", () => {
    const screener = new Screener(loadOfacSdnXml(SDN_XML));
    assert.equal(screener.screenName("Ebrahim Raisi")[0]?.entNum, 27844);
    assert.equal(screener.screenWallet("0x098b716b8aaf21512996dc57eb0615e2383e2f96")[0]?.entNum, 27307);
    assert.equal(screener.screenName("Hidden Cobra")[0]?.entNum, 27307);
    assert.deepEqual(screener.screenName("Hidden Cobras"), [], "weak aliases match exactly only");
  });

  it("refuses malformed or dangerous XML with the line", () => {
    const cases: [string, RegExp][] = [
      ["<sdnList><sdnEntry></sdnList>", /line 1: unexpected close tag/],
      ["<sdnList>\n<sdnEntry>", /line 2: unclosed tag: sdnEntry/],
      // XXE: an external entity would read a server file; no DTD is ever read, any DOCTYPE is refused.
      [
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<sdnList>&e;</sdnList>',
        /line 2: DOCTYPE/,
      ],
      ['<!DOCTYPE sdnList SYSTEM "http://127.0.0.1:1/evil.dtd"><sdnList/>', /DOCTYPE/],
      ['<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:1/p.dtd"> %p;]><sdnList/>', /DOCTYPE/],
      // Entity expansion ("billion laughs"): refused before any entity is defined, let alone expanded.
      [
        '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><sdnList>&c;</sdnList>',
        /DOCTYPE/,
      ],
      [
        "<sdnList><sdnEntry><uid>A & B</uid></sdnEntry></sdnList>",
        /line 1: (disallowed character in entity name|unclosed tag)/,
      ],
      ["<sdnList>&nbsp;</sdnList>", /undefined entity/],
      ["<sdnList></sdnList><other/>", /only one root/],
      ["text<sdnList/>", /outside of root/],
      ["", /must contain a root element/],
    ];
    for (const [xml, message] of cases)
      assert.throws(
        () => readRecords(xml),
        (e: unknown) => e instanceof XmlFormatError && message.test(e.message),
        message.source,
      );
    const [record] = readRecords(
      "\uFEFF<sdnList><sdnEntry><a x='1' y=\"&lt;2&gt;\"><b>&#65;&#x42;<![CDATA[<c>]]></b></a></sdnEntry></sdnList>",
    );
    assert.equal(record!.children[0]!.children[0]!.text, "AB<c>");
    assert.deepEqual(record!.children[0]!.attributes, { x: "1", y: "<2>" });
  });

  it("names the line of a broken entry and refuses a list cut short", () => {
    const entry = (uid: string): string =>
      `  <sdnEntry>\n    <uid>${uid}</uid><lastName>X</lastName><sdnType>Entity</sdnType>\n  </sdnEntry>\n`;
    assert.throws(
      () => loadOfacSdnXml(`<sdnList>\n${entry("1")}${entry("x")}</sdnList>`),
      /SDN\.XML line 5: sdnEntry #2: uid must be/,
    );
    const whole = `<sdnList>\n${entry("1")}${entry("2")}</sdnList>`;
    assert.equal(loadOfacSdnXml(whole).parties.length, 2);
    assert.throws(
      () => loadOfacSdnXml(whole.slice(0, -"</sdnList>".length)),
      (e: unknown) => e instanceof SdnFormatError && /unclosed tag: sdnList/.test(e.message),
    );
  });

  it("refuses lists that are not SDN lists or have broken entries", () => {
    assert.throws(() => loadOfacSdnXml("<consolidatedList/>"), /not <sdnList>/);
    assert.throws(() => loadOfacSdnXml("<sdnList/>"), /no entries/);
    assert.throws(
      () => loadOfacSdnXml("<sdnList><sdnEntry><lastName>X</lastName><sdnType>Entity</sdnType></sdnEntry></sdnList>"),
      /uid must be/,
    );
    assert.throws(
      () =>
        loadOfacSdnXml(
          "<sdnList><sdnEntry><uid>1</uid><lastName>X</lastName><sdnType>Company</sdnType></sdnEntry></sdnList>",
        ),
      /unknown sdnType/,
    );
    const dup = "<sdnEntry><uid>1</uid><lastName>X</lastName><sdnType>Entity</sdnType></sdnEntry>";
    assert.throws(
      () => loadOfacSdnXml(`<sdnList>${dup}${dup}</sdnList>`),
      (e: unknown) => e instanceof SdnFormatError && /duplicate uid 1/.test(e.message),
    );
  });
});

describe("SDN_ENHANCED.XML", () => {
  it("reads entities: Latin names, alias types and low-quality flags, programs, address parts, features", () => {
    assert.ok(looksLikeEnhancedXml(SDN_ENHANCED_XML));
    assert.ok(!looksLikeEnhancedXml(SDN_XML));
    const list = loadOfacEnhancedXml(SDN_ENHANCED_XML);
    assert.deepEqual(
      list.parties.map((p) => p.entNum),
      [9640, 36, 27307],
    );
    const [person, airline, lazarus] = list.parties;
    assert.equal(person!.type, "individual");
    assert.equal(person!.primaryName, "ABU TEIR, Mohammed");
    assert.deepEqual(
      person!.names.map((n) => [n.name, n.kind, n.weak]),
      [
        ["ABU TEIR, Mohammed", "primary", false],
        ["ABU TAIR, Mohammed", "aka", false],
        ["ABU TEIR", "aka", true],
      ],
    );
    assert.deepEqual(person!.programs, ["NS-PLC"]);
    assert.deepEqual(person!.nationalities, ["Palestinian"]);
    assert.deepEqual(airline!.addresses, [{ address: null, city: "Havana", country: "Cuba" }]);
    assert.equal(lazarus!.digitalCurrencyAddresses.length, 2);
  });

  it("screens like the other formats", async () => {
    const screener = new Screener(loadOfacEnhancedXml(SDN_ENHANCED_XML));
    assert.equal(screener.screenName("Mohammed Abu Tair")[0]?.entNum, 9640);
    assert.deepEqual(screener.screenName("Abu Teir Salim"), [], "the low-quality alias matches only exactly");
    assert.equal(screener.screenWallet("0xA0E1C89EF1A489C9C7DE96311ED5CE5D32C20E4B")[0]?.entNum, 27307);
    const csv = (await loadOfacLegacyDirectory(SAMPLE_LIST_DIR)).parties.find((p) => p.entNum === 36)!;
    const xml = loadOfacEnhancedXml(SDN_ENHANCED_XML).parties.find((p) => p.entNum === 36)!;
    assert.deepEqual(
      xml.names.map((n) => n.name),
      csv.names.map((n) => n.name),
    );
    assert.deepEqual(xml.addresses, csv.addresses);
  });

  it("refuses delta files, other roots and broken entities", () => {
    assert.throws(
      () =>
        loadOfacEnhancedXml(
          '<sanctionsData xmlns="https://www.treasury.gov/ofac/DeltaFile/1.0"><entities/></sanctionsData>',
        ),
      /delta file/,
    );
    assert.throws(
      () => loadOfacEnhancedXml('<sanctionsData><entities><entity id="1" action="add"/></entities></sanctionsData>'),
      /delta file/,
    );
    assert.throws(() => loadOfacEnhancedXml("<sdnList/>"), /not <sanctionsData>/);
    assert.throws(() => loadOfacEnhancedXml("<sanctionsData><entities/></sanctionsData>"), /no entities/);
    assert.throws(
      () => loadOfacEnhancedXml('<sanctionsData><entities><entity id="x"/></entities></sanctionsData>'),
      /id must be/,
    );
    const nameless =
      '<sanctionsData><entities><entity id="1"><generalInfo><entityType>Entity</entityType></generalInfo></entity></entities></sanctionsData>';
    assert.throws(() => loadOfacEnhancedXml(nameless), /no primary name/);
  });
});
