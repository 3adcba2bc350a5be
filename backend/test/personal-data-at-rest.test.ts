/**
 * Personal data at rest, across the whole database (not per feature):
 * - Regression: a user's display name (PATCH /users/me) was stored in plaintext in `users.displayName`.
 * - Regression: the key rotation re-encrypted KYC identities and documents but not the encrypted email addresses of
 *   the notifications, so retiring the old key would have made every address unreadable.
 * - Regression (security review 2026-12-06, finding 2): a lease's tenant name and email were stored in plaintext in
 *   `leases.tenantName` and `leases.tenantEmail`.
 * - Regression: the scan read only JSON request bodies, so what a multipart upload carries (the application's JSON
 *   in a form field of POST /kyc/applications/with-document, a KYC document's file name) was never driven, and could
 *   have reached a table or the log unseen.
 * - The class: after a full rotation no column of any table holds an envelope under the old key, whatever feature
 *   wrote it (a new encrypted field left out of the rotation fails here); and neither a table nor the app's log (read
 *   at level trace) holds in clear what any personal field of any request body carried. The personal fields are read
 *   from the OpenAPI document: every string field of a JSON request body whose path names a person's name, email,
 *   phone, address, birth or identity; and every free-text field of a multipart body whatever its name (a form field
 *   may carry a whole document as text) and every file's name (`file[filename]`). Each is either sent with a marker
 *   by a driver below, or named with the reason it is not a natural person's data. A new field of that kind fails
 *   until it is one or the other.
 */
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Writable } from "node:stream";
import fc from "fast-check";
import pg from "pg";
import { KeyRing, keyRingFromConfig } from "../src/crypto/key-ring.ts";
import { allRoutes } from "../src/http/routes.ts";
import { API_PREFIX, buildOpenApiDocument } from "../src/openapi/document.ts";
import { migrate, MIGRATIONS_DIR } from "../src/db/migrate.ts";
import { DISPLAY_NAME_MIGRATION, legacyDisplayNameSteps, openDisplayName } from "../src/users/display-name.ts";
import { rotateKycKeys } from "../src/kyc/key-rotation.ts";
import { legacyTenantContactSteps, openTenantContact, TENANT_CONTACT_MIGRATION } from "../src/leases/tenant-contact.ts";
import {
  idempotencyKey,
  loadList,
  PDF,
  sampleFiles,
  submission,
  uploadDocument,
  uploadForm,
} from "../src/kyc/kyc.fixtures.ts";
import { databaseBefore, rowsHolding, withClient } from "./support/database-at.ts";
import { createTestContext, testConfig, type TestContext } from "./support/harness.ts";
import { API, createProperty, etag, leaseInput, unit } from "./support/fixtures.ts";

/** A body field's path (`identity.residence.city`, `names[]`) that may carry a natural person's data. */
const PERSONAL_LOOKING =
  /(^|\.)identity\.|name|e-?mail|phone|mobile|address|street|city|postal|zip|birth|holder|contact/i;

type Schema = { [key: string]: unknown };

/**
 * `METHOD /path field` of every string field of every JSON request body of the API whose path is PERSONAL_LOOKING
 * (enumerations and ids excluded: they cannot carry free text), and of every multipart request body: each free-text
 * form field whatever its name, and each file part as `<field>[filename]` (the name the client gave the file).
 */
