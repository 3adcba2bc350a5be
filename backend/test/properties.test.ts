import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";
import {
  API,
  createProperty,
  etag,
  propertyInput,
  propertyWithTitle,
  uploadDocument,
  verifiedProperty,
} from "./support/fixtures.ts";

describe("properties", () => {
  let t: TestContext;
  let manager: TestUser;
  let otherManager: TestUser;
  let officer: TestUser;
  let investor: TestUser;
  before(async () => {
    t = await createTestContext();
    [manager, otherManager, officer, investor] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
      t.user("INVESTOR"),
    ]);
  });
  after(async () => t.close());

  it("registers a draft owned and managed by its creator, with an ETag and an audit entry", async () => {
    const res = await t.as(manager).post(`${API}/properties`, propertyInput());
    assert.equal(res.status, 201);
    assert.equal(res.body.status, "DRAFT");
    assert.equal(res.body.ownerId, manager.id);
    assert.equal(res.body.managerId, manager.id);
    assert.deepEqual(res.body.coordinates, { latitude: 38.7071, longitude: -9.1355 });
    assert.equal(res.headers.get("etag"), '"1"');
    const audit = await t.db.auditEntry.findMany({ where: { entityId: res.body.id } });
    assert.deepEqual(
      audit.map((a) => a.action),
      ["property.created"],
    );
    assert.equal(audit[0]!.actorId, manager.id);
  });

  it("refuses invalid payloads with field errors and writes nothing", async () => {
    const before = await t.db.property.count();
    const res = await t
      .as(manager)
      .post(
        `${API}/properties`,
        propertyInput({ country: "Portugal", latitude: 91, longitude: undefined, currency: "eur" }),
      );
    assert.equal(res.status, 400);
    assert.equal(res.body.code, "validation_failed");
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    assert.ok(paths.includes("body.country"));
    assert.ok(paths.includes("body.currency"));
    assert.equal(await t.db.property.count(), before);
  });

  it("lets only admins register for someone else", async () => {
    const res = await t.as(manager).post(`${API}/properties`, propertyInput({ ownerId: otherManager.id }));
    assert.equal(res.status, 403);
    const ok = await t
      .as(t.admin)
      .post(`${API}/properties`, propertyInput({ ownerId: otherManager.id, managerId: otherManager.id }));
    assert.equal(ok.status, 201);
    assert.equal(ok.body.ownerId, otherManager.id);
  });

  it("replays a creating POST with the same Idempotency-Key and refuses the key for another body", async () => {
    const headers = { "idempotency-key": "create-property-0001" };
    const first = await t.as(manager).post(`${API}/properties`, propertyInput({ name: "Idem" }), { headers });
    const second = await t.as(manager).post(`${API}/properties`, propertyInput({ name: "Idem" }), { headers });
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    assert.equal(second.body.id, first.body.id);
    assert.equal(second.headers.get("idempotency-replayed"), "true");
    assert.equal(second.headers.get("etag"), first.headers.get("etag"));
    assert.equal(await t.db.property.count({ where: { name: "Idem" } }), 1);
    const other = await t.as(manager).post(`${API}/properties`, propertyInput({ name: "Different" }), { headers });
    assert.equal(other.status, 422);
    assert.equal(other.body.code, "idempotency_key_reused");
  });

  it("updates with If-Match only: 428 without, 412 on a stale version, 200 and a new ETag otherwise", async () => {
    const p = await createProperty(t, manager);
    const missing = await t.as(manager).patch(`${API}/properties/${p.id}`, { name: "Renamed" });
    assert.equal(missing.status, 428);
    const ok = await t.as(manager).patch(`${API}/properties/${p.id}`, { name: "Renamed" }, { headers: etag(1) });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.name, "Renamed");
    assert.equal(ok.headers.get("etag"), '"2"');
    const stale = await t.as(manager).patch(`${API}/properties/${p.id}`, { name: "Lost update" }, { headers: etag(1) });
    assert.equal(stale.status, 412);
    assert.equal(stale.body.currentVersion, 2);
    assert.equal((await t.db.property.findUniqueOrThrow({ where: { id: p.id } })).name, "Renamed");
  });

  it("refuses edits by someone who neither owns nor manages the property", async () => {
    const p = await createProperty(t, manager);
    const res = await t.as(otherManager).patch(`${API}/properties/${p.id}`, { name: "Hijack" }, { headers: etag(1) });
    assert.equal(res.status, 404, "a draft of someone else is invisible");
    const byInvestor = await t
      .as(investor)
      .patch(`${API}/properties/${p.id}`, { name: "Hijack" }, { headers: etag(1) });
    assert.equal(byInvestor.status, 403);
  });

  it("runs the workflow and records who moved it and when", async () => {
    const { property, title } = await propertyWithTitle(t, manager);
    const submitted = await t
      .as(manager)
      .post(`${API}/properties/${property.id}/transitions`, { to: "SUBMITTED" }, { headers: etag(1) });
    assert.equal(submitted.status, 200);
    const frozen = await t
      .as(manager)
      .patch(`${API}/properties/${property.id}`, { name: "Late edit" }, { headers: etag(submitted.body.version) });
    assert.equal(frozen.status, 422);
    assert.equal(frozen.body.rule, "property_frozen");
    const selfVerify = await t
      .as(manager)
      .post(
        `${API}/properties/${property.id}/transitions`,
        { to: "VERIFIED" },
        { headers: etag(submitted.body.version) },
      );
    assert.equal(selfVerify.status, 403);
    const noTitle = await t
      .as(officer)
      .post(
        `${API}/properties/${property.id}/transitions`,
        { to: "VERIFIED" },
        { headers: etag(submitted.body.version) },
      );
    assert.equal(noTitle.status, 422);
    assert.equal(noTitle.body.rule, "title_not_verified");
    const tv = await t
      .as(officer)
      .post(`${API}/titles/${title.id}/verify`, undefined, { headers: etag(title.version) });
    assert.equal(tv.status, 200);
    const verified = await t
      .as(officer)
      .post(
        `${API}/properties/${property.id}/transitions`,
        { to: "VERIFIED" },
        { headers: etag(submitted.body.version) },
      );
    assert.equal(verified.status, 200, verified.text);
    assert.equal(verified.body.status, "VERIFIED");
    assert.equal(verified.body.statusChangedById, officer.id);
    const skip = await t
      .as(t.admin)
      .post(`${API}/properties/${property.id}/transitions`, { to: "FUNDED" }, { headers: etag(verified.body.version) });
    assert.equal(skip.status, 409);
    assert.equal(skip.body.code, "invalid_transition");
    // The chain-driven states are set by the chain sync only (chain/sync/property-state.test.ts), never by hand.
    for (const to of ["TOKENIZED", "OFFERING", "CLOSED", "REFUNDING", "FUNDED"]) {
      for (const who of [manager, t.admin]) {
        const res = await t
          .as(who)
          .post(`${API}/properties/${property.id}/transitions`, { to }, { headers: etag(verified.body.version) });
        assert.equal(res.status, 409, `${to} by hand: ${res.text}`);
        assert.equal(res.body.code, "invalid_transition");
      }
    }
    const history = await t.anonymous.get(`${API}/properties/${property.id}/history`);
    assert.equal(history.status, 200);
    assert.deepEqual(
      history.body.map((h: { to: string }) => h.to),
      ["SUBMITTED", "VERIFIED"],
    );
    assert.equal(history.body[1].actorId, officer.id);
  });

  it("requires a reason to reject, and lets the manager rework a rejected property", async () => {
    const p = await createProperty(t, manager);
    const s = await t
      .as(manager)
      .post(`${API}/properties/${p.id}/transitions`, { to: "SUBMITTED" }, { headers: etag(1) });
    const noReason = await t
      .as(officer)
      .post(`${API}/properties/${p.id}/transitions`, { to: "REJECTED" }, { headers: etag(s.body.version) });
    assert.equal(noReason.status, 400);
    const rejected = await t
      .as(officer)
      .post(
        `${API}/properties/${p.id}/transitions`,
        { to: "REJECTED", reason: "Survey missing" },
        { headers: etag(s.body.version) },
      );
    assert.equal(rejected.status, 200);
    assert.equal(rejected.body.rejectionReason, "Survey missing");
    const back = await t
      .as(manager)
      .post(`${API}/properties/${p.id}/transitions`, { to: "DRAFT" }, { headers: etag(rejected.body.version) });
    assert.equal(back.status, 200);
    assert.equal(back.body.rejectionReason, null);
  });

  it("hides drafts from the public and other managers, shows verified properties to everyone", async () => {
    const draft = await createProperty(t, manager);
    assert.equal((await t.anonymous.get(`${API}/properties/${draft.id}`)).status, 404);
    assert.equal((await t.as(otherManager).get(`${API}/properties/${draft.id}`)).status, 404);
    assert.equal((await t.as(officer).get(`${API}/properties/${draft.id}`)).status, 200);
    assert.equal((await t.as(manager).get(`${API}/properties/${draft.id}`)).status, 200);
    const { property } = await verifiedProperty(t, manager, officer);
    const pub = await t.anonymous.get(`${API}/properties/${property.id}`);
    assert.equal(pub.status, 200);
    assert.equal(pub.body.title.status, "VERIFIED");
    assert.equal(pub.body.documents.length, 1);
    const list = await t.anonymous.get(`${API}/properties?limit=100`);
    assert.ok(
      list.body.items.every((p: { status: string }) =>
        ["VERIFIED", "TOKENIZED", "OFFERING", "FUNDED"].includes(p.status),
      ),
    );
  });

  it("records valuations, keeps the latest approved on the property, and refuses another currency", async () => {
    const p = await createProperty(t, manager);
    const v1 = await t.as(manager).post(`${API}/properties/${p.id}/valuations`, {
      amount: "2500000.00",
      currency: "EUR",
      method: "APPRAISAL",
      valuer: "CBRE",
      valuedOn: "2025-06-01",
    });
    assert.equal(v1.status, 201, v1.text);
    const v0 = await t.as(t.admin).post(`${API}/properties/${p.id}/valuations`, {
      amount: "2100000.00",
      currency: "EUR",
      method: "BROKER_OPINION",
      valuer: "JLL",
      valuedOn: "2024-06-01",
    });
    assert.equal(v0.status, 201);
    const value = async () => (await t.as(manager).get(`${API}/properties/${p.id}`)).body.currentValuation;
    assert.equal(await value(), null, "recorded, not approved: no value yet");
    assert.equal((await t.as(officer).post(`${API}/valuations/${v0.body.id}/approve`, {})).status, 200);
    assert.equal(await value(), "2100000");
    assert.equal((await t.as(officer).post(`${API}/valuations/${v1.body.id}/approve`, {})).status, 200);
    assert.equal(await value(), "2500000");
    const usd = await t.as(manager).post(`${API}/properties/${p.id}/valuations`, {
      amount: "1.00",
      currency: "USD",
      method: "APPRAISAL",
      valuer: "X",
      valuedOn: "2025-01-01",
    });
    assert.equal(usd.status, 422);
    assert.equal(usd.body.rule, "currency_mismatch");
    const history = await t.as(manager).get(`${API}/properties/${p.id}/valuations`);
    assert.deepEqual(
      history.body.map((v: { valuedOn: string }) => v.valuedOn),
      ["2025-06-01", "2024-06-01"],
    );
  });

  it("stores documents with their SHA-256 and serves the same bytes back", async () => {
    const p = await createProperty(t, manager);
    const up = await uploadDocument(t, manager, p.id, "IMAGE", "fake image bytes", "front.jpg");
    assert.equal(up.status, 201, up.text);
    assert.equal(up.body.sha256, createHash("sha256").update("fake image bytes").digest("hex"));
    const res = await fetch(`${t.baseUrl}${API}/properties/${p.id}/documents/${up.body.id}/content`, {
      headers: { cookie: manager.cookie },
    });
    assert.equal(res.status, 200);
    assert.equal(Buffer.from(await res.arrayBuffer()).toString(), "fake image bytes");
    const noFile = await t.as(manager).post(`${API}/properties/${p.id}/documents`, undefined, {
      raw: (() => {
        const f = new FormData();
        f.append("kind", "IMAGE");
        return f;
      })(),
    });
    assert.equal(noFile.status, 400);
    const json = await t.as(manager).post(`${API}/properties/${p.id}/documents`, { kind: "IMAGE" });
    assert.equal(json.status, 415);
  });

  it("adds units with unique labels", async () => {
    const p = await createProperty(t, manager);
    assert.equal((await t.as(manager).post(`${API}/properties/${p.id}/units`, { label: "1A" })).status, 201);
    const dup = await t.as(manager).post(`${API}/properties/${p.id}/units`, { label: "1A" });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, "duplicate");
  });

  it("searches with filters, sorting and cursor pagination without gaps or repeats", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const p = await createProperty(t, t.admin, {
        name: `Search ${i}`,
        city: i % 2 ? "Porto" : "Faro",
        type: i % 3 ? "RESIDENTIAL" : "COMMERCIAL",
        country: "ES",
      });
      ids.push(p.id);
      const v = await t.as(t.admin).post(`${API}/properties/${p.id}/valuations`, {
        amount: `${(i + 1) * 100000}.00`,
        currency: "EUR",
        method: "AUTOMATED",
        valuer: "AVM",
        valuedOn: "2025-01-01",
      });
      assert.equal((await t.as(officer).post(`${API}/valuations/${v.body.id}/approve`, {})).status, 200);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string; currentValuation: string }[]; nextCursor: string | null } } = await t
        .as(t.admin)
        .get(
          `${API}/properties?scope=all&country=ES&sort=valuation&order=desc&limit=3${cursor ? `&cursor=${cursor}` : ""}`,
        );
      seen.push(...page.body.items.map((p) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, [...ids].reverse());
    const porto = await t.as(t.admin).get(`${API}/properties?scope=all&country=ES&city=porto&type=RESIDENTIAL`);
    assert.ok(porto.body.items.length > 0);
    assert.ok(
      porto.body.items.every(
        (p: { address: { city: string }; type: string }) => p.address.city === "Porto" && p.type === "RESIDENTIAL",
      ),
    );
    const range = await t
      .as(t.admin)
      .get(`${API}/properties?scope=all&country=ES&minValuation=200000&maxValuation=400000&sort=name&order=asc`);
    assert.deepEqual(
      range.body.items.map((p: { name: string }) => p.name),
      ["Search 1", "Search 2", "Search 3"],
    );
    const bad = await t.anonymous.get(`${API}/properties?cursor=garbage`);
    assert.equal(bad.status, 400);
    const badSort = await t.anonymous.get(`${API}/properties?sort=password`);
    assert.equal(badSort.status, 400);
  });

  it("refuses an outsider on an upload route before looking at what was sent (401/403, not 415)", async () => {
    const p = await createProperty(t, manager);
    for (const [body, headers] of [
      [{ kind: "IMAGE" }, {}],
      ["just text", { "content-type": "text/plain" }],
    ] as const) {
      const anonymous = await t.anonymous.post(`${API}/properties/${p.id}/documents`, body, { headers });
      assert.equal(anonymous.status, 401, anonymous.text);
      const stranger = await t.as(investor).post(`${API}/properties/${p.id}/documents`, body, { headers });
      assert.equal(stranger.status, 403, stranger.text);
    }
    const wrongFormat = await t.as(manager).post(`${API}/properties/${p.id}/documents`, { kind: "IMAGE" });
    assert.equal(wrongFormat.status, 415, "a manager is told the format");
    assert.equal(await t.db.propertyDocument.count({ where: { propertyId: p.id } }), 0);
  });
});
