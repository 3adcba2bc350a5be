/**
 * The session cache on its own (auth/session-cache.ts): the rules that keep a revoked session or a removed role from
 * outliving its change. Its feed and the API around it: test/session-cache.test.ts.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Role } from "../generated/prisma/enums.ts";
import type { Actor } from "./actor.ts";
import { SessionCache } from "./session-cache.ts";

const actor = (id: string, roles: Role[] = ["INVESTOR"]): Actor => ({
  id,
  address: `0x${id.padStart(40, "0")}`,
  roles,
});

function liveCache(options: { ttlMs?: number; maxEntries?: number } = {}) {
  let now = 1_000_000;
  const cache = new SessionCache({
    ttlMs: options.ttlMs ?? 60_000,
    maxEntries: options.maxEntries ?? 100,
    now: () => now,
  });
  cache.setLive(true);
  return { cache, advance: (ms: number) => (now += ms), at: (ms: number) => new Date(now + ms) };
}

describe("session cache", () => {
  it("keeps an entry until the earlier of its session's expiry and the TTL", () => {
    const { cache, advance, at } = liveCache({ ttlMs: 10_000 });
    cache.set("short", cache.generation, actor("1"), at(3_000));
    cache.set("long", cache.generation, actor("2"), at(3_600_000));
    advance(2_999);
    assert.equal(cache.get("short")?.id, "1");
    advance(1);
    assert.equal(cache.get("short"), undefined, "the session expired");
    assert.equal(cache.get("long")?.id, "2");
    advance(7_000);
    assert.equal(cache.get("long"), undefined, "the TTL ended");
    cache.set("expired", cache.generation, actor("3"), at(0));
    assert.equal(cache.size, 0, "a session that has already expired is not stored");
  });

  it("does not store a lookup that began before an invalidation, of anyone", () => {
    const { cache, at } = liveCache();
    const before = cache.generation;
    cache.forget(["someone-else"]);
    cache.set("t", before, actor("1"), at(60_000));
    assert.equal(cache.get("t"), undefined);
    cache.set("t", cache.generation, actor("1"), at(60_000));
    assert.equal(cache.get("t")?.id, "1");
  });

  it("forgets the named users' sessions only, or everyone's on '*' or an empty payload", () => {
    const { cache, at } = liveCache();
    const fill = () => {
      cache.set("a1", cache.generation, actor("a"), at(60_000));
      cache.set("a2", cache.generation, actor("a"), at(60_000));
      cache.set("b1", cache.generation, actor("b"), at(60_000));
    };
    fill();
    cache.changed("a,c");
    assert.deepEqual(
      ["a1", "a2", "b1"].map((t) => cache.get(t)?.id),
      [undefined, undefined, "b"],
    );
    for (const payload of ["*", "", " , "]) {
      fill();
      cache.changed(payload);
      assert.equal(cache.size, 0, `payload ${JSON.stringify(payload)}`);
    }
  });

  it("is bypassed and emptied while its change feed is down, and with a TTL of 0", () => {
    const { cache, at } = liveCache();
    cache.set("t", cache.generation, actor("1"), at(60_000));
    cache.setLive(false);
    assert.equal(cache.enabled, false);
    assert.equal(cache.get("t"), undefined);
    cache.set("t", cache.generation, actor("1"), at(60_000));
    cache.setLive(true);
    assert.equal(cache.get("t"), undefined, "nothing from before or during the outage survives it");
    const off = new SessionCache({ ttlMs: 0, maxEntries: 10 });
    off.setLive(true);
    off.set("t", off.generation, actor("1"), new Date(Date.now() + 60_000));
    assert.equal(off.get("t"), undefined);
  });

  it("drops the oldest entry beyond its size, and serves a frozen actor that no handler can change", () => {
    const { cache, at } = liveCache({ maxEntries: 2 });
    for (const t of ["x", "y", "z"]) cache.set(t, cache.generation, actor(t), at(60_000));
    assert.deepEqual(
      ["x", "y", "z"].map((t) => cache.get(t)?.id),
      [undefined, "y", "z"],
    );
    const served = cache.get("y")!;
    assert.throws(() => served.roles.push("ADMIN"), TypeError);
    assert.throws(() => {
      (served as { id: string }).id = "z";
    }, TypeError);
  });

  it("class: any interleaving of lookups, changes, feed outages and time: what it serves is what the database says now", () => {
    // The database: each token's session (its user, revoked or not, expiry) and each user's roles. A lookup is two
    // steps, as in sessionMiddleware: it reads the generation and the database, then (any time later) stores what it
    // read. A change forgets its users at once while the feed is up (the notification); while it is down the
    // notification is lost, as a real outage loses it. Each feed step drops or restores the feed; sessions expire
    // within the run, and the TTL is longer than any of them (what keeps an expired session out is its expiry).
    const users = ["u0", "u1"];
    const tokens = ["t0", "t1", "t2"];
    const owner = (token: string) => users[Number(token.slice(1)) % users.length]!;
    const token = fc.constantFrom(...tokens);
    const op = fc.oneof(
      { weight: 4, arbitrary: fc.record({ kind: fc.constant("begin" as const), token }) },
      { weight: 4, arbitrary: fc.record({ kind: fc.constant("finish" as const), pick: fc.nat() }) },
      { weight: 4, arbitrary: fc.record({ kind: fc.constant("get" as const), token }) },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant("roles" as const),
          user: fc.constantFrom(...users),
          roles: fc.subarray(["ADMIN", "COMPLIANCE_OFFICER", "INVESTOR"] as Role[]),
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("revoke" as const), token }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("feed" as const) }) },
      {
        weight: 2,
        arbitrary: fc.record({ kind: fc.constant("time" as const), ms: fc.integer({ min: 0, max: 3_000 }) }),
      },
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 20, maxLength: 80, size: "max" }), (ops) => {
        let now = 0;
        const cache = new SessionCache({ ttlMs: 30_000, maxEntries: 3, now: () => now });
        cache.setLive(true);
        let feedUp = true;
        const roles = new Map<string, Role[]>(users.map((u) => [u, ["INVESTOR"]]));
        const revoked = new Set<string>();
        const expiresAt = new Map(tokens.map((t, i) => [t, 6_000 * (i + 1)]));
        const truth = (token: string): Actor | null =>
          revoked.has(token) || expiresAt.get(token)! <= now
            ? null
            : { id: owner(token), address: "0x", roles: [...roles.get(owner(token))!] };
        const pending: { token: string; generation: number; read: Actor | null }[] = [];
        for (const o of ops) {
          if (o.kind === "begin") pending.push({ token: o.token, generation: cache.generation, read: truth(o.token) });
          else if (o.kind === "finish") {
            const [lookup] = pending.splice(o.pick % Math.max(1, pending.length), 1);
            if (lookup?.read)
              cache.set(lookup.token, lookup.generation, lookup.read, new Date(expiresAt.get(lookup.token)!));
          } else if (o.kind === "get") {
            const served = cache.get(o.token);
            if (served)
              assert.deepEqual({ ...served, roles: [...served.roles] }, truth(o.token), `${o.token} at ${now}`);
          } else if (o.kind === "roles") {
            roles.set(o.user, o.roles);
            if (feedUp) cache.forget([o.user]);
          } else if (o.kind === "revoke") {
            revoked.add(o.token);
            if (feedUp) cache.forget([owner(o.token)]);
          } else if (o.kind === "feed") {
            feedUp = !feedUp;
            cache.setLive(feedUp);
          } else if (o.kind === "time") now += o.ms;
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
