import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { createTestContext, signIn, type TestContext } from "./support/harness.ts";
import { API, etag } from "./support/fixtures.ts";

describe("Sign-In with Ethereum, sessions and roles", () => {
  let t: TestContext;
  before(async () => {
    t = await createTestContext();
  });
  after(async () => t.close());

  async function signed(overrides: Partial<Parameters<typeof createSiweMessage>[0]> = {}, nonceOverride?: string) {
    const account = privateKeyToAccount(generatePrivateKey());
    const nonce = nonceOverride ?? (await t.anonymous.post(`${API}/auth/nonce`)).body.nonce;
    const message = createSiweMessage({
      address: account.address,
      chainId: t.config.siwe.chainId,
      domain: t.config.siwe.domain,
      nonce,
      uri: t.config.webOrigin,
      version: "1",
      ...overrides,
    });
    return { account, message, signature: await account.signMessage({ message }) };
  }

  it("signs in with a fresh nonce, sets an httpOnly SameSite=Strict cookie, creates an investor", async () => {
    const { message, signature, account } = await signed();
    const res = await fetch(`${t.baseUrl}${API}/auth/verify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message, signature }),
    });
    assert.equal(res.status, 200);
    const cookie = res.headers.get("set-cookie") ?? "";
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/i);
    const user = (await res.json()) as { address: string; roles: string[] };
    assert.equal(user.address, account.address);
    assert.deepEqual(user.roles, ["INVESTOR"]);
  });

  it("lists users oldest first in keyset pages: every user once, whatever the page size", async () => {
    await Promise.all([t.user("INVESTOR"), t.user("INVESTOR"), t.user("PROPERTY_MANAGER")]);
    const expected = (await t.db.user.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map((u) => u.id);
    for (const limit of [1, 2, expected.length]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
        const res = await t.as(t.admin).get(`${API}/users?${query}`);
        assert.equal(res.status, 200, res.text);
        seen.push(...res.body.items.map((u: { id: string }) => u.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, expected, `limit ${limit}`);
    }
  });

  it("refuses a replayed nonce", async () => {
    const { message, signature } = await signed();
    assert.equal((await t.anonymous.post(`${API}/auth/verify`, { message, signature })).status, 200);
    const again = await t.anonymous.post(`${API}/auth/verify`, { message, signature });
    assert.equal(again.status, 401);
    assert.equal(again.body.code, "sign_in_rejected");
  });

  it("refuses unknown nonces, wrong domain, wrong chain, expired messages and bad signatures", async () => {
    const unknown = await signed({}, "abcdefgh12345678");
    assert.equal((await t.anonymous.post(`${API}/auth/verify`, unknown)).status, 401);
    const domain = await signed({ domain: "evil.example" });
    assert.match((await t.anonymous.post(`${API}/auth/verify`, domain)).body.detail, /domain/);
    const chain = await signed({ chainId: 1 });
    assert.match((await t.anonymous.post(`${API}/auth/verify`, chain)).body.detail, /chain/);
    const expired = await signed({ expirationTime: new Date(Date.now() - 1000) });
    assert.match((await t.anonymous.post(`${API}/auth/verify`, expired)).body.detail, /expired/);
    const good = await signed();
    const other = privateKeyToAccount(generatePrivateKey());
    const forged = await t.anonymous.post(`${API}/auth/verify`, {
      message: good.message,
      signature: await other.signMessage({ message: good.message }),
    });
    assert.equal(forged.status, 401);
    assert.match(forged.body.detail, /signature/);
    const garbage = await t.anonymous.post(`${API}/auth/verify`, { message: "hello", signature: good.signature });
    assert.equal(garbage.status, 401);
    // The nonce of a refused attempt is still usable by its legitimate signature.
    assert.equal((await t.anonymous.post(`${API}/auth/verify`, good)).status, 200);
  });

  it("refuses an expired nonce", async () => {
    const { nonce } = (await t.anonymous.post(`${API}/auth/nonce`)).body;
    await t.db.siweNonce.update({ where: { nonce }, data: { expiresAt: new Date(Date.now() - 1) } });
    const res = await t.anonymous.post(`${API}/auth/verify`, await signed({}, nonce));
    assert.equal(res.status, 401);
  });

  it("revokes the session on sign-out", async () => {
    const user = await t.user();
    assert.equal((await t.as(user).get(`${API}/auth/me`)).status, 200);
    assert.equal((await t.as(user).post(`${API}/auth/logout`)).status, 204);
    assert.equal((await t.as(user).get(`${API}/auth/me`)).status, 401);
  });

  it("treats a forged or expired session cookie as anonymous", async () => {
    assert.equal((await t.as({ ...t.admin, cookie: "fh_session=forged" }).get(`${API}/auth/me`)).status, 401);
    const user = await t.user();
    await t.db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    assert.equal((await t.as(user).get(`${API}/auth/me`)).status, 401);
  });

  it("reads the session for everyone: 200 with the user, or 200 with null for anonymous, forged, expired or signed-out callers", async () => {
    const anonymous = await t.anonymous.get(`${API}/auth/session`);
    assert.equal(anonymous.status, 200);
    assert.deepEqual(anonymous.body, { user: null });
    assert.equal(anonymous.headers.get("set-cookie"), null, "reading the session opens none");
    const forged = await t.as({ ...t.admin, cookie: "fh_session=forged" }).get(`${API}/auth/session`);
    assert.deepEqual([forged.status, forged.body], [200, { user: null }]);

    const user = await t.user();
    const signedIn = await t.as(user).get(`${API}/auth/session`);
    assert.equal(signedIn.status, 200);
    const me = await t.as(user).get(`${API}/auth/me`);
    assert.deepEqual(signedIn.body, { user: me.body }, "the same user view as /auth/me");
    assert.match(signedIn.headers.get("cache-control") ?? "", /no-store|private/, "never cached by a shared cache");

    assert.equal((await t.as(user).post(`${API}/auth/logout`)).status, 204);
    assert.deepEqual((await t.as(user).get(`${API}/auth/session`)).body, { user: null });
    const other = await t.user();
    await t.db.session.updateMany({ where: { userId: other.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    assert.deepEqual((await t.as(other).get(`${API}/auth/session`)).body, { user: null });
  });

  it("lets admins manage roles, never removing the last admin", async () => {
    const user = await t.user();
    const forbidden = await t.as(user).put(`${API}/users/${user.id}/roles`, { roles: ["ADMIN"] }, { headers: etag(1) });
    assert.equal(forbidden.status, 403);
    const current = await t.as(t.admin).get(`${API}/users/${user.id}`);
    const set = await t
      .as(t.admin)
      .put(
        `${API}/users/${user.id}/roles`,
        { roles: ["PROPERTY_MANAGER", "INVESTOR"] },
        { headers: etag(current.body.version) },
      );
    assert.equal(set.status, 200);
    assert.deepEqual(set.body.roles, ["PROPERTY_MANAGER", "INVESTOR"]);
    assert.deepEqual(
      (await t.as(user).get(`${API}/auth/me`)).body.roles,
      ["PROPERTY_MANAGER", "INVESTOR"],
      "effective at once",
    );
    const me = await t.as(t.admin).get(`${API}/auth/me`);
    const demote = await t
      .as(t.admin)
      .put(`${API}/users/${t.admin.id}/roles`, { roles: ["INVESTOR"] }, { headers: etag(me.body.version) });
    assert.equal(demote.status, 422);
    assert.equal(demote.body.rule, "last_admin");
    const dupes = await t
      .as(t.admin)
      .put(`${API}/users/${user.id}/roles`, { roles: ["INVESTOR", "INVESTOR"] }, { headers: etag(set.body.version) });
    assert.equal(dupes.status, 400);
    const audit = await t.db.auditEntry.findMany({ where: { entityId: user.id, action: "user.roles_changed" } });
    assert.equal(audit.length, 1);
  });

  it("lets users edit their own profile and read only themselves", async () => {
    const a = await t.user();
    const b = await t.user();
    // the address is not a profile field (POST /me/email sets it, encrypted and verified): refused, nothing written
    const withEmail = await t
      .as(a)
      .patch(`${API}/users/me`, { displayName: "Ana", email: "ana@example.com" }, { headers: etag(1) });
    assert.equal(withEmail.status, 400, withEmail.text);
    const res = await t.as(a).patch(`${API}/users/me`, { displayName: "Ana" }, { headers: etag(1) });
    assert.equal(res.status, 200);
    assert.equal((await t.as(b).get(`${API}/users/${a.id}`)).status, 403);
    assert.equal((await t.as(a).get(`${API}/users/${a.id}`)).body.displayName, "Ana");
    assert.equal((await t.as(t.admin).get(`${API}/users?role=INVESTOR`)).status, 200);
    const audit = await t.db.auditEntry.findMany({ where: { entityId: a.id } });
    assert.ok(!JSON.stringify(audit).includes("ana@example.com"), "no personal data in the audit trail");
  });

  it("rate-limits the sign-in routes", async () => {
    const limited = await createTestContext({ AUTH_RATE_LIMIT_PER_MINUTE: "3" }).catch((e: unknown) => e);
    // The harness itself signs in the admin (2 calls), so a limit of 3 leaves one.
    assert.ok(!(limited instanceof Error), String(limited));
    const ctx = limited as TestContext;
    try {
      assert.equal((await ctx.anonymous.post(`${API}/auth/nonce`)).status, 201);
      const res = await ctx.anonymous.post(`${API}/auth/nonce`);
      assert.equal(res.status, 429);
      assert.equal(res.body.code, "rate_limited");
    } finally {
      await ctx.close();
    }
  });

  it("keeps the configured first admin an admin even if demoted in the database", async () => {
    await t.db.user.update({ where: { id: t.admin.id }, data: { roles: ["INVESTOR"] } });
    const { user } = await signIn(t.baseUrl, t.config, t.admin.account);
    assert.ok(user.roles.includes("ADMIN"));
  });
});
