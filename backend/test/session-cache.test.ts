/**
 * The session cache (src/auth/session-cache.ts) against real PostgreSQL, with two API instances on one database:
 * a signed-in repeat is served from memory, and no change of who a session belongs to (sign-out, roles, deletion,
 * expiry) outlives its commit: on the instance that made it from the next request on, on every instance once the
 * notification arrives, and never while the change feed is down.
 *
 * What a request sees is read through GET /users (admins only): 200 as an admin, 403 signed in without the role,
 * 401 without a live session.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { hashToken, SESSION_COOKIE } from "../src/auth/session.ts";
import { SESSIONS_CHANNEL } from "../src/db/change-feed.ts";
import { API } from "./support/fixtures.ts";
import { createTestContext, signIn, type TestContext, type TestUser } from "./support/harness.ts";

const GATE = `${API}/users?limit=1`;

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what}: last ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("session cache", () => {
  let a: TestContext;
  let b: TestContext;
  let sql: pg.Client;

  const gate = async (instance: TestContext, cookie: string): Promise<number> =>
    (await instance.as({ cookie } as TestUser).get(GATE)).status;
  /** Runs `work` with the session triggers off: a change no instance is told about, as if its notification were lost. */
  const unannounced = async (work: () => Promise<unknown>): Promise<void> => {
    await sql.query(`ALTER TABLE users DISABLE TRIGGER USER`);
    await sql.query(`ALTER TABLE sessions DISABLE TRIGGER USER`);
    try {
      await work();
    } finally {
      await sql.query(`ALTER TABLE users ENABLE TRIGGER USER`);
      await sql.query(`ALTER TABLE sessions ENABLE TRIGGER USER`);
    }
  };
  /** A user and a live session made in SQL, as an operator's script could. */
  const sqlUser = async (roles: string[]): Promise<{ id: string; cookie: string }> => {
    const token = randomBytes(32).toString("base64url");
    const address = `0x${randomBytes(20).toString("hex")}`;
    const { rows } = await sql.query<{ id: string }>(
      `INSERT INTO users (id, address, roles, "updatedAt") VALUES (gen_random_uuid(), $1, $2, now()) RETURNING id`,
      [address, roles],
    );
    const id = rows[0]!.id;
    await sql.query(
      `INSERT INTO sessions (id, "userId", "tokenHash", "expiresAt") VALUES (gen_random_uuid(), $1, $2, (now() AT TIME ZONE 'UTC') + interval '1 hour')`,
      [id, hashToken(token)],
    );
    return { id, cookie: `${SESSION_COOKIE}=${token}` };
  };
  const etag = async (userId: string): Promise<string> =>
    (await a.as(a.admin).get(`${API}/users/${userId}`)).headers.get("etag")!;
  const setRoles = async (instance: TestContext, userId: string, roles: string[]): Promise<void> => {
    const res = await instance
      .as(instance.admin)
      .put(`${API}/users/${userId}/roles`, { roles }, { headers: { "if-match": await etag(userId) } });
    assert.equal(res.status, 200, res.text);
  };

  before(async () => {
    a = await createTestContext({}, { sessionCache: true });
    b = await createTestContext({}, { sessionCache: true, databaseUrl: a.databaseUrl });
    sql = new pg.Client({ connectionString: a.databaseUrl });
    await sql.connect();
  });
  after(async () => {
    await sql.end();
    await b.close();
    await a.close();
  });

  it("serves a signed-in repeat from memory: a change nobody announced is not seen by the instance that cached it", async () => {
    // made in SQL: no notification of its making can arrive after the first read and clear it
    const admin = await sqlUser(["ADMIN"]);
    assert.equal(await gate(a, admin.cookie), 200);
    await unannounced(() => sql.query(`UPDATE sessions SET "revokedAt" = now() WHERE "userId" = $1`, [admin.id]));
    assert.equal(await gate(a, admin.cookie), 200, "instance a answered from memory");
    assert.equal(await gate(b, admin.cookie), 401, "instance b, which never cached it, read the database");
  });

  it("sign-out: refused on the same instance from the next request, with no notification needed; on the other once notified", async () => {
    const user = await a.user("ADMIN");
    assert.equal(await gate(a, user.cookie), 200);
    assert.equal(await gate(b, user.cookie), 200);
    await unannounced(async () => {
      assert.equal((await a.as(user).post(`${API}/auth/logout`, {})).status, 204);
      assert.equal(await gate(a, user.cookie), 401, "the instance that revoked it forgot it before answering");
    });
    const other = await a.user("ADMIN");
    await gate(b, other.cookie);
    assert.equal((await a.as(other).post(`${API}/auth/logout`, {})).status, 204);
    await eventually(
      () => gate(b, other.cookie),
      (s) => s === 401,
      "instance b refuses the signed-out session",
    );
  });

  it("setting roles: the new roles apply on the same instance from the next request; on the other once notified", async () => {
    const user = await a.user("ADMIN");
    assert.equal(await gate(a, user.cookie), 200);
    assert.equal(await gate(b, user.cookie), 200);
    await unannounced(async () => {
      await setRoles(a, user.id, ["INVESTOR"]);
      assert.equal(await gate(a, user.cookie), 403, "instance a forgot the old roles before answering");
    });
    await setRoles(b, user.id, ["INVESTOR", "ADMIN"]);
    assert.equal(await gate(b, user.cookie), 200);
    await eventually(
      () => gate(a, user.cookie),
      (s) => s === 200,
      "instance a sees the role given on b",
    );
    await setRoles(b, user.id, ["INVESTOR"]);
    await eventually(
      () => gate(a, user.cookie),
      (s) => s === 403,
      "instance a sees the role removed on b",
    );
  });

  it("changes made outside the API (scripts, operators): roles, a deleted session, a deleted user reach every instance", async () => {
    const user = await a.user("ADMIN");
    for (const instance of [a, b]) assert.equal(await gate(instance, user.cookie), 200);
    await sql.query(`UPDATE users SET roles = '{INVESTOR}' WHERE id = $1`, [user.id]);
    for (const instance of [a, b])
      await eventually(
        () => gate(instance, user.cookie),
        (s) => s === 403,
        "roles removed in SQL",
      );
    await sql.query(`UPDATE users SET roles = '{ADMIN}' WHERE id = $1`, [user.id]);
    for (const instance of [a, b])
      await eventually(
        () => gate(instance, user.cookie),
        (s) => s === 200,
        "roles given in SQL",
      );
    await sql.query(`DELETE FROM sessions WHERE "userId" = $1`, [user.id]);
    for (const instance of [a, b])
      await eventually(
        () => gate(instance, user.cookie),
        (s) => s === 401,
        "session deleted",
      );
    // A user with nothing but a session (one who signed in through the API has an audit trail, which is kept).
    const gone = await sqlUser(["ADMIN"]);
    for (const instance of [a, b]) assert.equal(await gate(instance, gone.cookie), 200);
    await sql.query(`DELETE FROM users WHERE id = $1`, [gone.id]);
    for (const instance of [a, b])
      await eventually(
        () => gate(instance, gone.cookie),
        (s) => s === 401,
        "user deleted",
      );
  });

  it("a cached session ends when the session expires, however long the cache would keep it", async () => {
    const user = await a.user("ADMIN");
    const token = randomBytes(32).toString("base64url");
    await sql.query(
      `INSERT INTO sessions (id, "userId", "tokenHash", "expiresAt") VALUES (gen_random_uuid(), $1, $2, (now() AT TIME ZONE 'UTC') + interval '1500 milliseconds')`,
      [user.id, hashToken(token)],
    );
    const cookie = `${SESSION_COOKIE}=${token}`;
    assert.equal(await gate(a, cookie), 200);
    assert.equal(await gate(a, cookie), 200);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    assert.equal(await gate(a, cookie), 401);
  });

  it("bypassed while its change feed is down (a change then is seen at once), cached again once it reconnects", async () => {
    const user = await a.user("ADMIN");
    assert.equal(await gate(a, user.cookie), 200);
    const killed = await sql.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'freehold-change-feed' AND datname = current_database()`,
    );
    assert.equal(killed.rowCount, 2, "one feed connection per instance");
    await unannounced(() => sql.query(`UPDATE users SET roles = '{INVESTOR}' WHERE id = $1`, [user.id]));
    await eventually(
      () => gate(a, user.cookie),
      (s) => s === 403,
      "read from the database while the feed is down",
    );
    // Reconnected (backoff from 250 ms): an unannounced change is again not seen, so the answer came from memory.
    const again = await sqlUser(["ADMIN"]);
    await eventually(
      async () => {
        await gate(a, again.cookie);
        await unannounced(() => sql.query(`UPDATE users SET roles = '{INVESTOR}' WHERE id = $1`, [again.id]));
        const status = await gate(a, again.cookie);
        await sql.query(`UPDATE users SET roles = '{ADMIN}' WHERE id = $1`, [again.id]);
        await eventually(
          () => gate(a, again.cookie),
          (s) => s === 200,
          "restored",
        );
        return status;
      },
      (s) => s === 200,
      "cached again after reconnecting",
    );
  });

  it("class: any sequence of sign-outs and role changes, through either instance or SQL: the writer's next request sees it, every instance soon after", async () => {
    // Each step changes one user's state; the state is the truth the database holds. After a change through an
    // instance, that instance answers by the new state at once; after any change, both do once notified.
    const people = [await a.user("ADMIN"), await a.user("INVESTOR")];
    const cookies = people.map((p) => p.cookie);
    const state = people.map((p) => ({ admin: p.roles.includes("ADMIN"), live: true }));
    const expected = (i: number): number => (!state[i]!.live ? 401 : state[i]!.admin ? 200 : 403);
    const instances = [a, b];
    const step = fc.oneof(
      fc.record({ kind: fc.constant("roles" as const), who: fc.nat(1), via: fc.nat(2), admin: fc.boolean() }),
      fc.record({ kind: fc.constant("signOut" as const), who: fc.nat(1), via: fc.nat(1) }),
      fc.record({ kind: fc.constant("read" as const), who: fc.nat(1), via: fc.nat(1) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 8, size: "max" }), async (steps) => {
        for (const s of steps) {
          const person = people[s.who]!;
          if (s.kind === "read") {
            // warm the instance: the next change must drop what it holds
            await gate(instances[s.via]!, cookies[s.who]!);
            continue;
          }
          if (s.kind === "signOut") {
            if (!state[s.who]!.live) continue;
            const res = await instances[s.via]!.as({ cookie: cookies[s.who]! } as TestUser).post(
              `${API}/auth/logout`,
              {},
            );
            assert.equal(res.status, 204);
            state[s.who]!.live = false;
          } else {
            const roles = s.admin ? ["ADMIN"] : ["INVESTOR"];
            if (s.via === 2) await sql.query(`UPDATE users SET roles = $2 WHERE id = $1`, [person.id, roles]);
            else await setRoles(instances[s.via]!, person.id, roles);
            state[s.who]!.admin = s.admin;
          }
          if (s.via < 2)
            assert.equal(await gate(instances[s.via]!, cookies[s.who]!), expected(s.who), "the writer's next request");
          for (const instance of instances)
            await eventually(
              () => gate(instance, cookies[s.who]!),
              (x) => x === expected(s.who),
              "every instance",
            );
        }
        // signed out: a new session for the next run
        for (const [i, p] of people.entries())
          if (!state[i]!.live) {
            const fresh = await signIn(a.baseUrl, a.config, p.account);
            cookies[i] = fresh.cookie;
            state[i]!.live = true;
          }
      }),
      { numRuns: 12 },
    );
  });

  it("the triggers announce each change of who a session is at commit, and nothing for a display name or a rollback", async () => {
    const listener = new pg.Client({ connectionString: a.databaseUrl });
    await listener.connect();
    const heard: string[] = [];
    listener.on("notification", (n) => heard.push(n.payload ?? ""));
    await listener.query(`LISTEN ${SESSIONS_CHANNEL}`);
    try {
      const [x, y] = [await a.user(), await a.user()];
      const hear = async (expected: string[], what: string): Promise<void> => {
        await eventually(
          async () => heard.length,
          (n) => n >= expected.length,
          what,
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
        assert.deepEqual(
          heard.splice(0).map((p) => p.split(",").sort().join(",")),
          expected.map((p) => p.split(",").sort().join(",")),
          what,
        );
      };
      await sql.query(`UPDATE users SET "displayNameKeyId" = NULL, version = version + 1 WHERE id = ANY($1)`, [
        [x.id, y.id],
      ]);
      await sql.query("BEGIN");
      await sql.query(`UPDATE users SET roles = '{ADMIN}' WHERE id = $1`, [x.id]);
      await sql.query("ROLLBACK");
      await sql.query(`UPDATE users SET roles = '{ADMIN}' WHERE id = ANY($1)`, [[x.id, y.id]]);
      await hear([`${x.id},${y.id}`], "roles of two users: one notification naming both; nothing before it");
      await sql.query(`UPDATE sessions SET "revokedAt" = now() WHERE "userId" = $1`, [y.id]);
      await hear([y.id], "a revocation names the session's user");
      await sql.query(`DELETE FROM sessions WHERE "userId" = $1`, [x.id]);
      await hear([x.id], "a deleted session names its user");
      await sql.query(`UPDATE sessions SET "revokedAt" = now() WHERE false`);
      await sql.query(`UPDATE users SET roles = roles WHERE id = $1`, [x.id]);
      await sql.query(`TRUNCATE sessions CASCADE`);
      await hear(["*"], "a statement that changed nobody's actor says nothing; TRUNCATE says everyone");
    } finally {
      await listener.end();
    }
  });
});
