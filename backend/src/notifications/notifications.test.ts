/**
 * Issue 16.4: notify() in the business transaction, preferences, the verified email address, the inbox of each
 * user only, the signed links (unsubscribe, verification) against tampering and expiry, the KYC and overdue rent
 * producers, and template escaping for any data (fast-check).
 */
import { randomUUID } from "node:crypto";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { createProperty, API } from "../../test/support/fixtures.ts";
import { keyRingFromConfig, type KeyRing } from "../crypto/key-ring.ts";
import { identity, idempotencyKey, ifMatch, submission, uploadDocument } from "../kyc/kyc.fixtures.ts";
import { notifyOverdueRent } from "../leases/overdue-notices.ts";
import { newLeaseWithContact } from "../leases/tenant-contact.ts";
import { verificationToken } from "./email-address.ts";
import { verifiedEmail as verifyAddress } from "./notifications.fixtures.ts";
import { notify } from "./notify.ts";
import { escapeHtml, renderNotificationEmail, TEMPLATES } from "./templates.ts";
import { signToken, unsubscribeToken } from "./tokens.ts";
import { NOTIFICATION_EVENTS } from "./events.ts";

let t: TestContext;
let ring: KeyRing;

before(async () => {
  t = await createTestContext();
  ring = keyRingFromConfig(t.config.kycKeys);
});
after(async () => t.close());

const verifiedEmail = (user: TestUser, address?: string) => verifyAddress(t, user, address);

const kyc = { decision: "APPROVED" } as const;
/** What a mail client sends for a one-click unsubscribe (RFC 8058). */
const ONE_CLICK = {
  headers: { "content-type": "application/x-www-form-urlencoded" },
  raw: "List-Unsubscribe=One-Click",
};

describe("16.4 notify", () => {
  it("writes the inbox row and the email in the business transaction: rolled back together", async () => {
    const user = await t.user("INVESTOR");
    await verifiedEmail(user);
    await assert.rejects(
      t.db.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { roles: ["INVESTOR", "PROPERTY_MANAGER"] } });
        const done = await notify(tx, { userId: user.id, event: "KYC_DECIDED", data: kyc });
        assert.equal(done?.emailQueued, true);
        throw new Error("the business change fails");
      }),
      /the business change fails/,
    );
    assert.equal(await t.db.notification.count({ where: { userId: user.id } }), 0);
    assert.equal(await t.db.emailOutbox.count({ where: { userId: user.id, purpose: "NOTIFICATION" } }), 0);
    await t.db.$transaction((tx) => notify(tx, { userId: user.id, event: "KYC_DECIDED", data: kyc }));
    assert.equal(await t.db.notification.count({ where: { userId: user.id } }), 1);
    assert.equal(await t.db.emailOutbox.count({ where: { userId: user.id, purpose: "NOTIFICATION" } }), 1);
  });

  it("queues no email to an unverified address, nor when the user turned that event's email off", async () => {
    const user = await t.user("INVESTOR");
    assert.equal((await t.as(user).post(`${API}/me/email`, { address: "new@example.com" })).status, 200);
    const unverified = await t.db.$transaction((tx) =>
      notify(tx, { userId: user.id, event: "KYC_DECIDED", data: kyc }),
    );
    assert.equal(unverified?.emailQueued, false);
    await verifiedEmail(user);
    const off = await t
      .as(user)
      .put(`${API}/me/notification-preferences`, { items: [{ event: "KYC_DECIDED", email: false }] });
    assert.equal(off.status, 200, off.text);
    assert.deepEqual(
      off.body.items.find((p: { event: string }) => p.event === "KYC_DECIDED"),
      { event: "KYC_DECIDED", inApp: true, email: false },
    );
    const offEmail = await t.db.$transaction((tx) => notify(tx, { userId: user.id, event: "KYC_DECIDED", data: kyc }));
    assert.equal(offEmail?.emailQueued, false);
    const other = await t.db.$transaction((tx) =>
      notify(tx, { userId: user.id, event: "KYC_MORE_INFO_REQUESTED", data: {} }),
    );
    assert.equal(other?.emailQueued, true);
    assert.equal(await t.db.notification.count({ where: { userId: user.id } }), 3, "in-app is always on");
  });

  it("refuses data outside the event's schema (personal data cannot ride along) and dedupes by key", async () => {
    const user = await t.user("INVESTOR");
    await assert.rejects(
      t.db.$transaction((tx) =>
        notify(tx, { userId: user.id, event: "KYC_DECIDED", data: { ...kyc, email: "x@example.com" } as never }),
      ),
    );
    const first = await t.db.$transaction((tx) =>
      notify(tx, { userId: user.id, event: "KYC_DECIDED", data: kyc, dedupeKey: "fact-1" }),
    );
    const again = await t.db.$transaction((tx) =>
      notify(tx, { userId: user.id, event: "KYC_DECIDED", data: kyc, dedupeKey: "fact-1" }),
    );
    assert.ok(first);
    assert.equal(again, null);
  });

  it("preferences refuse unknown events and repeats with a 400 that changes nothing", async () => {
    const user = await t.user("INVESTOR");
    for (const body of [
      { items: [{ event: "NOPE", email: false }] },
      {
        items: [
          { event: "KYC_DECIDED", email: false },
          { event: "KYC_DECIDED", email: true },
        ],
      },
      { items: [] },
      { items: [{ event: "KYC_DECIDED", email: "no" }] },
    ]) {
      const res = await t.as(user).put(`${API}/me/notification-preferences`, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.headers.get("content-type") ?? "", /problem\+json/);
    }
    assert.equal(await t.db.notificationPreference.count({ where: { userId: user.id } }), 0);
    const all = await t.as(user).get(`${API}/me/notification-preferences`);
    assert.equal(all.body.items.length, NOTIFICATION_EVENTS.length);
    assert.ok(all.body.items.every((p: { email: boolean }) => p.email));
  });
});

