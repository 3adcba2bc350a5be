/** The public response cache's own rules: live only with its feed, generation-guarded stores, TTL, size bound. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PublicResponseCache } from "./public-cache.ts";

function cache(options: { ttlMs?: number; maxEntries?: number } = {}) {
  let now = 1_000;
  const c = new PublicResponseCache({
    ttlMs: options.ttlMs ?? 100,
    maxEntries: options.maxEntries ?? 3,
    now: () => now,
  });
  return { c, advance: (ms: number) => (now += ms) };
}

describe("PublicResponseCache", () => {
  it("stores and serves nothing until its change feed is live, and forgets everything when the feed is lost", () => {
    const { c } = cache();
    c.set("/a", c.generation, { json: "[1]" });
    assert.equal(c.get("/a"), undefined, "not live: not stored");
    c.setLive(true);
    c.set("/a", c.generation, { json: "[1]", version: 4 });
    assert.deepEqual({ ...c.get("/a") }, { json: "[1]", version: 4, expiresAt: 1_100 });
    c.setLive(false);
    assert.equal(c.get("/a"), undefined);
    c.setLive(true);
    assert.equal(c.get("/a"), undefined, "entries from before the outage are gone");
  });

  it("never stores a response computed before the last invalidation", () => {
    const { c } = cache();
    c.setLive(true);
    const startedAt = c.generation;
    c.invalidate(); // a write committed while the response was being computed
    c.set("/a", startedAt, { json: "[old]" });
    assert.equal(c.get("/a"), undefined);
    c.set("/a", c.generation, { json: "[new]" });
    assert.equal(c.get("/a")?.json, "[new]");
  });

  it("drops every entry on invalidation", () => {
    const { c } = cache();
    c.setLive(true);
    c.set("/a", c.generation, { json: "a" });
    c.set("/b", c.generation, { json: "b" });
    c.invalidate();
    assert.equal(c.size, 0);
    assert.equal(c.get("/a"), undefined);
  });

  it("expires entries after the TTL", () => {
    const { c, advance } = cache({ ttlMs: 100 });
    c.setLive(true);
    c.set("/a", c.generation, { json: "a" });
    advance(99);
    assert.equal(c.get("/a")?.json, "a");
    advance(1);
    assert.equal(c.get("/a"), undefined);
    assert.equal(c.size, 0);
  });

  it("keeps at most maxEntries, dropping the oldest", () => {
    const { c } = cache({ maxEntries: 2 });
    c.setLive(true);
    for (const k of ["/a", "/b", "/c"]) c.set(k, c.generation, { json: k });
    assert.equal(c.size, 2);
    assert.equal(c.get("/a"), undefined);
    assert.equal(c.get("/c")?.json, "/c");
    c.set("/c", c.generation, { json: "again" });
    assert.equal(c.size, 2, "replacing an entry does not evict another");
    assert.equal(c.get("/b")?.json, "/b");
  });

  it("is off with a TTL of 0", () => {
    const { c } = cache({ ttlMs: 0 });
    c.setLive(true);
    assert.equal(c.enabled, false);
    c.set("/a", c.generation, { json: "a" });
    assert.equal(c.get("/a"), undefined);
  });
});
