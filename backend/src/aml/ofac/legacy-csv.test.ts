import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { SAMPLE_LIST_DIR } from "./files.ts";
import { parseAddCsv, parseAltCsv, parseSdnCsv, readRows, SdnFormatError, splitPrograms } from "./legacy-csv.ts";
import { readRowsPreviously } from "./previous-csv.oracle.ts";

const sample = (name: string): Promise<string> => readFile(join(SAMPLE_LIST_DIR, name), "utf8");

describe("SDN.CSV", () => {
  it("reads every row of the shipped real sample", async () => {
    const rows = parseSdnCsv(await sample("SDN.CSV"));
    assert.equal(rows.length, 35);
    assert.deepEqual(rows[0], {
      entNum: 36,
      name: "AEROCARIBBEAN AIRLINES",
      type: "entity",
      programs: ["CUBA"],
      title: null,
      callSign: null,
      vesselType: null,
      tonnage: null,
      grossRegisteredTonnage: null,
      vesselFlag: null,
      vesselOwner: null,
      remarks: null,
    });
  });

  it("maps the vessel columns and multi-program values", async () => {
    const rows = parseSdnCsv(await sample("SDN.CSV"));
    const tug = rows.find((r) => r.entNum === 4238)!;
    assert.equal(tug.type, "vessel");
    assert.equal(tug.callSign, "CL2192");
    assert.equal(tug.vesselType, "Tug");
    assert.equal(tug.grossRegisteredTonnage, "212");
    assert.equal(tug.vesselFlag, "Cuba");
    assert.equal(tug.vesselOwner, "Samir de Navegacion S.A.");
    assert.deepEqual(rows.find((r) => r.entNum === 4632)!.programs, ["IRAN", "SDGT", "IRGC", "IFSR"]);
    assert.equal(rows.find((r) => r.entNum === 24475)!.type, "aircraft");
    assert.equal(rows.find((r) => r.entNum === 2686)!.title, "Secretary General of Hizballah");
  });

  it("accepts CRLF line ends, quoted nulls and the Ctrl-Z end-of-file marker", () => {
    const text =
      '36,"AEROCARIBBEAN AIRLINES","-0- ","CUBA","-0- ","-0- ","-0- ","-0- ","-0- ","-0- ","-0- ","-0- "\r\n' +
      '173,"ANGLO-CARIBBEAN CO., LTD.",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\u001a';
    const rows = parseSdnCsv(text);
    assert.equal(rows.length, 2);
    assert.equal(rows[0]!.type, "entity");
    assert.equal(rows[0]!.remarks, null);
    assert.equal(rows[1]!.name, "ANGLO-CARIBBEAN CO., LTD.");
  });

  it("refuses malformed files with the line number, never returning part of a list", () => {
    const good = '36,"A",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n';
    const cases: [string, RegExp][] = [
      [good + '37,"B",-0- ,"CUBA",-0- ,-0- \n', /line 2: expected 12 fields, found 6/],
      [good + '37,"B,-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n', /line 2: /],
      [good + good, /line 2: duplicate ent_num 36/],
      ['x36,"A",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n', /line 1: ent_num must be a positive integer/],
      ['36,"A","company","CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n', /unknown SDN_Type "company"/],
      ['36,-0- ,-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n', /SDN_Name is empty/],
      [good + "\u001a" + good, /data after the end-of-file marker/],
      ['36,"A" x,-0- \n', /expected a comma after a quoted field/],
    ];
    for (const [text, message] of cases) {
      assert.throws(
        () => parseSdnCsv(text),
        (e: unknown) => e instanceof SdnFormatError && message.test(e.message),
        message.source,
      );
    }
  });

  it("round-trips any row written in the official layout", () => {
    const text = fc
      .string({ minLength: 1, maxLength: 40 })
      .filter((s) => s.trim() !== "" && s.trim() !== "-0-" && !/[\r\n]/.test(s));
    const optional = fc.option(text, { nil: null });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 999_999 }), { minLength: 1, maxLength: 8 }),
        fc.array(
          fc.tuple(
            text,
            fc.constantFrom(null, "individual", "vessel", "aircraft"),
            fc.array(
              fc.stringMatching(/^[A-Z0-9-]{1,12}$/).filter((p) => p !== "-0-"),
              { minLength: 1, maxLength: 3 },
            ),
            optional,
            optional,
          ),
          { minLength: 8, maxLength: 8 },
        ),
        fc.constantFrom("\n", "\r\n"),
        (ids, specs, eol) => {
          const q = (v: string | null): string => (v === null ? "-0- " : `"${v.replace(/"/g, '""')}"`);
          const lines = ids.map((id, i) => {
            const [name, type, programs, title, remarks] = specs[i]!;
            return [
              String(id),
              q(name),
              q(type),
              q(programs.join("] [")),
              q(title),
              "-0- ",
              "-0- ",
              "-0- ",
              "-0- ",
              "-0- ",
              "-0- ",
              q(remarks),
            ].join(",");
          });
          const rows = parseSdnCsv(lines.join(eol) + eol);
          assert.equal(rows.length, ids.length);
          rows.forEach((row, i) => {
            const [name, type, programs, title, remarks] = specs[i]!;
            assert.equal(row.entNum, ids[i]);
            assert.equal(row.name, name.trim());
            assert.equal(row.type, type ?? "entity");
            assert.deepEqual(row.programs, programs);
            assert.equal(row.title, title === null ? null : title.trim());
            assert.equal(row.remarks, remarks === null ? null : remarks.trim());
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("ALT.CSV and ADD.CSV", () => {
  it("reads aliases and addresses of the sample", async () => {
    const alt = parseAltCsv(await sample("ALT.CSV"));
    assert.equal(alt.length, 36);
    assert.deepEqual(alt[0], { entNum: 36, altNum: 12, altType: "aka", altName: "AERO-CARIBBEAN", remarks: null });
    const add = parseAddCsv(await sample("ADD.CSV"));
    assert.equal(add.length, 16);
    assert.deepEqual(add[1], {
      entNum: 173,
      addNum: 129,
      address: "Ibex House, The Minories",
      cityStateProvincePostalCode: "London EC3N 1DY",
      country: "United Kingdom",
      remarks: null,
    });
    assert.equal(add[0]!.address, null);
  });

  it("refuses unknown alias types and wrong widths", () => {
    assert.throws(() => parseAltCsv('36,12,"alias","X",-0- \n'), /unknown alt_type "alias"/);
    assert.throws(() => parseAddCsv('36,25,-0- ,"Havana"\n'), /expected 6 fields, found 4/);
  });

  it("splits program lists", () => {
    assert.deepEqual(splitPrograms("FTO] [SDGT] [SYRIA"), ["FTO", "SDGT", "SYRIA"]);
    assert.deepEqual(splitPrograms(null), []);
  });
});

describe("14 legacy CSV through csv-parse", () => {
  // Fields as OFAC writes them and as files get damaged: quoted text with doubled quotes, commas and line breaks
  // inside, the null value quoted or bare with its trailing space, numbers, empty fields, spaces after a closing
  // quote, stray quotes; rows ended by LF, CRLF or CR, blank lines, the Ctrl-Z marker (alone or followed by data).
  const CHARS = [..."AZaz09 -.,;'()/\u00e9\u4e2d", '"', "\n"];
  const content = fc.array(fc.constantFrom(...CHARS), { maxLength: 12 }).map((cs) => cs.join(""));
  const field = fc.oneof(
    { weight: 8, arbitrary: content.map((c) => `"${c.replace(/"/g, '""')}"`) },
    { weight: 6, arbitrary: fc.constantFrom('"-0- "', "-0- ", "-0-", '"-0-"', '""', "", " ") },
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 99_999 }).map(String) },
    {
      weight: 3,
      arbitrary: fc.tuple(content, fc.constantFrom(" ", "  ")).map(([c, pad]) => `"${c.replace(/"/g, '""')}"${pad}`),
    },
    { weight: 1, arbitrary: fc.constantFrom('A"B', '"A" x', '"open', ' "A"') },
  );
  const row = fc.array(field, { minLength: 1, maxLength: 6 }).map((fields) => fields.join(","));
  const eol = fc.constantFrom("\n", "\r\n", "\n\n", "\r\n\r\n", "\r");
  const file = fc
    .tuple(
      fc.array(fc.tuple(row, eol), { maxLength: 6 }),
      fc.constantFrom("", "\u001a", "\u001a\r\n", "\u001a  \n", '\u001a36,"X"\n'),
    )
    .map(([rows, end]) => rows.map(([r, e]) => r + e).join("") + end);

  const outcome = (read: () => unknown): unknown => {
    try {
      return read();
    } catch (error) {
      if (error instanceof SdnFormatError) return "refused";
      throw error;
    }
  };

  it("14 class: generated legacy files split into the same rows, with the same lines, as the previous reader, or are refused by both", () => {
    let read = 0;
    fc.assert(
      fc.property(file, (text) => {
        // A lone CR ends a row for both; only csv-parse also counts it as a line (the previous reader counted LFs).
        const lineNumbers = !/\r(?!\n)/.test(text);
        const comparable = (rows: unknown): unknown =>
          rows === "refused" || lineNumbers ? rows : (rows as { fields: unknown }[]).map(({ fields }) => fields);
        const previous = comparable(outcome(() => readRowsPreviously(text, "SDN.CSV")));
        assert.deepEqual(comparable(outcome(() => readRows(text, "SDN.CSV"))), previous);
        if (previous !== "refused") read += 1;
      }),
      { numRuns: 400 },
    );
    assert.ok(read > 150, `the generator must produce readable files too (${read})`);
  });
});