describe("16.4 email address", () => {
  it("is stored encrypted, and a verification link is single-use, bound to its user and to the latest address", async () => {
    const user = await t.user("INVESTOR");
    const token = await verifiedEmail(user, "alice@example.com");
    const contact = await t.db.emailContact.findUniqueOrThrow({ where: { userId: user.id } });
    assert.ok(!contact.addressCiphertext.includes("alice"), "encrypted at rest");
    const reused = await t.as(user).post(`${API}/me/email/verify`, { token });
    assert.equal(reused.status, 422);
    assert.equal(reused.body.rule, "link_invalid");

    // another user's link: refused, and nothing changes for either
    const other = await t.user("INVESTOR");
    await t.as(other).post(`${API}/me/email`, { address: "bob@example.com" });
    const row = await t.db.emailOutbox.findFirstOrThrow({
      where: { userId: other.id, purpose: "ADDRESS_VERIFICATION" },
    });
    const otherToken = verificationToken(ring, other.id, row.payload as { nonce: string; expiresAt: string });
    assert.equal((await t.as(user).post(`${API}/me/email/verify`, { token: otherToken })).status, 422);
    assert.equal((await t.as(other).get(`${API}/me/email`)).body.verified, false);

    // a new address voids the link sent to the previous one
    await t.as(other).post(`${API}/me/email`, { address: "bob2@example.com" });
    assert.equal((await t.as(other).post(`${API}/me/email/verify`, { token: otherToken })).status, 422);
    assert.deepEqual((await t.as(other).get(`${API}/me/email`)).body, { address: "bob2@example.com", verified: false });
  });

  it("refuses an expired or tampered verification link", async () => {
    const user = await t.user("INVESTOR");
    await t.as(user).post(`${API}/me/email`, { address: "carol@example.com" });
    const row = await t.db.emailOutbox.findFirstOrThrow({
      where: { userId: user.id, purpose: "ADDRESS_VERIFICATION" },
    });
    const { nonce } = row.payload as { nonce: string };
    const expired = signToken(ring, { p: "verify-email", u: user.id, n: nonce, x: Math.floor(Date.now() / 1000) - 1 });
    const res = await t.as(user).post(`${API}/me/email/verify`, { token: expired });
    assert.equal(res.status, 422);
    assert.equal(res.body.rule, "link_expired");
    const good = verificationToken(ring, user.id, row.payload as { nonce: string; expiresAt: string });
    const [v, k, body, mac] = good.split(".");
    const forged = Buffer.from(body!, "base64url").toString().replace(nonce, "A".repeat(nonce.length));
    for (const bad of [
      `${v}.${k}.${Buffer.from(forged).toString("base64url")}.${mac}`,
      `${v}.${k}.${body}.${mac!.slice(0, -2)}AA`,
      `${v}.other.${body}.${mac}`,
      "not-a-token",
    ]) {
      const refused = await t.as(user).post(`${API}/me/email/verify`, { token: bad });
      assert.equal(refused.status, 422, bad);
    }
    assert.equal((await t.as(user).get(`${API}/me/email`)).body.verified, false);
  });
});

