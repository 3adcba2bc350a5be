import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadOfacLegacyDirectory, readOfacLegacyFiles, SAMPLE_LIST_DIR } from "./files.ts";
import { SdnFormatError } from "./legacy-csv.ts";
import { parseRemarks } from "./remarks.ts";
import { loadOfacLegacyList } from "./sanctions-list.ts";

describe("remarks", () => {
  it("extracts the ETH addresses and aliases of LAZARUS GROUP and drops the fragment cut at 1,000 characters", async () => {
    const list = await loadOfacLegacyDirectory(SAMPLE_LIST_DIR);
    const lazarus = list.parties.find((p) => p.entNum === 27307)!;
    assert.equal(lazarus.digitalCurrencyAddresses.length, 8);
    assert.deepEqual(lazarus.digitalCurrencyAddresses[0], {
      currency: "ETH",
      address: "0x098B716B8Aaf21512996dC57EB0615e2383E2f96",
    });
    assert.ok(lazarus.digitalCurrencyAddresses.every((d) => /^0x[0-9a-fA-F]{40}$/.test(d.address)));
    assert.deepEqual(
      lazarus.names.map((n) => n.name),
      ["LAZARUS GROUP", "HIDDEN COBRA", "OFFICE 91", "GUARDIANS OF PEACE", "THE NEW ROMANTIC CYBER ARMY TEAM"],
    );
  });

  it("drops a wallet address cut in half by the column limit", async () => {
    const list = await loadOfacLegacyDirectory(SAMPLE_LIST_DIR);
    const party = list.parties.find((p) => p.entNum === 39585)!;
    assert.equal(party.digitalCurrencyAddresses.length, 12);
    assert.ok(party.digitalCurrencyAddresses.every((d) => d.currency === "XBT" && d.address.length >= 26));
    assert.ok(!party.digitalCurrencyAddresses.some((d) => d.address === "1N6XqS"));
  });

  it("reads aliases with inner apostrophes, dates of birth and nationalities", () => {
    const facts = parseRemarks(
      "DOB 09 Feb 1951; POB Gaza, Egypt; Passport 92/664 (Egypt); nationality Iran; alt. nationality Russia; a.k.a. 'ABU-'UMAR'; f.k.a. 'ANA I'.",
    );
    assert.deepEqual(facts.aliases, [
      { kind: "aka", name: "ABU-'UMAR" },
      { kind: "fka", name: "ANA I" },
    ]);
    assert.deepEqual(facts.datesOfBirth, ["09 Feb 1951"]);
    assert.deepEqual(facts.nationalities, ["Iran", "Russia"]);
    assert.equal(facts.truncated, false);
  });
});

describe("loadOfacLegacyList", () => {
  it("merges SDN, ALT and ADD rows per entity", async () => {
    const list = await loadOfacLegacyDirectory(SAMPLE_LIST_DIR);
    assert.equal(list.source, "OFAC-SDN");
    assert.equal(list.parties.length, 35);
    const bank = list.parties.find((p) => p.entNum === 306)!;
    assert.deepEqual(
      bank.names.map((n) => [n.name, n.kind, n.source, n.weak]),
      [
        ["BANCO NACIONAL DE CUBA", "primary", "sdn", false],
        ["BNC", "aka", "remarks", true],
        ["NATIONAL BANK OF CUBA", "aka", "alt", false],
      ],
    );
    assert.equal(bank.addresses.length, 4);
    assert.deepEqual(bank.addresses[0], {
      address: "Zweierstrasse 35",
      city: "Zurich CH-8022",
      country: "Switzerland",
    });
    // an ADD row with every field null carries nothing and is not kept
    assert.equal(list.parties.find((p) => p.entNum === 2674)!.addresses.length, 0);
  });

  it("identifies a version by the digest of its files", async () => {
    const files = await readOfacLegacyFiles(SAMPLE_LIST_DIR);
    const a = loadOfacLegacyList(files);
    const b = loadOfacLegacyList({ ...files });
    assert.equal(a.digest, b.digest);
    assert.match(a.digest, /^[0-9a-f]{64}$/);
    const lines = files.sdn.trimEnd().split("\n");
    const shorter = loadOfacLegacyList({ sdn: lines.slice(0, -1).join("\n") + "\n" });
    assert.notEqual(shorter.digest, a.digest);
  });

  it("refuses aliases or addresses of entities that are not in SDN.CSV", async () => {
    const files = await readOfacLegacyFiles(SAMPLE_LIST_DIR);
    assert.throws(
      () => loadOfacLegacyList({ sdn: files.sdn, alt: '99999999,1,"aka","GHOST",-0- \n' }),
      /unknown ent_num 99999999/,
    );
    assert.throws(() => loadOfacLegacyList({ sdn: files.sdn, add: '99999999,1,-0- ,"X","Y",-0- \n' }), SdnFormatError);
    assert.throws(() => loadOfacLegacyList({ sdn: "" }), /no entries/);
  });
});