function personalLookingBodyFields(document: Schema): string[] {
  const components = ((document["components"] as Schema | undefined)?.["schemas"] ?? {}) as Record<string, Schema>;
  const found = new Set<string>();
  const walk = (schema: Schema | undefined, at: string, out: string[], seen: Set<string>): void => {
    if (!schema) return;
    const ref = schema["$ref"];
    if (typeof ref === "string") {
      const name = ref.split("/").pop()!;
      if (!seen.has(name)) walk(components[name], at, out, new Set([...seen, name]));
      return;
    }
    for (const key of ["allOf", "anyOf", "oneOf"])
      for (const part of (schema[key] as Schema[] | undefined) ?? []) walk(part, at, out, seen);
    if (schema["items"]) walk(schema["items"] as Schema, `${at}[]`, out, seen);
    for (const [name, property] of Object.entries((schema["properties"] as Record<string, Schema> | undefined) ?? {}))
      walk(property, at === "" ? name : `${at}.${name}`, out, seen);
    const type = schema["type"];
    const isString = type === "string" || (Array.isArray(type) && type.includes("string"));
    const freeText = !schema["enum"] && !["uuid", "binary", "byte"].includes(schema["format"] as string);
    if (isString && freeText && at !== "") out.push(at);
  };
  for (const [route, operations] of Object.entries(document["paths"] as Record<string, Record<string, Schema>>)) {
    for (const [method, operation] of Object.entries(operations)) {
      const content = (operation["requestBody"] as Schema | undefined)?.["content"] as
        Record<string, Schema> | undefined;
      const fields: string[] = [];
      walk(content?.["application/json"]?.["schema"] as Schema | undefined, "", fields, new Set());
      const name = `${method.toUpperCase()} ${route.slice(API_PREFIX.length)}`;
      for (const field of fields) if (PERSONAL_LOOKING.test(field)) found.add(`${name} ${field}`);
      const form = content?.["multipart/form-data"]?.["schema"] as Schema | undefined;
      for (const [field, part] of Object.entries((form?.["properties"] as Record<string, Schema> | undefined) ?? {})) {
        if (part["format"] === "binary") {
          found.add(`${name} ${field}[filename]`);
          continue;
        }
        const texts: string[] = [];
        walk(part, field, texts, new Set());
        for (const text of texts) found.add(`${name} ${text}`);
      }
    }
  }
  return [...found].sort();
}

/** Fields that look personal by name but hold no natural person's data, and why. */
const NOT_PERSONAL: Record<string, string> = {
  "POST /properties name": "a property's name, shown on its public page",
  "POST /properties addressLine1": "a property's address, not a person's (public on its page)",
  "POST /properties addressLine2": "a property's address, not a person's (public on its page)",
  "POST /properties city": "a property's address, not a person's (public on its page)",
  "POST /properties postalCode": "a property's address, not a person's (public on its page)",
  "PATCH /properties/{id} name": "a property's name, shown on its public page",
  "PATCH /properties/{id} addressLine1": "a property's address, not a person's (public on its page)",
  "PATCH /properties/{id} addressLine2": "a property's address, not a person's (public on its page)",
  "PATCH /properties/{id} city": "a property's address, not a person's (public on its page)",
  "PATCH /properties/{id} postalCode": "a property's address, not a person's (public on its page)",
  "POST /aml/lists alt": "OFAC's published ALT.CSV (aliases of listed parties, a public list), uploaded by an officer",
  "POST /aml/lists add":
    "OFAC's published ADD.CSV (addresses of listed parties, a public list), uploaded by an officer",
  "POST /aml/lists file[filename]": "the name of OFAC's list file (SDN.CSV, SDN.XML), uploaded by an officer",
  "POST /properties/{id}/documents file[filename]":
    "a property's image or document, listed by name on its public page (GET /properties/{id}/documents)",
  "POST /titles/{id}/encumbrances holder":
    "the holder of a charge on the title as the land registry publishes it (a lender); see the review's note",
};

/**
 * Every column that keeps a copy of a document (a JSON value, or a text column named for a body, a payload or JSON):
 * what it holds, and why that is no natural person's data in clear. A reply or request body copied to a new column
 * (as `idempotency_records.responseBody` once was) fails until it is encrypted or named here. The replies kept for
 * retries are `idempotency_records.responseCiphertext`, envelopes of the field cipher (checked below).
 */
const DOCUMENT_COLUMNS: Record<string, string> = {
  "aml_screenings.matches":
    "the listed parties a screening matched (names from the public OFAC list, scores, programs), never the screened name",
  "aml_screenings.riskFactors": "the risk score's factors: codes and points (src/aml/risk)",
  "audit_entries.after":
    "ids, statuses, amounts and hashes; personal fields are left out (the drivers above scan the audit of every personal field)",
  "audit_entries.before": "as audit_entries.after",
  "chain_events.args": "a chain event's arguments: addresses, amounts and ids, public on chain",
  "email_outbox.payload": "an address verification's nonce and expiry (the address is in email_contacts, encrypted)",
  "kyc_status_changes.details": "an approval's country code, accreditation and expiry, no identity field",
  "notifications.data": "ids, property names, periods and amounts (src/notifications/events.ts: no person's data)",
  "property_cards.body": "a property's public marketplace card",
  "property_cards.chains": "a property's public marketplace card: its chains",
};
/** A text column named for a copied document: `...Body`, `...Payload`, `...Json`. */
const DOCUMENT_NAME = /(body|payload|json)$/i;