describe("16.4 inbox", () => {
  it("lists a user's own notifications newest first in keyset pages; others' are invisible (404)", async () => {
    const alice = await t.user("INVESTOR");
    const bob = await t.user("INVESTOR");
    for (let i = 0; i < 5; i++)
      await t.db.$transaction((tx) =>
        notify(tx, {
          userId: alice.id,
          event: "STATEMENT_READY",
          data: { statementId: randomUUID(), period: `2026-0${i + 1}`, kind: "MONTHLY" },
        }),
      );
    await t.db.$transaction((tx) => notify(tx, { userId: bob.id, event: "KYC_DECIDED", data: kyc }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await t
        .as(alice)
        .get(`${API}/me/notifications?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      assert.equal(page.status, 200, page.text);
      seen.push(...page.body.items.map((n: { data: { period: string } }) => n.data.period));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, ["2026-05", "2026-04", "2026-03", "2026-02", "2026-01"]);
    assert.deepEqual((await t.as(alice).get(`${API}/me/notifications/unread-count`)).body, { unread: 5 });

    const bobsId = (await t.as(bob).get(`${API}/me/notifications`)).body.items[0].id as string;
    const stolen = await t.as(alice).post(`${API}/me/notifications/${bobsId}/read`);
    assert.equal(stolen.status, 404);
    assert.equal((await t.as(bob).get(`${API}/me/notifications/unread-count`)).body.unread, 1);

    const first = (await t.as(alice).get(`${API}/me/notifications?limit=1`)).body.items[0];
    const read = await t.as(alice).post(`${API}/me/notifications/${first.id}/read`);
    assert.equal(read.status, 200);
    assert.equal(read.body.read, true);
    assert.equal((await t.as(alice).get(`${API}/me/notifications?unread=true`)).body.items.length, 4);
    assert.deepEqual((await t.as(alice).post(`${API}/me/notifications/read-all`)).body, { marked: 4 });
    assert.equal((await t.as(alice).get(`${API}/me/notifications/unread-count`)).body.unread, 0);
    assert.equal((await t.as(bob).get(`${API}/me/notifications/unread-count`)).body.unread, 1, "bob's untouched");
    assert.equal((await t.anonymous.get(`${API}/me/notifications`)).status, 401);
  });
});

describe("16.4 unsubscribe link", () => {
  it("turns one event's email off without sign-in; a tampered, foreign-purpose or expired link changes nothing", async () => {
    const user = await t.user("INVESTOR");
    const token = unsubscribeToken(ring, user.id, "RENT_CLAIMABLE");
    const longAgo = new Date(Date.now() - 400 * 86_400_000);
    const expired = unsubscribeToken(ring, user.id, "ORDER_FILLED", longAgo);
    const [v, k, body, mac] = token.split(".");
    const otherEvent = Buffer.from(
      Buffer.from(body!, "base64url").toString().replace("RENT_CLAIMABLE", "KYC_DECIDED"),
    ).toString("base64url");
    const verification = signToken(ring, { p: "verify-email", u: user.id, n: "x".repeat(20), x: 2e9 });
    const link = (tk: string) => `${API}/notifications/unsubscribe?token=${encodeURIComponent(tk)}`;
    for (const bad of [`${v}.${k}.${otherEvent}.${mac}`, expired, verification, `${token}x`]) {
      assert.equal((await t.anonymous.get(link(bad))).status, 422, bad);
      assert.equal((await t.anonymous.post(link(bad))).status, 422, bad);
    }
    assert.equal(await t.db.notificationPreference.count({ where: { userId: user.id } }), 0);
    // Reading the link (a mail scanner, a link preview, the web page) says what it would turn off and writes nothing.
    for (let i = 0; i < 2; i++) {
      const read = await t.anonymous.get(link(token));
      assert.equal(read.status, 200, read.text);
      assert.deepEqual(read.body, { event: "RENT_CLAIMABLE", emailOn: true });
    }
    assert.equal(await t.db.notificationPreference.count({ where: { userId: user.id } }), 0, "a GET writes nothing");
    // A mail client's one-click request (RFC 8058): a form-encoded POST to the header's URL.
    const ok = await t.anonymous.post(link(token), undefined, ONE_CLICK);
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.body, { event: "RENT_CLAIMABLE", email: false });
    assert.deepEqual((await t.anonymous.get(link(token))).body, { event: "RENT_CLAIMABLE", emailOn: false });
    const prefs = (await t.as(user).get(`${API}/me/notification-preferences`)).body.items;
    assert.deepEqual(
      prefs.filter((p: { email: boolean }) => !p.email).map((p: { event: string }) => p.event),
      ["RENT_CLAIMABLE"],
    );
  });
});

describe("16.4 producers", () => {
  it("KYC: more information requested, then the decision, reach the investor (nothing of the officer's text)", async () => {
    const officer = await t.user("COMPLIANCE_OFFICER");
    const investor = await t.user("INVESTOR");
    await verifiedEmail(investor);
    const submitted = await t
      .as(investor)
      .post(`${API}/kyc/applications`, submission(), { headers: { "idempotency-key": idempotencyKey() } });
    assert.equal(submitted.status, 201, submitted.text);
    const id = submitted.body.id as string;
    assert.equal((await uploadDocument(t.as(investor), id, "PASSPORT")).status, 201);
    const version = async () => (await t.as(officer).get(`${API}/kyc/applications/${id}`)).body.version as number;
    assert.equal(
      (await t.as(officer).post(`${API}/kyc/applications/${id}/review`, undefined, ifMatch(await version()))).status,
      200,
    );
    const asked = await t
      .as(officer)
      .post(
        `${API}/kyc/applications/${id}/request-info`,
        { message: "Please upload a proof of address" },
        ifMatch(await version()),
      );
    assert.equal(asked.status, 200, asked.text);
    const resubmitted = await t
      .as(investor)
      .post(`${API}/kyc/applications/${id}/resubmit`, { identity: identity() }, ifMatch(await version()));
    assert.equal(resubmitted.status, 200, resubmitted.text);
    await t.as(officer).post(`${API}/kyc/applications/${id}/review`, undefined, ifMatch(await version()));
    const rejected = await t
      .as(officer)
      .post(`${API}/kyc/applications/${id}/reject`, { reason: "The file is incomplete" }, ifMatch(await version()));
    assert.equal(rejected.status, 200, rejected.text);
    const inbox = (await t.as(investor).get(`${API}/me/notifications`)).body.items;
    assert.deepEqual(
      inbox.map((n: { event: string; data: unknown }) => [n.event, n.data]),
      [
        ["KYC_DECIDED", { decision: "REJECTED" }],
        ["KYC_MORE_INFO_REQUESTED", {}],
      ],
    );
    assert.equal(await t.db.emailOutbox.count({ where: { userId: investor.id, purpose: "NOTIFICATION" } }), 2);
  });

  it("a refused KYC decision notifies nobody (same transaction)", async () => {
    const officer = await t.user("COMPLIANCE_OFFICER");
    const investor = await t.user("INVESTOR");
    const submitted = await t
      .as(investor)
      .post(`${API}/kyc/applications`, submission(), { headers: { "idempotency-key": idempotencyKey() } });
    const id = submitted.body.id as string;
    // stale version: 412, nothing written
    const res = await t
      .as(officer)
      .post(`${API}/kyc/applications/${id}/reject`, { reason: "Incomplete file" }, ifMatch(99));
    assert.ok(res.status >= 400 && res.status < 500, res.text);
    assert.equal(await t.db.notification.count({ where: { userId: investor.id } }), 0);
  });

  it("overdue rent: the property's manager is told once per instalment, a former manager not at all", async () => {
    const manager = await t.user("PROPERTY_MANAGER");
    const property = await createProperty(t, manager);
    const unitRow = await t.db.propertyUnit.create({ data: { propertyId: property.id, label: "U-1" } });
    const { id: leaseId } = await t.db.lease.create({
      data: {
        propertyId: property.id,
        unitId: unitRow.id,
        ...newLeaseWithContact(keyRingFromConfig(t.config.kycKeys), { tenantName: "Tenant Person", tenantEmail: null }),
        status: "ACTIVE",
        startDate: new Date("2026-01-01"),
        endDate: new Date("2026-12-31"),
        rentAmount: "1000.00",
        depositAmount: "0",
        currency: "EUR",
        createdById: manager.id,
      },
    });
    await t.db.rentScheduleEntry.create({
      data: {
        leaseId,
        periodStart: new Date("2026-01-01"),
        periodEnd: new Date("2026-01-31"),
        dueDate: new Date("2026-01-05"),
        amountDue: "1000.00",
      },
    });
    const asOf = new Date("2026-02-01");
    assert.equal(await notifyOverdueRent(t.db, asOf), 1);
    assert.equal(await notifyOverdueRent(t.db, asOf), 0, "once per instalment");
    const [n] = (await t.as(manager).get(`${API}/me/notifications`)).body.items;
    assert.equal(n.event, "RENT_OVERDUE");
    assert.equal(n.data.outstanding, "1000.00");
    // the inbox row says what its email says and links to the same page
    assert.equal(n.subject, TEMPLATES.RENT_OVERDUE.subject(n.data));
    assert.match(n.subject, /^Rent overdue: /);
    // the manager console page of the property (the web app has no page per lease)
    assert.equal(n.link, `/manage/properties/${property.id}`);
    assert.ok(!JSON.stringify(n.data).includes("Tenant Person"), "no tenant data");
    // a former manager (role removed) is told nothing more
    await t.db.user.update({ where: { id: manager.id }, data: { roles: ["INVESTOR"] } });
    await t.db.rentScheduleEntry.create({
      data: {
        leaseId,
        periodStart: new Date("2026-02-01"),
        periodEnd: new Date("2026-02-28"),
        dueDate: new Date("2026-02-05"),
        amountDue: "1000.00",
      },
    });
    assert.equal(await notifyOverdueRent(t.db, new Date("2026-03-01")), 0);
  });
});

describe("16.4 templates", () => {
  const hostile = fc.oneof(
    fc.string(),
    fc.constantFrom(
      "<script>alert(1)</script>",
      '"><img src=x onerror=alert(1)>',
      "a&b",
      "' onmouseover='x",
      "\r\nBcc: x@y",
    ),
  );
  it("property: no data can inject markup into the HTML, and subjects stay one line", () => {
    fc.assert(
      fc.property(hostile, fc.uuid(), (name, id) => {
        const propertyName = name.length === 0 ? "x" : name.slice(0, 200);
        const email = renderNotificationEmail(
          { event: "OFFERING_FUNDED", data: { propertyId: id, propertyName } },
          { webOrigin: "https://app.example", unsubscribeUrl: "https://app.example/u?token=a&b" },
        );
        assert.ok(email.html.includes(escapeHtml(propertyName)));
        const withoutName = email.html.split(escapeHtml(propertyName)).join("");
        assert.doesNotMatch(withoutName, /<script|onerror|onmouseover/);
        // every tag in the document is one of the layout's own
        for (const tag of email.html.match(/<\/?([a-z0-9]+)/gi) ?? [])
          assert.match(tag, /^<\/?(html|head|meta|title|body|p|a|hr|br|!doctype)$/i);
        assert.doesNotMatch(email.subject, /[\r\n]/);
        assert.ok(email.text.includes("https://app.example/u?token=a&b"), "the unsubscribe link");
      }),
    );
  });

  it("every event has a template whose links point into the web app", () => {
    assert.deepEqual(Object.keys(TEMPLATES).sort(), [...NOTIFICATION_EVENTS].sort());
  });
});
