/**
 * Issue 12 item 8: sign-in limits behind a proxy. Real requests carrying X-Forwarded-For, against the real app,
 * without a trusted proxy (the header is ignored) and with one (clients are told apart, forged hops ignored);
 * and the per-account bucket of failed sign-ins, which cannot lock the owner of the key out.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { ConfigError } from "../config/index.ts";
import { createTestContext, testConfig, type TestContext } from "../../test/support/harness.ts";
import { API } from "../../test/support/fixtures.ts";

const nonceFrom = (t: TestContext, forwardedFor?: string) =>
  t.anonymous.post(
    `${API}/auth/nonce`,
    undefined,
    forwardedFor ? { headers: { "x-forwarded-for": forwardedFor } } : {},
  );

describe("12.8 rate limits behind a proxy", () => {
  it("12.8 TRUST_PROXY is validated at start: false, a hop count, or addresses/subnets/Express names", () => {
    assert.equal(testConfig().trustProxy, false, "default: no proxy trusted");
    assert.equal(testConfig({ TRUST_PROXY: "false" }).trustProxy, false);
    assert.equal(testConfig({ TRUST_PROXY: "2" }).trustProxy, 2);
    assert.deepEqual(testConfig({ TRUST_PROXY: "loopback, 10.0.0.0/8,2001:db8::/32, 192.0.2.7" }).trustProxy, [
      "loopback",
      "10.0.0.0/8",
      "2001:db8::/32",
      "192.0.2.7",
    ]);
    for (const bad of ["true", "11", "10.0.0.0/33", "::1/129", "proxy.example", "10.0.0.1/8/2", "loopback,", "-1"]) {
      assert.throws(
        () => testConfig({ TRUST_PROXY: bad }),
        (e: unknown) => e instanceof ConfigError && /TRUST_PROXY/.test(e.message),
        bad,
      );
    }
  });

  describe("12.8 without a trusted proxy", () => {
    let t: TestContext;
    before(async () => {
      // The harness signs its admin in with 2 limited calls: 2 are left.
      t = await createTestContext({ AUTH_RATE_LIMIT_PER_MINUTE: "4" });
    });
    after(async () => t.close());

    it("12.8 ignores X-Forwarded-For: a client cannot pick a fresh bucket by sending one", async () => {
      assert.equal((await nonceFrom(t, "203.0.113.1")).status, 201);
      assert.equal((await nonceFrom(t, "203.0.113.2")).status, 201);
      const third = await nonceFrom(t, "203.0.113.3");
      assert.equal(third.status, 429);
      assert.equal(third.body.code, "rate_limited");
    });
  });

  describe("12.8 behind a trusted proxy (TRUST_PROXY=loopback)", () => {
    let t: TestContext;
    before(async () => {
      t = await createTestContext({ AUTH_RATE_LIMIT_PER_MINUTE: "3", TRUST_PROXY: "loopback" });
    });
    after(async () => t.close());

    it("12.8 keys the limit by the real client: one client exhausting its bucket does not lock out another", async () => {
      for (let i = 0; i < 3; i++) assert.equal((await nonceFrom(t, "203.0.113.10")).status, 201);
      assert.equal((await nonceFrom(t, "203.0.113.10")).status, 429);
      assert.equal((await nonceFrom(t, "203.0.113.11")).status, 201, "another client behind the same proxy");
      // A value the client wrote itself, left of what the proxy appended, is not believed.
      assert.equal((await nonceFrom(t, "198.51.100.99, 203.0.113.10")).status, 429);
    });

    it("12.8 property: each client gets exactly its own limit, whatever the interleaving and forged hops", async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({ client: fc.integer({ min: 0, max: 3 }), forged: fc.option(fc.ipV4(), { nil: undefined }) }),
            { minLength: 1, maxLength: 14 },
          ),
          async (calls) => {
            run += 1;
            const seen = new Map<number, number>();
            for (const { client, forged } of calls) {
              const real = `10.${run % 250}.${Math.floor(run / 250)}.${client + 1}`;
              const count = (seen.get(client) ?? 0) + 1;
              seen.set(client, count);
              const res = await nonceFrom(t, forged ? `${forged}, ${real}` : real);
              assert.equal(res.status, count <= 3 ? 201 : 429, `client ${real}, call ${count}`);
            }
          },
        ),
        { numRuns: 30 },
      );
    });
  });

  describe("12.8 hop count (TRUST_PROXY=1)", () => {
    let t: TestContext;
    before(async () => {
      t = await createTestContext({ AUTH_RATE_LIMIT_PER_MINUTE: "3", TRUST_PROXY: "1" });
    });
    after(async () => t.close());

    it("12.8 believes only the address the last proxy appended", async () => {
      for (const forged of ["192.0.2.1", "192.0.2.2", "192.0.2.3"])
        assert.equal((await nonceFrom(t, `${forged}, 203.0.113.20`)).status, 201);
      assert.equal((await nonceFrom(t, "192.0.2.4, 203.0.113.20")).status, 429);
      assert.equal((await nonceFrom(t, "203.0.113.21")).status, 201);
    });
  });

  describe("12.8 per-account limit on failed sign-ins", () => {
    let t: TestContext;
    before(async () => {
      t = await createTestContext({
        TRUST_PROXY: "loopback",
        AUTH_ACCOUNT_FAILED_LIMIT: "3",
        AUTH_ACCOUNT_WINDOW_SECONDS: "600",
      });
    });
    after(async () => t.close());

    async function attempt(claimed: PrivateKeyAccount, signer: PrivateKeyAccount, ip: string) {
      const { nonce } = (await nonceFrom(t, ip)).body as { nonce: string };
      const message = createSiweMessage({
        address: claimed.address,
        chainId: t.config.siwe.chainId,
        domain: t.config.siwe.domain,
        nonce,
        uri: t.config.webOrigin,
        version: "1",
        issuedAt: new Date(),
      });
      return t.anonymous.post(
        `${API}/auth/verify`,
        { message, signature: await signer.signMessage({ message }) },
        { headers: { "x-forwarded-for": ip } },
      );
    }

    it("12.8 refuses further failures for an account attacked from many clients, never its owner", async () => {
      const victim = privateKeyToAccount(generatePrivateKey());
      const attacker = privateKeyToAccount(generatePrivateKey());
      for (let i = 0; i < 3; i++) {
        const res = await attempt(victim, attacker, `198.51.100.${i + 1}`);
        assert.equal(res.status, 401);
        assert.equal(res.body.field, "signature");
      }
      const blocked = await attempt(victim, attacker, "198.51.100.50");
      assert.equal(blocked.status, 429);
      assert.match(blocked.body.detail, /for this account/);
      const bystander = privateKeyToAccount(generatePrivateKey());
      assert.equal(
        (await attempt(bystander, attacker, "198.51.100.51")).status,
        401,
        "other accounts are not affected",
      );
      const owner = await attempt(victim, victim, "198.51.100.52");
      assert.equal(owner.status, 200, "the key's owner is never locked out by someone else's failures");
      assert.equal((await attempt(victim, victim, "198.51.100.1")).status, 200, "not even from an attacker's address");
    });
  });
});