describe("personal data at rest", () => {
  let t: TestContext;
  let client: pg.Client;
  /** What the app logged, at level trace. */
  const logged: string[] = [];
  before(async () => {
    const log = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(chunk.toString("utf8"));
        done();
      },
    });
    t = await createTestContext({}, { log });
    client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
  });
  after(async () => {
    await client.end();
    await t.close();
  });

  it("regression: no table holds a display name in plaintext, and the profile reads it back as written", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40 }), async (name) => {
        // a marker makes a match in the scan this name's, whatever the generated text
        const displayName = `${name.trim() || "n"} ${randomUUID().slice(0, 8)}`;
        const user = await t.user("INVESTOR");
        const renamed = await t.as(user).patch(`${API}/users/me`, { displayName }, { headers: etag(1) });
        assert.equal(renamed.status, 200, renamed.text);
        assert.equal(renamed.body.displayName, displayName);
        assert.equal((await t.as(user).get(`${API}/users/${user.id}`)).body.displayName, displayName);
        assert.deepEqual(await rowsHolding(client, displayName), {}, `tables holding ${JSON.stringify(displayName)}`);
      }),
      { numRuns: 15 },
    );
  });

  it("regression (review 2026-12-06, finding 2): no table holds a lease's tenant name or email in clear", async () => {
    const manager = await t.user("PROPERTY_MANAGER");
    const propertyId = (await createProperty(t, manager)).id;
    const tag = randomUUID().slice(0, 8);
    const tenantName = `Tenant ${tag}`;
    const tenantEmail = `tenant.${tag}@example.com`;
    const drafted = await t
      .as(manager)
      .post(
        `${API}/leases`,
        leaseInput(propertyId, (await unit(t, manager, propertyId)).id, { tenantName, tenantEmail }),
      );
    assert.equal(drafted.status, 201, drafted.text);
    assert.equal(drafted.body.tenantName, tenantName);
    assert.equal(drafted.body.tenantEmail, tenantEmail);
    const read = await t.as(manager).get(`${API}/leases/${drafted.body.id}`);
    assert.deepEqual([read.body.tenantName, read.body.tenantEmail], [tenantName, tenantEmail]);
    assert.deepEqual(await rowsHolding(client, tag), {}, "tables holding the tenant's name or email");
  });

  it("regression (idempotency replies): a lease drafted with an Idempotency-Key leaves no tenant detail in clear, and its retry replays the reply", async () => {
    const manager = await t.user("PROPERTY_MANAGER");
    const propertyId = (await createProperty(t, manager)).id;
    const tag = randomUUID().slice(0, 8);
    const body = leaseInput(propertyId, (await unit(t, manager, propertyId)).id, {
      tenantName: `Keyed Tenant ${tag}`,
      tenantEmail: `keyed.${tag}@example.com`,
    });
    const headers = { "idempotency-key": idempotencyKey() };
    const drafted = await t.as(manager).post(`${API}/leases`, body, { headers });
    assert.equal(drafted.status, 201, drafted.text);
    assert.deepEqual(await rowsHolding(client, tag), {}, "tables holding the tenant's name or email");
    const retried = await t.as(manager).post(`${API}/leases`, body, { headers });
    assert.equal(retried.status, 201, retried.text);
    assert.equal(retried.headers.get("idempotency-replayed"), "true");
    assert.deepEqual(retried.body, drafted.body);
  });

  /**
   * Sends one valid request whose personal fields carry the given values, as a user allowed to, and checks it was
   * accepted. `fields` gives each personal field a value its validation accepts, made unique by `tag`.
   */
  interface BodyDriver {
    fields: Record<string, (tag: string) => string>;
    send(values: Record<string, string>): Promise<void>;
  }
  const named = (tag: string) => `Marker ${tag}`;
  /**
   * Every driver sends an Idempotency-Key, as the web app does on every write: a creating route then stores its
   * reply for retries (src/http/idempotency.ts), which must hold no personal data in clear either.
   */
  const keyed = () => ({ headers: { "idempotency-key": idempotencyKey() } });
  const accepted = (res: { status: number; text: string }) => assert.ok(res.status < 300, res.text);
  // a date only this run writes: a birth date between 1910 and 1969 (the tag's first hex digits), one of 28 days
  const dateFrom = (tag: string, base: number): string => {
    const n = parseInt(tag.slice(0, 6), 16);
    return `${base + (n % 60)}-${String(1 + (n % 12)).padStart(2, "0")}-${String(1 + (n % 28)).padStart(2, "0")}`;
  };
  const identityFields: BodyDriver["fields"] = {
    "identity.givenNames": named,
    "identity.familyName": named,
    "identity.otherNames[]": named,
    "identity.dateOfBirth": (tag) => dateFrom(tag, 1910),
    "identity.residence.line1": (tag) => `${tag} Marker Street`,
    "identity.residence.line2": (tag) => `Flat ${tag}`,
    "identity.residence.city": (tag) => `City ${tag}`,
    "identity.residence.region": (tag) => `Region ${tag}`,
    "identity.residence.postalCode": (tag) => tag.toUpperCase(),
    "identity.document.number": (tag) => `M${tag}`.toUpperCase(),
    "identity.document.expiresOn": (tag) => dateFrom(tag, 2060),
    "identity.taxId": (tag) => `TX${tag}`,
  };
  const identityOf = (v: Record<string, string>) => ({
    givenNames: v["identity.givenNames"],
    familyName: v["identity.familyName"],
    otherNames: [v["identity.otherNames[]"]],
    dateOfBirth: v["identity.dateOfBirth"],
    nationality: 250,
    residence: {
      line1: v["identity.residence.line1"],
      line2: v["identity.residence.line2"],
      city: v["identity.residence.city"],
      region: v["identity.residence.region"],
      postalCode: v["identity.residence.postalCode"],
      country: 250,
    },
    document: {
      type: "PASSPORT",
      number: v["identity.document.number"],
      issuingCountry: 250,
      expiresOn: v["identity.document.expiresOn"],
    },
    taxId: v["identity.taxId"],
  });
  /** A document's file name, as an investor's scan may be named (the tag reversed: a match names the file, not a field). */
  const fileNamed = (tag: string) => `passport scan ${[...tag].reverse().join("")}.pdf`;
  const APPLICATION_FIELD = "application>";
  const investorWithApplication = async () => {
    const investor = await t.user("INVESTOR");
    const applied = await t
      .as(investor)
      .post(`${API}/kyc/applications`, submission(), { headers: { "idempotency-key": idempotencyKey() } });
    accepted(applied);
    return { investor, id: applied.body.id as string };
  };
  const drivers: Record<string, BodyDriver> = {
    "POST /leases": {
      fields: { tenantName: named, tenantEmail: (tag) => `m.${tag}@example.com` },
      async send(v) {
        const manager = await t.user("PROPERTY_MANAGER");
        const propertyId = (await createProperty(t, manager)).id;
        const unitId = (await unit(t, manager, propertyId)).id;
        const body = leaseInput(propertyId, unitId, { tenantName: v["tenantName"], tenantEmail: v["tenantEmail"] });
        accepted(await t.as(manager).post(`${API}/leases`, body, keyed()));
      },
    },
    "PATCH /users/me": {
      fields: { displayName: named },
      async send(v) {
        const user = await t.user("INVESTOR");
        accepted(
          await t
            .as(user)
            .patch(
              `${API}/users/me`,
              { displayName: v["displayName"] },
              { headers: { ...etag(1), ...keyed().headers } },
            ),
        );
      },
    },
    "POST /me/email": {
      fields: { address: (tag) => `m.${tag}@example.com` },
      async send(v) {
        accepted(await t.as(await t.user("INVESTOR")).post(`${API}/me/email`, { address: v["address"] }, keyed()));
      },
    },
    "POST /kyc/applications": {
      fields: identityFields,
      async send(v) {
        const investor = await t.user("INVESTOR");
        const body = { ...submission(), identity: identityOf(v) };
        accepted(
          await t
            .as(investor)
            .post(`${API}/kyc/applications`, body, { headers: { "idempotency-key": idempotencyKey() } }),
        );
      },
    },
    "POST /kyc/applications/{id}/resubmit": {
      fields: identityFields,
      async send(v) {
        const investor = await t.user("INVESTOR");
        const officer = t.as(await t.user("COMPLIANCE_OFFICER"));
        const applied = await t
          .as(investor)
          .post(`${API}/kyc/applications`, submission(), { headers: { "idempotency-key": idempotencyKey() } });
        accepted(applied);
        const id: string = applied.body.id;
        const version = async () => (await officer.get(`${API}/kyc/applications/${id}`)).body.version as number;
        accepted(
          await officer.post(`${API}/kyc/applications/${id}/review`, undefined, { headers: etag(await version()) }),
        );
        accepted(
          await officer.post(
            `${API}/kyc/applications/${id}/request-info`,
            { message: "Please check your details" },
            { headers: etag(await version()) },
          ),
        );
        accepted(
          await t
            .as(investor)
            .post(
              `${API}/kyc/applications/${id}/resubmit`,
              { identity: identityOf(v) },
              { headers: { ...etag(await version()), ...keyed().headers } },
            ),
        );
      },
    },
    "POST /kyc/applications/with-document": {
      // `application` is the JSON of POST /kyc/applications: its identity fields are sent inside it
      fields: {
        ...Object.fromEntries(Object.entries(identityFields).map(([f, value]) => [APPLICATION_FIELD + f, value])),
        "file[filename]": fileNamed,
      },
      async send(v) {
        const identity = Object.fromEntries(
          Object.entries(v)
            .filter(([f]) => f.startsWith(APPLICATION_FIELD))
            .map(([f, value]) => [f.slice(APPLICATION_FIELD.length), value]),
        );
        const application = JSON.stringify({ ...submission(), identity: identityOf(identity) });
        const investor = await t.user("INVESTOR");
        const post = async (text: string, bytes: Buffer) => {
          const form = new FormData();
          form.set("application", text);
          form.set("kind", "PASSPORT");
          form.set("file", new Blob([new Uint8Array(bytes)], { type: "application/pdf" }), v["file[filename]"]);
          return t.as(investor).post(`${API}/kyc/applications/with-document`, undefined, { raw: form, ...keyed() });
        };
        // the refusals too: a truncated file (415) and an application that is not JSON (400) log nothing of either
        assert.equal((await post(application, PDF.subarray(0, 40))).status, 415);
        assert.equal((await post(application.slice(0, -1), PDF)).status, 400);
        accepted(await post(application, PDF));
      },
    },
    "POST /kyc/applications/{id}/documents": {
      fields: { "file[filename]": fileNamed },
      async send(v) {
        const { investor, id } = await investorWithApplication();
        const form = uploadForm("PASSPORT", PDF, "application/pdf", v["file[filename]"]);
        accepted(
          await t.as(investor).post(`${API}/kyc/applications/${id}/documents`, undefined, { raw: form, ...keyed() }),
        );
      },
    },
    "POST /documents/check": {
      fields: { "file[filename]": fileNamed },
      async send(v) {
        const form = new FormData();
        form.set("file", new Blob([new Uint8Array(PDF)], { type: "application/pdf" }), v["file[filename]"]);
        accepted(await t.anonymous.post(`${API}/documents/check`, undefined, { raw: form }));
      },
    },
    "POST /aml/check": {
      fields: { "names[]": named },
      async send(v) {
        const officer = await t.user("COMPLIANCE_OFFICER");
        // the check needs a list: a few entities of the sample suffice
        const sdn = (await sampleFiles()).sdn.split("\n").slice(0, 5).join("\n") + "\n";
        accepted(await loadList(t.as(officer), { sdn }));
        accepted(await t.as(officer).post(`${API}/aml/check`, { names: [v["names[]"]], wallets: [] }, keyed()));
      },
    },
  };

  it("regression (multipart uploads): the scan reads the form fields and file names of multipart request bodies", () => {
    // The scan read only JSON bodies: what an investor sends with a KYC document upload (the application's JSON in a
    // form field, the document's own file name) was driven by no test, so it could reach a table or the log unseen.
    const fields = personalLookingBodyFields(buildOpenApiDocument(allRoutes) as Schema);
    for (const field of [
      "POST /kyc/applications/with-document application",
      "POST /kyc/applications/with-document file[filename]",
      "POST /kyc/applications/{id}/documents file[filename]",
    ])
      assert.ok(fields.includes(field), `the scan lists ${field}`);
  });

  it("class: every personal-looking field of every request body has a driver below or a reason it is not personal", () => {
    // a field sent inside a form field's JSON (`application>identity.familyName`) drives that form field
    const driven = Object.entries(drivers).flatMap(([operation, d]) =>
      Object.keys(d.fields).map((f) => `${operation} ${f.split(">")[0]}`),
    );
    const classified = [...new Set([...driven, ...Object.keys(NOT_PERSONAL)])].sort();
    assert.deepEqual(
      personalLookingBodyFields(buildOpenApiDocument(allRoutes) as Schema),
      classified,
      "a request body field that may carry a person's data: add it to a driver (and keep it encrypted) or to NOT_PERSONAL with the reason",
    );
  });

  it("class: neither a table nor the log holds in clear what a personal field of any request body carried", async () => {
    const leaks: string[] = [];
    const sent: [string, string][] = [];
    for (const [operation, driver] of Object.entries(drivers)) {
      const tag = randomUUID().replaceAll("-", "").slice(0, 12);
      const values = Object.fromEntries(Object.entries(driver.fields).map(([f, value]) => [f, value(tag)]));
      await driver.send(values);
      for (const [field, value] of Object.entries(values)) {
        sent.push([`${operation} ${field}`, value]);
        const holding = await rowsHolding(client, value);
        if (Object.keys(holding).length > 0) leaks.push(`${operation} ${field} -> ${JSON.stringify(holding)}`);
      }
    }
    assert.ok(logged.length > 0, "the app's log is read");
    const log = logged.join("").toLowerCase();
    for (const [field, value] of sent)
      if (log.includes(value.toLowerCase()) || log.includes(JSON.stringify(value).slice(1, -1).toLowerCase()))
        leaks.push(`${field} -> the log`);
    assert.deepEqual(leaks, []);
  });

  it("class: every column that keeps a copy of a document (a reply, a payload, a JSON value) is named with what it holds", async () => {
    const { rows } = await client.query<{ column: string }>(
      `SELECT table_name || '.' || column_name AS column FROM information_schema.columns
       WHERE table_schema = 'public' AND (data_type IN ('json', 'jsonb') OR column_name ~* $1)`,
      [DOCUMENT_NAME.source],
    );
    assert.deepEqual(
      rows.map((r) => r.column).sort(),
      Object.keys(DOCUMENT_COLUMNS).sort(),
      "a column that copies a document: keep personal data out of it or encrypt it, and name it in DOCUMENT_COLUMNS",
    );
    // the replies are envelopes, whatever route wrote them (the drivers above wrote some)
    const replies = await t.db.idempotencyRecord.findMany({ select: { responseCiphertext: true } });
    assert.ok(replies.length > 0);
    for (const { responseCiphertext } of replies) assert.match(responseCiphertext, /^fh1\.[A-Za-z0-9_-]+\./);
  });

  it("after a key rotation no column of any table holds an envelope under the old key", async () => {
    const investor = await t.user("INVESTOR");
    const renamed = await t
      .as(investor)
      .patch(`${API}/users/me`, { displayName: "Rotated Name" }, { headers: etag(1) });
    assert.equal(renamed.status, 200, renamed.text);
    const address = `rotate.${randomUUID().slice(0, 8)}@example.com`;
    assert.equal((await t.as(investor).post(`${API}/me/email`, { address })).status, 200);
    const applied = await t.as(investor).post(`${API}/kyc/applications`, submission({ familyName: "Rotated" }), {
      headers: { "idempotency-key": idempotencyKey() },
    });
    assert.equal(applied.status, 201, applied.text);
    assert.equal((await uploadDocument(t.as(investor), applied.body.id, "PASSPORT", PDF)).status, 201);
    const manager = await t.user("PROPERTY_MANAGER");
    const propertyId = (await createProperty(t, manager)).id;
    const contact = { tenantName: "Rotated Tenant", tenantEmail: "rotated.tenant@example.com" };
    const leased = await t
      .as(manager)
      .post(`${API}/leases`, leaseInput(propertyId, (await unit(t, manager, propertyId)).id, contact), {
        headers: { "idempotency-key": idempotencyKey() },
      });
    assert.equal(leased.status, 201, leased.text);

    const old = t.config.kycKeys[0]!;
    // text envelopes are `fh1.<keyId>.…`; binary ones start FHE1, the key id's length, the key id (hex in row text)
    const textEnvelope = `fh1.${old.id}.`;
    const binaryEnvelope = Buffer.concat([Buffer.from("FHE1"), Buffer.from([old.id.length]), Buffer.from(old.id)]);
    const underOldKey = async () => ({
      ...(await rowsHolding(client, textEnvelope, false)),
      ...(await rowsHolding(client, binaryEnvelope.toString("hex"), false)),
    });
    assert.notDeepEqual(await underOldKey(), {}, "the data was written under the old key");

    const newRing = new KeyRing(
      "k2",
      new Map([
        ["k2", randomBytes(32)],
        [old.id, old.key],
      ]),
    );
    const rotated = await rotateKycKeys(t.db, newRing, t.admin, { batchSize: 7 });
    assert.deepEqual(await underOldKey(), {});
    assert.ok(rotated.tenantContacts.rotated >= 1 && rotated.tenantContacts.done, JSON.stringify(rotated));

    // and everything reads back with the new key alone (the old one can be retired)
    const onlyNew = new KeyRing("k2", new Map([["k2", newRing.key("k2")]]));
    assert.ok(keyRingFromConfig(t.config.kycKeys).has(old.id));
    const reports = await rotateKycKeys(t.db, onlyNew, t.admin, { batchSize: 7 });
    assert.equal(reports.currentKeyId, "k2", "no stored data still needs the old key");
    const row = await t.db.lease.findUniqueOrThrow({ where: { id: leased.body.id } });
    assert.equal(row.tenantKeyId, "k2");
    assert.deepEqual(openTenantContact(onlyNew, row), contact);
  });

  it("the migration encrypts the plaintext names of earlier versions, and refuses to drop one without its step", async () => {
    // The database as the previous version left it: every migration before the one that drops the column.
    const { url: dbUrl, drop } = await databaseBefore(DISPLAY_NAME_MIGRATION);
    const ring = keyRingFromConfig(testConfig().kycKeys);
    const ids = await withClient(dbUrl, async (c) => {
      const insert = async (address: string, displayName: string | null) =>
        (
          await c.query<{ id: string }>(
            `INSERT INTO users (id, address, "displayName", "updatedAt") VALUES (gen_random_uuid(), $1, $2, now()) RETURNING id`,
            [address, displayName],
          )
        ).rows[0]!.id;
      return {
        named: await insert("0x" + "4".repeat(40), "Zoë Legacy"),
        unnamed: await insert("0x" + "5".repeat(40), null),
      };
    });

    // Without the step the migration refuses, and leaves everything as it was.
    await assert.rejects(migrate(dbUrl), /display name step/);
    assert.deepEqual(await withClient(dbUrl, (c) => rowsHolding(c, "Zoë Legacy")), { users: 1 });

    await migrate(dbUrl, MIGRATIONS_DIR, legacyDisplayNameSteps(ring));
    await withClient(dbUrl, async (c) => {
      const column = await c.query(
        `SELECT 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'displayName'`,
      );
      assert.equal(column.rowCount, 0, "the plaintext column is gone");
      assert.deepEqual(await rowsHolding(c, "Zoë Legacy"), {});
      const rows = new Map(
        (
          await c.query<{ id: string; displayNameCiphertext: string | null; displayNameKeyId: string | null }>(
            `SELECT * FROM users`,
          )
        ).rows.map((r) => [r.id, r]),
      );
      assert.equal(openDisplayName(ring, rows.get(ids.named)!), "Zoë Legacy");
      assert.equal(rows.get(ids.named)!.displayNameKeyId, ring.currentKeyId);
      assert.equal(rows.get(ids.unnamed)!.displayNameCiphertext, null);
    });
    await drop();
  });
  it("the migration encrypts the tenants' details of earlier versions, and refuses to drop them without its step", async () => {
    // The database as the previous version left it: every migration before the one that drops the columns.
    const { url: dbUrl, drop } = await databaseBefore(TENANT_CONTACT_MIGRATION);
    const ring = keyRingFromConfig(testConfig().kycKeys);
    const ids = await withClient(dbUrl, async (c) => {
      const one = async (sql: string, values: unknown[]) => (await c.query<{ id: string }>(sql, values)).rows[0]!.id;
      const owner = await one(
        `INSERT INTO users (id, address, "updatedAt") VALUES (gen_random_uuid(), $1, now()) RETURNING id`,
        ["0x" + "6".repeat(40)],
      );
      const property = await one(
        `INSERT INTO properties (id, "ownerId", name, type, "addressLine1", city, country, currency, "updatedAt")
         VALUES (gen_random_uuid(), $1, 'Legacy House', 'RESIDENTIAL', '1 Legacy Road', 'Porto', 'PT', 'EUR', now()) RETURNING id`,
        [owner],
      );
      const lease = async (label: string, name: string, email: string | null) => {
        const unitId = await one(
          `INSERT INTO property_units (id, "propertyId", label) VALUES (gen_random_uuid(), $1, $2) RETURNING id`,
          [property, label],
        );
        return one(
          `INSERT INTO leases (id, "propertyId", "unitId", "tenantName", "tenantEmail", "startDate", "endDate", "rentAmount",
             currency, "depositAmount", "createdById", "updatedAt")
           VALUES (gen_random_uuid(), $1, $2, $3, $4, '2026-01-01', '2027-01-01', 900, 'EUR', 0, $5, now()) RETURNING id`,
          [property, unitId, name, email, owner],
        );
      };
      return {
        withEmail: await lease("L-1", "Zoë Legacy Tenant", "zoe.legacy@example.pt"),
        withoutEmail: await lease("L-2", "João Legacy Tenant", null),
      };
    });

    // Without the step the migration refuses, and leaves everything as it was.
    await assert.rejects(migrate(dbUrl), /tenant contact step/);
    assert.deepEqual(await withClient(dbUrl, (c) => rowsHolding(c, "Legacy Tenant")), { leases: 2 });

    await migrate(dbUrl, MIGRATIONS_DIR, legacyTenantContactSteps(ring));
    await withClient(dbUrl, async (c) => {
      const columns = await c.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'leases' AND column_name IN ('tenantName', 'tenantEmail')`,
      );
      assert.equal(columns.rowCount, 0, "the plaintext columns are gone");
      assert.deepEqual(await rowsHolding(c, "Legacy Tenant"), {});
      assert.deepEqual(await rowsHolding(c, "zoe.legacy"), {});
      const rows = new Map(
        (
          await c.query<{
            id: string;
            tenantNameCiphertext: string;
            tenantEmailCiphertext: string | null;
            tenantKeyId: string;
          }>(`SELECT id, "tenantNameCiphertext", "tenantEmailCiphertext", "tenantKeyId" FROM leases`)
        ).rows.map((r) => [r.id, r]),
      );
      assert.deepEqual(openTenantContact(ring, rows.get(ids.withEmail)!), {
        tenantName: "Zoë Legacy Tenant",
        tenantEmail: "zoe.legacy@example.pt",
      });
      assert.deepEqual(openTenantContact(ring, rows.get(ids.withoutEmail)!), {
        tenantName: "João Legacy Tenant",
        tenantEmail: null,
      });
      assert.equal(rows.get(ids.withEmail)!.tenantKeyId, ring.currentKeyId);
    });
    await drop();
  });
});
