/**
 * Issue 12 item 11: every EIP-4361 field of a sign-in message is checked, each with its own problem detail.
 * Each mutated message is signed by the wallet it names, so only the field check can refuse it.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { createTestContext, type TestContext } from "../../test/support/harness.ts";
import { API } from "../../test/support/fixtures.ts";

const MINUTE = 60_000;
const DAY = 86_400_000;

describe("12.11 SIWE fields are checked as EIP-4361 says", () => {
  let t: TestContext;
  before(async () => {
    t = await createTestContext();
  });
  after(async () => t.close());

  async function validMessage(account: PrivateKeyAccount, issuedAt = new Date()): Promise<string> {
    const { nonce } = (await t.anonymous.post(`${API}/auth/nonce`)).body as { nonce: string };
    return createSiweMessage({
      address: account.address,
      chainId: t.config.siwe.chainId,
      domain: t.config.siwe.domain,
      nonce,
      uri: t.config.webOrigin,
      version: "1",
      issuedAt,
      expirationTime: new Date(issuedAt.getTime() + 10 * MINUTE),
    });
  }

  async function attempt(account: PrivateKeyAccount, message: string) {
    return t.anonymous.post(`${API}/auth/verify`, { message, signature: await account.signMessage({ message }) });
  }

  const iso = (ms: number) => new Date(ms).toISOString();
  const line = (name: string) => new RegExp(`^${name}: .*$`, "m");

  /** One mutation per field: the field it breaks, and the message text with that field changed. */
  const MUTATIONS: { field: string; detail: RegExp; mutate: (m: string, a: PrivateKeyAccount) => string }[] = [
    { field: "domain", detail: /domain localhost:5173/, mutate: (m) => m.replace(/^localhost:5173 /, "evil.example ") },
    { field: "scheme", detail: /scheme must be http/, mutate: (m) => `https://${m}` },
    { field: "address", detail: /EIP-55/, mutate: (m, a) => m.replace(a.address, a.address.toLowerCase()) },
    {
      field: "uri",
      detail: /URI .*http:\/\/localhost:5173/,
      mutate: (m) => m.replace(line("URI"), "URI: https://evil.example/login"),
    },
    {
      field: "uri",
      detail: /URI .*http:\/\/localhost:5173/,
      mutate: (m) => m.replace(line("URI"), "URI: https://localhost:5173"),
    },
    { field: "uri", detail: /URI .*http:\/\/localhost:5173/, mutate: (m) => m.replace(line("URI"), "URI: not a uri") },
    { field: "version", detail: /version must be 1/, mutate: (m) => m.replace(line("Version"), "Version: 2") },
    { field: "chainId", detail: /chain 31337/, mutate: (m) => m.replace(line("Chain ID"), "Chain ID: 1") },
    { field: "nonce", detail: /nonce/, mutate: (m) => m.replace(line("Nonce"), "Nonce: abcdefgh12345678") },
    {
      field: "issuedAt",
      detail: /issued in the future/,
      mutate: (m) => m.replace(line("Issued At"), `Issued At: ${iso(Date.now() + 3 * DAY)}`),
    },
    {
      field: "issuedAt",
      detail: /issued more than/,
      mutate: (m) => m.replace(line("Issued At"), `Issued At: ${iso(Date.now() - 2 * 365 * DAY)}`),
    },
    {
      field: "issuedAt",
      detail: /Issued At.*RFC 3339/,
      mutate: (m) => m.replace(line("Issued At"), "Issued At: yesterday"),
    },
    {
      field: "expirationTime",
      detail: /expired/,
      mutate: (m) => m.replace(line("Expiration Time"), `Expiration Time: ${iso(Date.now() - MINUTE)}`),
    },
    {
      field: "expirationTime",
      detail: /Expiration Time.*RFC 3339/,
      mutate: (m) => m.replace(line("Expiration Time"), "Expiration Time: soon"),
    },
    {
      field: "notBefore",
      detail: /not valid before/,
      mutate: (m) => m.replace(line("Expiration Time"), (l) => `${l}\nNot Before: ${iso(Date.now() + 5 * MINUTE)}`),
    },
  ];

  it("12.11 accepts the valid message the web app builds", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    assert.equal((await attempt(account, await validMessage(account))).status, 200);
  });

  for (const { field, detail, mutate } of MUTATIONS) {
    it(`12.11 refuses a message whose ${field} is wrong, saying so (${detail.source})`, async () => {
      const account = privateKeyToAccount(generatePrivateKey());
      const good = await validMessage(account);
      const bad = mutate(good, account);
      assert.notEqual(bad, good, "the mutation changed the message");
      const res = await attempt(account, bad);
      assert.equal(res.status, 401, res.text);
      assert.equal(res.body.code, "sign_in_rejected");
      assert.equal(res.body.field, field, res.body.detail);
      assert.match(res.body.detail, detail);
      assert.equal(await t.db.user.count({ where: { address: account.address } }), 0, "no user created");
      // The nonce of the refused message is still good for the genuine one.
      assert.equal((await attempt(account, good)).status, 200);
    });
  }

  it("12.11 tolerates a small clock skew and refuses beyond it (property)", async () => {
    const skewMs = t.config.siwe.clockSkewSeconds * 1000;
    const maxAgeMs = (t.config.siwe.nonceTtlSeconds + t.config.siwe.clockSkewSeconds) * 1000;
    await fc.assert(
      fc.asyncProperty(
        // Offsets of issuedAt from now, kept away from the bounds by a margin so the test never depends on timing.
        fc.oneof(
          fc.integer({ min: -maxAgeMs + 5_000, max: skewMs - 5_000 }).map((offset) => ({ offset, ok: true })),
          fc.integer({ min: skewMs + 5_000, max: 400 * DAY }).map((offset) => ({ offset, ok: false })),
          fc.integer({ min: -400 * DAY, max: -maxAgeMs - 5_000 }).map((offset) => ({ offset, ok: false })),
        ),
        async ({ offset, ok }) => {
          const account = privateKeyToAccount(generatePrivateKey());
          const issuedAt = new Date(Date.now() + offset);
          const message = (await validMessage(account)).replace(
            line("Issued At"),
            `Issued At: ${issuedAt.toISOString()}`,
          );
          const res = await attempt(account, message);
          assert.equal(res.status, ok ? 200 : 401, `${offset} ms: ${res.text}`);
          if (!ok) assert.equal(res.body.field, "issuedAt");
        },
      ),
      { numRuns: 25 },
    );
  });

  it("12.11 each field mutation is refused with its own message (generator over fields)", async () => {
    const distinct = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MUTATIONS), async ({ field, mutate }) => {
        const account = privateKeyToAccount(generatePrivateKey());
        const res = await attempt(account, mutate(await validMessage(account), account));
        assert.equal(res.status, 401);
        assert.equal(res.body.field, field);
        distinct.add(`${field}|${String(res.body.detail).replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "")}`);
      }),
      { numRuns: 40 },
    );
    const fields = new Set([...distinct].map((d) => d.split("|")[0]));
    const details = new Set([...distinct].map((d) => d.split("|")[1]));
    assert.ok(details.size >= fields.size, "no two fields share a message");
  });
});
