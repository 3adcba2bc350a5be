/**
 * The signed-in pages' data (issue 17), seeded with multi-row statements (generate_series, unnest of arrays):
 * PORTFOLIO_INVESTORS investors holding 50 tokens each, a token with `holders` holders (its property managed by the manager), `kyc`
 * applications in the officers' queue (identities sealed with the servers' key ring, so the queue decrypts
 * their names as in production) and `audit` audit entries. Every person has a real session: the cookie holds a
 * random token whose SHA-256 is in `sessions`, as after signing in.
 *
 * Each measure is read by different people or pages at once, as on a live platform: the portfolio by
 * PORTFOLIO_INVESTORS investors (one per connection, each holding the same number of tokens), the cap table a page
 * at a time at ten places in it. Fifty connections asking for one investor's portfolio would measure something no
 * real traffic does: the same statement answered fifty times over.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { getAddress } from "ethers";
import pg from "pg";
import type { KeyRing } from "../src/crypto/key-ring.ts";
import type { Identity } from "../src/kyc/identity.ts";
import { sealIdentity } from "../src/kyc/protection.ts";
import { SESSION_COOKIE } from "../src/auth/session.ts";
import { rebuildBalances } from "../src/chain/sync/balances.ts";
import type { Target } from "./measure.ts";
import { sealDisplayName } from "../src/users/display-name.ts";

export interface SignedInSizes {
  holders: number;
  kyc: number;
  audit: number;
}

/** A measure's requests: each path (under /api/v1) as each reader (a session cookie). */
export interface SignedInPage {
  paths: string[];
  cookies: string[];
}

/** What the benchmark requests, per measure. */
export interface SignedInPages {
  portfolio: SignedInPage;
  capTable: SignedInPage;
  kycQueue: SignedInPage;
  audit: SignedInPage;
}

const CHAIN_ID = 31337;
const ZERO = "0x0000000000000000000000000000000000000000";
const PARTITION = `0x${"00".repeat(32)}`;
/** The tokens each investor holds, and how many investors read their portfolio at once. */
export const PORTFOLIO_HOLDINGS = 50;
export const PORTFOLIO_INVESTORS = 50;
/** Addresses by number, distinct per kind of party (`prefix` is one hex digit), checksummed as the sync stores them. */
const address = (prefix: string, n: number): string => getAddress(`0x${prefix}${n.toString(16).padStart(39, "0")}`);
const RANDOM_HASH = `'0x' || md5(random()::text) || md5(random()::text)`;

/**
 * Inserts rows column by column through unnest (one statement per 5,000 rows instead of one per row); `constants`
 * are SQL expressions for the columns every row shares.
 */
async function insertColumns(
  c: pg.Client,
  table: string,
  columns: Record<string, { type: string; values: unknown[] }>,
  constants: Record<string, string> = {},
): Promise<void> {
  const names = Object.keys(columns);
  const n = columns[names[0]!]!.values.length;
  const quoted = [...names, ...Object.keys(constants)].map((k) => `"${k}"`).join(", ");
  const fixed = Object.values(constants)
    .map((v) => `, ${v}`)
    .join("");
  const unnest = names.map((k, i) => `$${i + 1}::${columns[k]!.type}[]`).join(", ");
  for (let start = 0; start < n; start += 5_000) {
    const slice = names.map((k) => columns[k]!.values.slice(start, start + 5_000));
    await c.query(`INSERT INTO ${table} (${quoted}) SELECT *${fixed} FROM unnest(${unnest})`, slice);
  }
}

async function person(
  c: pg.Client,
  ring: KeyRing,
  addr: string,
  role: string,
): Promise<{ id: string; cookie: string }> {
  const id = randomUUID();
  const name = sealDisplayName(ring, id, `Bench ${role.toLowerCase()}`);
  const { rows } = await c.query<{ id: string }>(
    `INSERT INTO users (id, address, "displayNameCiphertext", "displayNameKeyId", roles, "updatedAt")
     VALUES ($1, $2, $3, $4, ARRAY[$5]::"Role"[], now()) RETURNING id`,
    [id, addr, name.displayNameCiphertext, name.displayNameKeyId, role],
  );
  const token = randomBytes(32).toString("base64url");
  await c.query(
    `INSERT INTO sessions (id, "userId", "tokenHash", "expiresAt") VALUES (gen_random_uuid(), $1, $2, now() + interval '1 day')`,
    [rows[0]!.id, createHash("sha256").update(token).digest("hex")],
  );
  return { id: rows[0]!.id, cookie: `${SESSION_COOKIE}=${token}` };
}

