/**
 * Identical requests with one Idempotency-Key sent at the same time (a client retrying after a timeout, a double
 * click) get one answer: the first to commit is done once, and every other gets its reply replayed, never a refusal
 * computed against the first one's effect (an "overpayment" for the payment that was just recorded).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { allRoutes } from "../src/http/routes.ts";
import { client, createTestContext, type TestContext } from "./support/harness.ts";
import { loadRows, matrixWorld } from "./support/authz-matrix.ts";
import { API, createProperty, etag, leaseInput, unit } from "./support/fixtures.ts";
import { CALLERS, type World } from "./authz/types.ts";

/** How many copies of a request are sent at once. */
const COPIES = 6;

interface Versioned {
  id: string;
  version: number;
}

describe("idempotency under concurrent retries", () => {
  let t: TestContext;
  let world: World;
  let keys = 0;
  const key = () => `race-key-${String(++keys).padStart(4, "0")}`;
  before(async () => {
    t = await createTestContext();
    world = await matrixWorld(t);
  });
  after(async () => t.close());

  /** Sends `COPIES` copies at once (a JSON body, or a multipart `form`); checks they were answered alike and the key was stored once. */
  async function sendCopies(
    cookie: string | undefined,
    method: string,
    path: string,
    body: unknown,
    where: string,
    form?: FormData,
  ) {
    const idempotencyKey = key();
    const stored = () => t.db.idempotencyRecord.count({ where: { key: idempotencyKey } });
    const http = client(t.baseUrl, cookie);
    const answers = await Promise.all(
      Array.from({ length: COPIES }, () =>
        http.request(method, path, form ? undefined : body, {
          headers: { "idempotency-key": idempotencyKey },
          ...(form ? { raw: form } : {}),
        }),
      ),
    );
    const first = answers.find((a) => a.headers.get("idempotency-replayed") !== "true");
    assert.ok(first, `${where}: every copy claims to be a replay`);
    for (const [i, a] of answers.entries()) {
      assert.equal(a.status, first.status, `${where}: copy ${i} answered ${a.status} ${a.text.slice(0, 200)}`);
      assert.deepEqual(a.body, first.body, `${where}: copy ${i} answered another body`);
    }
    assert.ok(first.status >= 200 && first.status < 300, `${where}: ${first.status} ${first.text.slice(0, 200)}`);
    assert.equal(answers.filter((a) => a !== first && a.headers.get("idempotency-replayed") !== "true").length, 0);
    assert.equal(await stored(), 1, `${where}: the key's reply is stored once`);
    return first;
  }

  it("records a payment that settles its entry once, and replays it to the copies", async () => {
    const owner = world.owner;
    const property = await createProperty(t, owner);
    const u = await unit(t, owner, property.id);
    const draft = (await t.as(owner).post(`${API}/leases`, leaseInput(property.id, u.id))).body as Versioned;
    await t.as(owner).post(`${API}/leases/${draft.id}/transitions`, { to: "ACTIVE" }, { headers: etag(draft.version) });
    const entry = (await t.as(owner).get(`${API}/leases/${draft.id}/schedule`)).body[0] as {
      id: string;
      amountDue: string;
    };
    // The whole amount due: a copy that ran its rules after the first had committed would see an overpayment.
    const body = { scheduleEntryId: entry.id, amount: entry.amountDue, paidOn: "2026-01-03", method: "CASH" };
    await sendCopies(owner.cookie, "POST", `${API}/leases/${draft.id}/payments`, body, "full payment");
    assert.equal(await t.db.rentPayment.count({ where: { scheduleEntryId: entry.id } }), 1);
  });

  /** A valid request of `route` from the authorization matrix, by the first signed-in caller it allows. */
  async function validRequest(rows: Awaited<ReturnType<typeof loadRows>>, route: string) {
    const row = rows.find((r) => r.route === route);
    assert.ok(row, `${route} has no matrix row`);
    const caller = CALLERS.find((c) => c !== "anonymous" && (row.allow === "everyone" || row.allow.includes(c)));
    assert.ok(caller && caller !== "anonymous", `${route}: no signed-in caller may call it`);
    const [method] = route.split(" ") as [string];
    return { cookie: world.users[caller].cookie, method, req: await row.request(world, caller) };
  }

  it("answers every idempotent route's copies alike (a valid request from the authorization matrix)", async () => {
    const rows = await loadRows();
    const idempotent = allRoutes.filter((r) => r.idempotent).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    assert.ok(idempotent.length > 0);
    for (const route of idempotent) {
      const { cookie, method, req } = await validRequest(rows, route);
      await sendCopies(cookie, method, req.path, req.body, route, req.form);
    }
  });

  it("answers identical copies of every PUT sent at once alike, without a key: HTTP makes PUT idempotent (a repeated follow answered 409; a DELETE's copies may rightly find nothing left)", async () => {
    const rows = await loadRows();
    // A conditional request (If-Match) is the exception by design: the first copy changes the version, the rest 412.
    const puts = allRoutes
      .filter((r) => r.method === "put" && !r.ifMatch)
      .map((r) => `${r.method.toUpperCase()} ${r.path}`);
    assert.ok(puts.includes("PUT /me/followed-properties/:propertyId"), puts.join());
    for (const route of puts) {
      const { cookie, method, req } = await validRequest(rows, route);
      const http = client(t.baseUrl, cookie);
      const answers = await Promise.all(Array.from({ length: COPIES }, () => http.request(method, req.path, req.body)));
      const statuses = answers.map((a) => a.status);
      assert.ok(
        statuses.every((s) => s === statuses[0] && s >= 200 && s < 300),
        `${route}: ${statuses.join()} ${answers.find((a) => a.status >= 300)?.text.slice(0, 200) ?? ""}`,
      );
    }
  });
});
