import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";
import {
  API,
  createProperty,
  etag,
  propertyWithTitle,
  titleInput,
  uploadDocument,
  verifiedProperty,
} from "./support/fixtures.ts";

describe("land titles and the document check", () => {
  let t: TestContext;
  let manager: TestUser;
  let officer: TestUser;
  let investor: TestUser;
  before(async () => {
    t = await createTestContext();
    [manager, officer, investor] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
      t.user("INVESTOR"),
    ]);
  });
  after(async () => t.close());

  it("records a pending title with its document hash and first owner", async () => {
    const { title, document } = await propertyWithTitle(t, manager, "deed content A");
    const res = await t.as(manager).get(`${API}/titles/${title.id}`);
    assert.equal(res.body.status, "PENDING");
    assert.equal(res.body.documentSha256, document.sha256);
    assert.equal(res.body.anchor, null);
    const owners = await t.as(manager).get(`${API}/titles/${title.id}/ownership`);
    assert.deepEqual(
      owners.body.map((o: { owner: string; disposedOn: null }) => [o.owner, o.disposedOn]),
      [["Harbour View SPV Lda", null]],
    );
  });

  it("keeps title numbers unique within a jurisdiction, not across jurisdictions", async () => {
    const { title } = await propertyWithTitle(t, manager);
    const p2 = await createProperty(t, manager);
    const doc = await uploadDocument(t, manager, p2.id, "TITLE_DEED", "another deed");
    const dup = await t
      .as(manager)
      .post(`${API}/properties/${p2.id}/title`, titleInput(doc.body.id, { titleNumber: title.titleNumber }));
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, "duplicate");
    const elsewhere = await t
      .as(manager)
      .post(
        `${API}/properties/${p2.id}/title`,
        titleInput(doc.body.id, { titleNumber: title.titleNumber, jurisdiction: "ES-MD" }),
      );
    assert.equal(elsewhere.status, 201);
    const second = await t.as(manager).post(`${API}/properties/${p2.id}/title`, titleInput(doc.body.id));
    assert.equal(second.status, 409, "one title per property");
  });

  it("requires the title document to be a TITLE_DEED of the same property, and leasehold expiry", async () => {
    const p = await createProperty(t, manager);
    const img = await uploadDocument(t, manager, p.id, "IMAGE", "photo");
    const wrongKind = await t.as(manager).post(`${API}/properties/${p.id}/title`, titleInput(img.body.id));
    assert.equal(wrongKind.status, 422);
    assert.equal(wrongKind.body.rule, "not_a_title_deed");
    const other = await propertyWithTitle(t, manager);
    const foreign = await t.as(manager).post(`${API}/properties/${p.id}/title`, titleInput(other.document.id));
    assert.equal(foreign.status, 400);
    const deed = await uploadDocument(t, manager, p.id, "TITLE_DEED", "leasehold deed");
    const leasehold = await t
      .as(manager)
      .post(`${API}/properties/${p.id}/title`, titleInput(deed.body.id, { tenure: "LEASEHOLD" }));
    assert.equal(leasehold.status, 400);
  });

  it("lets only compliance officers verify or reject, never their own property's title", async () => {
    const { title } = await propertyWithTitle(t, manager);
    for (const who of [manager, investor, t.admin]) {
      const res = await t.as(who).post(`${API}/titles/${title.id}/verify`, undefined, { headers: etag(title.version) });
      assert.equal(res.status, 403);
    }
    const officerManager = await t.user("COMPLIANCE_OFFICER", "PROPERTY_MANAGER");
    const own = await propertyWithTitle(t, officerManager);
    const self = await t
      .as(officerManager)
      .post(`${API}/titles/${own.title.id}/verify`, undefined, { headers: etag(own.title.version) });
    assert.equal(self.status, 403);
    const rejected = await t
      .as(officer)
      .post(
        `${API}/titles/${title.id}/reject`,
        { reason: "Parcel id does not match the cadastre" },
        { headers: etag(title.version) },
      );
    assert.equal(rejected.status, 200);
    assert.equal(rejected.body.status, "REJECTED");
    const again = await t
      .as(officer)
      .post(`${API}/titles/${title.id}/verify`, undefined, { headers: etag(rejected.body.version) });
    assert.equal(again.status, 409);
    const fixed = await t
      .as(manager)
      .patch(`${API}/titles/${title.id}`, { parcelId: "1104-22-7782" }, { headers: etag(rejected.body.version) });
    assert.equal(fixed.status, 200);
    assert.equal(fixed.body.status, "PENDING");
    const verified = await t
      .as(officer)
      .post(`${API}/titles/${title.id}/verify`, undefined, { headers: etag(fixed.body.version) });
    assert.equal(verified.status, 200);
    assert.equal(verified.body.verifiedById, officer.id);
    const edit = await t
      .as(manager)
      .patch(`${API}/titles/${title.id}`, { parcelId: "x" }, { headers: etag(verified.body.version) });
    assert.equal(edit.status, 422);
  });

  it("refuses verification when the title document is no longer on file", async () => {
    const { title, document } = await propertyWithTitle(t, manager, "deed that will vanish");
    const { rm } = await import("node:fs/promises");
    await rm(`${t.storageDir}/${document.sha256.slice(0, 2)}/${document.sha256}`);
    const res = await t
      .as(officer)
      .post(`${API}/titles/${title.id}/verify`, undefined, { headers: etag(title.version) });
    assert.equal(res.status, 422);
    assert.equal(res.body.rule, "title_document_missing");
  });

  it("registers and releases encumbrances", async () => {
    const { title } = await propertyWithTitle(t, manager);
    const enc = await t.as(manager).post(`${API}/titles/${title.id}/encumbrances`, {
      kind: "MORTGAGE",
      holder: "Banco Exemplo",
      description: "First-ranking mortgage",
      amount: "900000.00",
      currency: "EUR",
      registeredOn: "2020-01-10",
    });
    assert.equal(enc.status, 201, enc.text);
    assert.equal(enc.body.active, true);
    const early = await t
      .as(officer)
      .post(`${API}/titles/${title.id}/encumbrances/${enc.body.id}/release`, { releasedOn: "2019-01-01" });
    assert.equal(early.status, 422);
    const rel = await t
      .as(officer)
      .post(`${API}/titles/${title.id}/encumbrances/${enc.body.id}/release`, { releasedOn: "2025-05-05" });
    assert.equal(rel.status, 200);
    assert.equal(rel.body.active, false);
    const twice = await t
      .as(officer)
      .post(`${API}/titles/${title.id}/encumbrances/${enc.body.id}/release`, { releasedOn: "2025-05-06" });
    assert.equal(twice.status, 422);
    const byInvestor = await t.as(investor).post(`${API}/titles/${title.id}/encumbrances`, {
      kind: "LIEN",
      holder: "x",
      description: "y",
      registeredOn: "2020-01-01",
    });
    assert.equal(byInvestor.status, 403);
  });

  it("records ownership transfers on verified titles, keeping the history", async () => {
    const { title } = await verifiedProperty(t, manager, officer);
    const res = await t.as(officer).post(
      `${API}/titles/${title.id}/transfers`,
      {
        newOwner: "Freehold Property SPV 7",
        acquiredOn: "2026-02-01",
        instrument: "Deed 2026/0033",
        consideration: "2400000.00",
      },
      { headers: etag(title.version) },
    );
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.ownerOfRecord, "Freehold Property SPV 7");
    const owners = await t.anonymous.get(`${API}/titles/${title.id}/ownership`);
    assert.deepEqual(
      owners.body.map((o: { owner: string; disposedOn: string | null }) => [o.owner, o.disposedOn]),
      [
        ["Harbour View SPV Lda", "2026-02-01"],
        ["Freehold Property SPV 7", null],
      ],
    );
    const backdated = await t
      .as(officer)
      .post(
        `${API}/titles/${title.id}/transfers`,
        { newOwner: "X", acquiredOn: "2020-01-01", instrument: "D" },
        { headers: etag(res.body.version) },
      );
    assert.equal(backdated.status, 422);
    const byManager = await t
      .as(manager)
      .post(
        `${API}/titles/${title.id}/transfers`,
        { newOwner: "X", acquiredOn: "2027-01-01", instrument: "D" },
        { headers: etag(res.body.version) },
      );
    assert.equal(byManager.status, 403);
  });

  it("lets anyone check a document by hash or by upload", async () => {
    const { document } = await verifiedProperty(t, manager, officer);
    const byHash = await t.anonymous.get(`${API}/documents/check?sha256=${document.sha256}`);
    assert.equal(byHash.status, 200);
    assert.equal(byHash.body.recorded, true);
    const titleMatch = byHash.body.matches.find((m: { kind: string }) => m.kind === "land_title");
    assert.equal(titleMatch.titleStatus, "VERIFIED");
    assert.equal(titleMatch.anchoredOnChain, false);
    const bytes = await t.db.propertyDocument.findUniqueOrThrow({ where: { id: document.id } });
    const form = new FormData();
    const { readFile } = await import("node:fs/promises");
    const content = await readFile(`${t.storageDir}/${bytes.sha256.slice(0, 2)}/${bytes.sha256}`);
    form.append("file", new Blob([content]), "copy.pdf");
    const byUpload = await t.anonymous.post(`${API}/documents/check`, undefined, { raw: form });
    assert.equal(byUpload.status, 200);
    assert.equal(byUpload.body.sha256, document.sha256);
    assert.equal(byUpload.body.recorded, true);
    const tampered = new FormData();
    tampered.append("file", new Blob([Buffer.concat([content, Buffer.from(" ")])]), "copy.pdf");
    const miss = await t.anonymous.post(`${API}/documents/check`, undefined, { raw: tampered });
    assert.equal(miss.body.recorded, false);
    assert.deepEqual(miss.body.matches, []);
    const bad = await t.anonymous.get(
      `${API}/documents/check?sha256=${createHash("sha256").update("x").digest("hex").toUpperCase()}`,
    );
    assert.equal(bad.status, 400);
  });

  it("does not reveal that a draft property holds a matching document (issue 12.9)", async () => {
    const { document } = await propertyWithTitle(t, manager, "private draft deed");
    const res = await t.anonymous.get(`${API}/documents/check?sha256=${document.sha256}`);
    assert.equal(res.body.recorded, false);
    assert.deepEqual(res.body.matches, []);
  });
});