/** Mints: one Transfer from the zero address per (token, holder), in blocks from `firstBlock`. */
async function mints(c: pg.Client, moves: { token: string; holder: string; units: number }[], firstBlock: number) {
  await insertColumns(
    c,
    "chain_events",
    {
      blockNumber: { type: "int", values: moves.map((_, i) => firstBlock + i) },
      address: { type: "text", values: moves.map((m) => m.token) },
      token: { type: "text", values: moves.map((m) => m.token) },
      toAddr: { type: "text", values: moves.map((m) => m.holder) },
      amount: { type: "numeric", values: moves.map((m) => String(m.units)) },
    },
    {
      chainId: String(CHAIN_ID),
      blockHash: RANDOM_HASH,
      logIndex: "0",
      txHash: RANDOM_HASH,
      blockTime: "now()",
      contract: `'PropertyToken'`,
      name: `'Transfer'`,
      partition: `'${PARTITION}'`,
      fromAddr: `'${ZERO}'`,
      args: `'{}'::jsonb`,
    },
  );
}

export async function seedSignedIn(databaseUrl: string, sizes: SignedInSizes, ring: KeyRing): Promise<SignedInPages> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    const investors: { cookie: string }[] = [];
    for (let n = 1; n <= PORTFOLIO_INVESTORS; n++) investors.push(await person(c, ring, address("1", n), "INVESTOR"));
    const officer = await person(c, ring, address("2", 1), "COMPLIANCE_OFFICER");
    const manager = await person(c, ring, address("3", 1), "PROPERTY_MANAGER");

    // The cap table: a launched property of the manager's, its token minted to `holders` holders.
    const token = address("4", 1);
    const offering = address("5", 1);
    const property = (
      await c.query<{ id: string }>(
        `INSERT INTO properties (id, "ownerId", "managerId", name, type, status, "addressLine1", city, country, currency, "updatedAt")
         VALUES (gen_random_uuid(), $1, $1, 'Cap Table Tower', 'RESIDENTIAL', 'FUNDED', '1 Rua', 'Lisbon', 'PT', 'EUR', now()) RETURNING id`,
        [manager.id],
      )
    ).rows[0]!.id;
    await c.query(
      `INSERT INTO chain_contracts ("chainId", address, kind, "propertyId", token, "fromBlock") VALUES ($1, $2, 'PropertyOffering', $3, $4, 1)`,
      [CHAIN_ID, offering, property, token],
    );
    await c.query(
      `INSERT INTO chain_offerings ("chainId", address, "propertyId", token, "tokenSymbol", outcome, "discoveredBlock", launcher)
       VALUES ($1, $2, $3, $4, 'CAPT', 'finalized', 1, $5)`,
      [CHAIN_ID, offering, property, token, address("3", 1)],
    );
    const holders = Array.from({ length: sizes.holders }, (_, i) => ({
      token,
      holder: address("6", i + 1),
      units: 1_000 + (i % 977),
    }));
    await mints(c, holders, 10);
    // The portfolios: each investor holds the same 50 tokens.
    const held = Array.from({ length: PORTFOLIO_INVESTORS * PORTFOLIO_HOLDINGS }, (_, i) => ({
      token: address("7", (i % PORTFOLIO_HOLDINGS) + 1),
      holder: address("1", Math.floor(i / PORTFOLIO_HOLDINGS) + 1),
      units: 10 + i,
    }));
    await mints(c, held, 10 + sizes.holders);
    // The cap tables read the balances the chain sync keeps; these events were not written by the sync.
    await rebuildBalances(c, CHAIN_ID);

    // The KYC queue: one applicant per application (one live application each), identities sealed per id.
    const ids = Array.from({ length: sizes.kyc }, () => randomUUID());
    const applicants = Array.from({ length: sizes.kyc }, () => randomUUID());
    const wallets = ids.map((_, i) => address("8", i + 1));
    await insertColumns(
      c,
      "users",
      { id: { type: "uuid", values: applicants }, address: { type: "text", values: wallets } },
      { updatedAt: "now()" },
    );
    const sealed = ids.map((id, i) =>
      sealIdentity(ring, id, {
        givenNames: `Applicant${i}`,
        familyName: "Bench",
        otherNames: [],
        dateOfBirth: "1980-01-01",
        nationality: 620,
        residence: { line1: "1 Rua", city: "Lisbon", country: 620 },
        document: { type: "PASSPORT", number: `B${i}`, issuingCountry: 620, expiresOn: "2036-01-01" },
      } as Identity),
    );
    // the queue: awaiting a first look or in review (decided applications carry facts this seed does not invent)
    const statuses = ["SUBMITTED", "SUBMITTED", "UNDER_REVIEW"];
    await insertColumns(
      c,
      "kyc_applications",
      {
        id: { type: "uuid", values: ids },
        applicantId: { type: "uuid", values: applicants },
        wallet: { type: "text", values: wallets },
        status: { type: `"KycStatus"`, values: ids.map((_, i) => statuses[i % statuses.length]) },
        identityCiphertext: { type: "text", values: sealed.map((s) => s.identityCiphertext) },
        identityKeyId: { type: "text", values: sealed.map((s) => s.identityKeyId) },
        nameCiphertext: { type: "text", values: sealed.map((s) => s.nameCiphertext) },
        riskScore: { type: "smallint", values: ids.map((_, i) => (i % 7 === 0 ? null : (i * 37) % 101)) },
        createdAt: { type: "timestamp", values: ids.map((_, i) => new Date(Date.now() - (sizes.kyc - i) * 60_000)) },
      },
      { residenceCountry: "620", pepDeclared: "false", accreditationClaimed: "false", updatedAt: "now()" },
    );

    // The audit trail: entries by the officer and the manager over entity types and actions, a second apart (entity
    // n % 5000 of type n % 8: entity "8" is a property with an entry every 5,000).
    await c.query(
      `INSERT INTO audit_entries (at, "actorId", "actorAddress", action, "entityType", "entityId", "after", "prevHash", hash)
       SELECT now() - (($1::int - g) || ' seconds')::interval, CASE WHEN g % 2 = 0 THEN $2::uuid ELSE $3::uuid END, NULL,
         (ARRAY['property.created','property.updated','kyc.approved','kyc.rejected','user.roles_changed','title.verified','lease.created','valuation.recorded'])[1 + g % 8],
         (ARRAY['property','property','kyc_application','kyc_application','user','land_title','lease','valuation'])[1 + g % 8],
         md5((g % 5000)::text), jsonb_build_object('n', g), encode(sha256(('p' || g)::bytea), 'hex'), encode(sha256(('h' || g)::bytea), 'hex')
       FROM generate_series(1, $1::int) AS g`,
      [sizes.audit, officer.id, manager.id],
    );
    await c.query("COMMIT");
    // The state autovacuum keeps a production database in: hint bits set and the visibility map written, so the
    // measured reads do not pay for the bulk load (the first reader of each fresh page writes it) and no autovacuum
    // of the new rows runs during the measurement.
    await c.query("VACUUM (ANALYZE)");
    const mid = Math.floor(sizes.audit / 2);
    const day = new Date(Date.now() - Math.floor(sizes.audit / 3) * 1000);
    // the cap table's first page and the pages after each tenth of its holders
    const capTablePaths = Array.from({ length: 10 }, (_, k) =>
      k === 0
        ? `/chain/properties/${property}/cap-table`
        : `/chain/properties/${property}/cap-table?after=${address("6", Math.floor((sizes.holders * k) / 10))}:${PARTITION}`,
    );
    return {
      portfolio: { paths: ["/chain/portfolio"], cookies: investors.map((i) => i.cookie) },
      capTable: { paths: capTablePaths, cookies: [manager.cookie] },
      kycQueue: {
        paths: [
          "/kyc/applications?status=SUBMITTED&sort=submitted&limit=25",
          "/kyc/applications?status=SUBMITTED&sort=risk&limit=25",
          "/kyc/applications?sort=-submitted&limit=25",
          "/kyc/applications?status=UNDER_REVIEW&sort=-submitted&limit=25",
        ],
        cookies: [officer.cookie],
      },
      audit: {
        paths: [
          "/audit?order=desc&limit=50",
          "/audit?entityType=kyc_application&order=desc&limit=50",
          `/audit?action=user.roles_changed&afterSeq=${mid}&limit=50`,
          `/audit?actorId=${manager.id}&order=desc&beforeSeq=${mid}&limit=50`,
          `/audit?entityType=property&entityId=${md5("8")}&order=desc&limit=50`,
          `/audit?from=${encodeURIComponent(day.toISOString())}&limit=50`,
        ],
        cookies: [officer.cookie],
      },
    };
  } finally {
    await c.end();
  }
}

/** A measure's requests for the load generator: every path on `base`, as each reader in turn. */
export function signedInTarget(page: SignedInPage, base: string): Target {
  return { urls: page.paths.map((p) => base + p), cookies: page.cookies };
}

/** Every signed-in page answers its reader with 200 and something in it (run before measuring). */
export async function checkPages(api: string, pages: SignedInPages): Promise<void> {
  for (const [name, page] of Object.entries(pages)) {
    for (const p of page.paths) {
      for (const cookie of page.cookies) {
        const res = await fetch(api + p, { headers: { cookie } });
        const text = await res.text();
        if (res.status !== 200 || text.length < 200)
          throw new Error(`${name} check failed for ${p}: ${res.status} ${text.slice(0, 300)}`);
      }
    }
  }
}

const md5 = (v: string): string => createHash("md5").update(v).digest("hex");
