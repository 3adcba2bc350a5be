/**
 * The demo data of a first start, created the way real people create it: every record through the backend's API
 * (signed in with SIWE, under its rules and audit trail) and every on-chain fact through the deployed contracts.
 * Nothing is written into tables directly.
 *
 *   Harbour View Residences  FUNDED     sold out to Alice and Bob 13 months ago, units delivered, proceeds released;
 *                                       twelve months of books closed, each paid out on chain naming its statement
 *                                       (Bob claims monthly, Alice quarterly: two months are still hers to claim);
 *                                       a holders' vote open now (roof and lift, a week): Bob voted for, Alice not yet
 *   Quayside Warehouses      EXITED     sold out to Alice and Bob with Harbour View; sold by their vote three months
 *                                       ago (votes.ts): exit launched, the price deposited, the token closed; Bob
 *                                       redeemed his units, Alice has not yet (FUNDED, its vote open, on a chain that
 *                                       started now)
 *   Canal Street Lofts       OFFERING   open for 30 days (36,000 units at 100 test USD: its 3.6 M valuation), Bob
 *                                       subscribed; Alice holds an open private-placement invitation from the
 *                                       manager (20 to 100 units at 90 test USD, for 14 days)
 *   Old Mill Workshops       VERIFIED   title verified, an active lease, twelve months of books closed, not tokenized
 *   Riverside Retail Park    SUBMITTED  waiting for the compliance officer
 *   Elm Court                DRAFT      the manager is still filling it in
 * The factory gives the backend's key (its document agent, set by the deploy) DOCUMENTS_ROLE on every launched
 * token, so the backend anchors the property's documents on chain (ERC-1643) without a grant by the manager. Investors: Alice and Bob verified (KYC approved by the officer, whitelisted on chain by the backend's compliance
 * agent), Dave's application waits for review, Erin has not applied. Every property has two valuations approved by
 * the officer (an appraisal 13 months ago, a newer one 40 days ago); the two with books also their purchase price.
 *
 * Each offering's units at their price are the building at the valuation in force at its launch (terms.ts). The
 * platform charges a fee of every kind (fee-rates.ts): the deploy sets the primary one, the seed's admin announces the
 * others at the start of the year, in force 12 weeks later (fees.ts).
 *
 * The year happens on chain at its own dates (timeline.ts, history.ts): a first start's chain begins 13 months ago,
 * the seed moves its clock to each day something happens, then to now. So the demo investors' holdings and rent
 * have block times in ended months, and the backend's statements job (hourly, and at start) has their monthly,
 * quarterly and annual statements to write: `npm start` restarts the backend once after the seed for that.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { keccak256, toUtf8Bytes, Wallet } from "ethers";
import { abis } from "@freehold/deployments";
import { DEMO, type DemoAccount } from "@freehold/dev-kit/accounts";
import { offeringDomain, signInvitation } from "@freehold/dev-kit/deploy";
import { ApiSession } from "./api.js";
import { DemoChain, USD } from "@freehold/dev-kit/demo-chain";
import { simplePdf } from "@freehold/dev-kit/pdf";
import { facadePng, type Facade } from "@freehold/dev-kit/images";
import { closeMonth, payOutYear } from "./history.js";
import { recordDueFees, setDemoFees } from "./fees.js";
import { DEMO_OFFERINGS } from "./terms.js";
import { openVote, sellByVote, type OpenVoteSummary, type SaleSummary } from "./votes.js";
import { closedMonths, dayOf, historyStart, unixSeconds, type Month } from "./timeline.js";

export interface SeedContext {
  apiUrl: string;
  appOrigin: string;
  rpcUrl: string;
  chainId: number;
  recordDir: string;
  /** Folder of the sample OFAC files shipped with the backend. */
  sanctionsDir: string;
  log: (line: string) => void;
  /** How long to wait for the backend's compliance agent to whitelist an approved investor. */
  agentTimeoutMs?: number;
  /** Today, for the calendar of the demo's year (default: the wall clock). */
  now?: Date;
}

export interface SeedSummary {
  properties: Record<string, { id: string; status: string; token?: string; offering?: string }>;
  /** The private placement a new investor finds open: the manager's invitation of Alice to Canal Street Lofts. */
  placement: { property: string; offering: string; identity: string; hash: string };
  /** "agent" when the backend's compliance agent whitelisted the investors, "direct" when the seed did it. */
  whitelistedBy: "agent" | "direct";
  /** Holder votes and the exit (issue 19): Harbour View's open vote, Quayside's sale (votes.ts). */
  votes: { open: OpenVoteSummary & { property: "harbour" }; sale: SaleSummary & { property: "quay" } };
  /** The year of books and payouts. */
  history: {
    /** The closed months, oldest first ("2025-12"). */
    months: string[];
    /**
     * True when the chain's clock could be moved through the year (a chain that started in the past): the holdings
     * and payouts then lie in ended months, so the statements job has the demo investors' statements to write.
     */
    onChainDates: boolean;
  };
}

export interface PropertySpec {
  key: string;
  name: string;
  type: string;
  city: string;
  country: string;
  addressLine1: string;
  postalCode: string;
  description: string;
  floorAreaSqm: string;
  yearBuilt: number;
  floors: number;
  amenities: string[];
  latitude: number;
  longitude: number;
  facade: Facade;
  /** Euros: the appraisal 13 months ago, then the newer valuation 40 days ago. */
  valuations: readonly [string, string];
  /** Euros paid when the demo holding company bought it (ACQUIRED_ON): what the cap rate divides by. */
  purchasePrice?: string;
}

/** When Freehold Demo Holdings bought the buildings (the land titles say so too). */
const ACQUIRED_ON = "2019-03-15";

export const PROPERTIES: Record<string, PropertySpec> = {
  harbour: {
    key: "harbour",
    name: "Harbour View Residences",
    type: "MULTIFAMILY",
    city: "Lisbon",
    country: "PT",
    addressLine1: "Rua do Cais 18",
    postalCode: "1200-109",
    description:
      "Four renovated apartments above the river in Cais do Sodré, fully let on long leases.\n\nEach month's rent, less costs and reserves, is distributed to token holders in test USD.",
    floorAreaSqm: "420.00",
    yearBuilt: 1924,
    floors: 5,
    amenities: ["Lift", "River view", "Bike storage"],
    latitude: 38.7069,
    longitude: -9.1446,
    facade: { wall: [214, 170, 128], sky: [118, 170, 214], floors: 5, width: 0.6 },
    valuations: ["1550000.00", "1600000.00"],
    purchasePrice: "1180000.00",
  },
  canal: {
    key: "canal",
    name: "Canal Street Lofts",
    type: "RESIDENTIAL",
    city: "Amsterdam",
    country: "NL",
    addressLine1: "Prinsengracht 412",
    postalCode: "1016 JA",
    description:
      "A converted canal-side warehouse with eight lofts. The offering funds the roof and façade restoration.",
    floorAreaSqm: "980.00",
    yearBuilt: 1889,
    floors: 4,
    amenities: ["Canal view", "Roof terrace"],
    latitude: 52.3667,
    longitude: 4.8836,
    facade: { wall: [150, 82, 62], sky: [140, 178, 206], floors: 4, width: 0.42 },
    valuations: ["3480000.00", "3600000.00"],
  },
  mill: {
    key: "mill",
    name: "Old Mill Workshops",
    type: "INDUSTRIAL",
    city: "Porto",
    country: "PT",
    addressLine1: "Rua da Fábrica 7",
    postalCode: "4050-247",
    description: "Light-industrial workshops in a restored textile mill, let to a furniture maker.",
    floorAreaSqm: "2650.00",
    yearBuilt: 1902,
    floors: 2,
    amenities: ["Loading bay", "Three-phase power"],
    latitude: 41.1496,
    longitude: -8.611,
    facade: { wall: [178, 96, 70], sky: [160, 190, 214], floors: 2, width: 0.8 },
    valuations: ["2210000.00", "2150000.00"],
    purchasePrice: "1640000.00",
  },
  quay: {
    key: "quay",
    name: "Quayside Warehouses",
    type: "MIXED_USE",
    city: "Rotterdam",
    country: "NL",
    addressLine1: "Sint-Jobsweg 30",
    postalCode: "3024 EJ",
    description:
      "Two brick warehouses on the old harbour, let as studios and a café. Sold by the holders' vote: holders redeem their units for their share of the price.",
    floorAreaSqm: "1340.00",
    yearBuilt: 1911,
    floors: 3,
    amenities: ["Harbour view", "Bike storage"],
    latitude: 51.9075,
    longitude: 4.4526,
    facade: { wall: [122, 64, 50], sky: [150, 186, 214], floors: 3, width: 0.75 },
    valuations: ["600000.00", "720000.00"],
  },
  riverside: {
    key: "riverside",
    name: "Riverside Retail Park",
    type: "RETAIL",
    city: "Ghent",
    country: "BE",
    addressLine1: "Kortrijksesteenweg 1020",
    postalCode: "9000",
    description: "Six retail units with parking, anchored by a grocery store.",
    floorAreaSqm: "5100.00",
    yearBuilt: 2008,
    floors: 1,
    amenities: ["Parking", "EV charging"],
    latitude: 51.0225,
    longitude: 3.7108,
    facade: { wall: [200, 204, 210], sky: [126, 176, 222], floors: 1, width: 0.9 },
    valuations: ["7250000.00", "7400000.00"],
  },
  elm: {
    key: "elm",
    name: "Elm Court",
    type: "RESIDENTIAL",
    city: "Dublin",
    country: "IE",
    addressLine1: "14 Elm Park",
    postalCode: "D04 X2F7",
    description: "Draft: a terrace of four Georgian houses, photos and title to follow.",
    floorAreaSqm: "760.00",
    yearBuilt: 1845,
    floors: 3,
    amenities: ["Garden"],
    latitude: 53.3239,
    longitude: -6.2297,
    facade: { wall: [168, 72, 60], sky: [150, 180, 200], floors: 3, width: 0.7 },
    valuations: ["2850000.00", "2900000.00"],
  },
};

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();
const dateOnly = (date: Date): string => date.toISOString().slice(0, 10);
/** "2026-03", as statements label a month. */
const label = (m: Month): string => `${m.year}-${String(m.month).padStart(2, "0")}`;

export async function seedDemoData(ctx: SeedContext): Promise<SeedSummary> {
  const { log } = ctx;
  const now = ctx.now ?? new Date();
  const chain = new DemoChain(ctx.rpcUrl, ctx.chainId, ctx.recordDir);
  try {
    const signIn = (account: DemoAccount) => ApiSession.signIn(ctx.apiUrl, ctx.appOrigin, ctx.chainId, account.key);

    log("signing in the demo people (SIWE) and giving them their roles");
    const admin = await signIn(DEMO.admin);
    /**
     * Waits until the backend's chain sync has moved the property to `to`: launched, open, closed and funded follow
     * the synced offering events by themselves (backend/src/properties/workflow.ts), nobody moves them by hand.
     */
    const waitForStatus = async (id: string, to: string, timeoutMs = 90_000): Promise<void> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const status = (await admin.request<{ status: string }>("GET", `/properties/${id}`)).body.status;
        if (status === to) return;
        if (Date.now() > deadline)
          throw new Error(
            `property ${id} is ${status}, not ${to}, ${timeoutMs / 1000} s after the chain said so: is the backend's chain sync running?`,
          );
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    const officer = await signIn(DEMO.officer);
    const manager = await signIn(DEMO.manager);
    const [alice, bob, dave, erin] = await Promise.all([
      signIn(DEMO.alice),
      signIn(DEMO.bob),
      signIn(DEMO.dave),
      signIn(DEMO.erin),
    ]);
    await admin.versioned(`/users/${officer.userId}`, "PUT", `/users/${officer.userId}/roles`, {
      roles: ["COMPLIANCE_OFFICER"],
    });
    await admin.versioned(`/users/${manager.userId}`, "PUT", `/users/${manager.userId}/roles`, {
      roles: ["PROPERTY_MANAGER"],
    });
    const names: [ApiSession, string][] = [
      [admin, "Platform admin"],
      [officer, "Omar (compliance)"],
      [manager, "Marta (property manager)"],
      [alice, "Alice Martins"],
      [bob, "Bob de Vries"],
      [dave, "Dave Okafor"],
      [erin, "Erin Walsh"],
    ];
    for (const [session, name] of names)
      await session.versioned(`/users/${session.userId}`, "PATCH", "/users/me", { displayName: name });

    log("loading the sample OFAC sanctions list (compliance officer)");
    const list = new FormData();
    list.set(
      "file",
      new Blob([readFileSync(join(ctx.sanctionsDir, "SDN.CSV"), "utf8")], { type: "text/csv" }),
      "SDN.CSV",
    );
    list.set("alt", readFileSync(join(ctx.sanctionsDir, "ALT.CSV"), "utf8"));
    list.set("add", readFileSync(join(ctx.sanctionsDir, "ADD.CSV"), "utf8"));
    await officer.request("POST", "/aml/lists", list);

    log("KYC: Alice and Bob apply and are approved by the officer; Dave's application waits for review");
    const passport = (name: string) => ({
      bytes: simplePdf([`Passport scan: ${name}`, "Demo document generated by npm start"]),
      name: "passport.pdf",
      type: "application/pdf",
    });
    const apply = async (session: ApiSession, identity: Record<string, unknown>, name: string) => {
      const app = await session.create<{ id: string }>("/kyc/applications", {
        identity,
        pepDeclared: false,
        accreditationClaimed: false,
      });
      await session.upload(`/kyc/applications/${app.id}/documents`, { kind: "PASSPORT" }, passport(name));
      return app.id;
    };
    const identity = (
      givenNames: string,
      familyName: string,
      country: number,
      city: string,
      line1: string,
      postalCode: string,
      number: string,
    ) => ({
      givenNames,
      familyName,
      dateOfBirth: "1984-05-17",
      nationality: country,
      residence: { line1, city, postalCode, country },
      document: { type: "PASSPORT", number, issuingCountry: country, expiresOn: inDays(6 * 365).slice(0, 10) },
    });
    const aliceApp = await apply(
      alice,
      identity("Alice", "Martins", 620, "Lisbon", "Rua Augusta 100", "1100-053", "CA123456"),
      "Alice Martins",
    );
    const bobApp = await apply(
      bob,
      identity("Bob", "de Vries", 528, "Utrecht", "Oudegracht 55", "3511 AC", "NX9876543"),
      "Bob de Vries",
    );
    await apply(
      dave,
      identity("Dave", "Okafor", 372, "Cork", "12 Grand Parade", "T12 X2Y3", "PD7654321"),
      "Dave Okafor",
    );
    for (const [id, country] of [
      [aliceApp, 620],
      [bobApp, 528],
    ] as const) {
      await officer.versioned(`/kyc/applications/${id}`, "POST", `/kyc/applications/${id}/review`);
      await officer.versioned(`/kyc/applications/${id}`, "POST", `/kyc/applications/${id}/approve`, {
        country,
        accredited: false,
        kycExpiresAt: inDays(365),
      });
    }

    log("test USD for the investors and the manager (stablecoin minter)");
    for (const [account, amount] of [
      [DEMO.alice, 1_400_000n],
      [DEMO.bob, 1_000_000n],
      [DEMO.erin, 10_000n],
      [DEMO.dave, 10_000n],
      [DEMO.manager, 20_000n],
    ] as const) {
      await chain.mintUsd(DEMO.admin, account.address, amount * USD);
    }

    log("platform fees: the admin sets a fee of every kind (the deploy set the primary one; the others are announced)");
    await setDemoFees(chain, DEMO.admin, ctx.recordDir, log);

    const whitelistedBy = await waitForWhitelist(chain, [DEMO.alice, DEMO.bob], ctx.agentTimeoutMs ?? 45_000, log);

    log("properties: registered by the manager with photos, title deeds and valuations");
    const ids: Record<string, string> = {};
    for (const spec of Object.values(PROPERTIES)) ids[spec.key] = await registerProperty(manager, spec, now);
    const titles: Record<string, string> = {};
    for (const key of ["harbour", "quay", "canal", "mill", "riverside"])
      titles[key] = await registerTitle(manager, PROPERTIES[key]!, ids[key]!);
    for (const key of ["harbour", "quay", "canal", "mill", "riverside"]) {
      await manager.versioned(`/properties/${ids[key]}`, "POST", `/properties/${ids[key]}/transitions`, {
        to: "SUBMITTED",
      });
    }
    log("the officer verifies four titles and properties; Riverside waits");
    for (const key of ["harbour", "quay", "canal", "mill"]) {
      await officer.versioned(`/titles/${titles[key]}`, "POST", `/titles/${titles[key]}/verify`);
      await officer.versioned(`/properties/${ids[key]}`, "POST", `/properties/${ids[key]}/transitions`, {
        to: "VERIFIED",
      });
    }

    log("the officer approves the manager's valuations (four eyes): NAV per unit uses the approved ones");
    for (const id of Object.values(ids)) {
      const { body } = await officer.request<{ id: string; status: string }[]>("GET", `/properties/${id}/valuations`);
      for (const v of body.filter((v) => v.status === "RECORDED"))
        await officer.request("POST", `/valuations/${v.id}/approve`, { reason: "Demo: report checked." });
    }

    log("leases: units let over the past year with rent schedules and payments recorded");
    await Promise.all(LEASES.map(({ property, ...spec }) => lease(manager, ids[property]!, spec, now)));

    log(
      "Harbour View and Quayside: launched on chain, sold out to Alice and Bob, finalized, units delivered, proceeds released",
    );
    const harbourTerms = DEMO_OFFERINGS.harbour.terms;
    // The offering's days, 13 months ago (on a chain that starts now they all happen now: moveClockTo says so).
    const offeringMonth = historyStart(now);
    await chain.moveClockTo(unixSeconds(dayOf(offeringMonth, 10)));
    const harbour = await chain.launch(DEMO.manager, ids["harbour"]!, harbourTerms);
    await chain.subscribe(DEMO.alice, harbour.offering, 600n, harbourTerms.pricePerUnit);
    await chain.moveClockTo(unixSeconds(dayOf(offeringMonth, 12)));
    await chain.subscribe(DEMO.bob, harbour.offering, 400n, harbourTerms.pricePerUnit);
    await chain.moveClockTo(unixSeconds(dayOf(offeringMonth, 14)));
    await chain.finalize(DEMO.manager, harbour.offering);
    for (const subscriber of [DEMO.alice, DEMO.bob]) await chain.claimFor(DEMO.manager, harbour.offering, subscriber);
    await chain.releaseProceeds(DEMO.manager, harbour.offering);
    await waitForStatus(ids["harbour"]!, "FUNDED");
    // Quayside's offering ran on the same days (launched and subscribed just after Harbour's, on the clock as it is).
    const quayTerms = DEMO_OFFERINGS.quay.terms;
    const quay = await chain.launch(DEMO.manager, ids["quay"]!, quayTerms);
    await chain.subscribe(DEMO.alice, quay.offering, 350n, quayTerms.pricePerUnit);
    await chain.subscribe(DEMO.bob, quay.offering, 250n, quayTerms.pricePerUnit);
    await chain.finalize(DEMO.manager, quay.offering);
    for (const subscriber of [DEMO.alice, DEMO.bob]) await chain.claimFor(DEMO.manager, quay.offering, subscriber);
    await chain.releaseProceeds(DEMO.manager, quay.offering);
    await waitForStatus(ids["quay"]!, "FUNDED");

    const months = closedMonths(now);
    log(
      `a year of books (${label(months[0]!)} to ${label(months.at(-1)!)}): each month closed by the manager; Harbour View's paid out on chain naming its statement`,
    );
    // Quayside is sold three months before today's, between two of Harbour View's payouts (votes.ts).
    const harbourPayouts = (part: readonly Month[]) =>
      payOutYear(
        chain,
        { session: manager, account: DEMO.manager },
        { id: ids["harbour"]!, token: harbour.token, book: "harbour" },
        part,
        now,
      );
    const [harbourYear] = await Promise.all([
      (async () => {
        // Nine months then three: Alice's quarterly claims keep their months (payOutYear counts from each part's first).
        const first = await harbourPayouts(months.slice(0, 9));
        log("Quayside Warehouses: the holders vote to sell; the exit takes the price; Bob redeems, Alice not yet");
        const sale = await sellByVote(chain, quay.token, months[8]!);
        if (!sale.exit) log("the chain started now: the sale's one-day vote ends tomorrow, so it stays open");
        const rest = await harbourPayouts(months.slice(9));
        return { periods: [...first.periods, ...rest.periods], inThePast: first.inThePast && rest.inThePast, sale };
      })(),
      (async () => {
        for (const m of months) await closeMonth(manager, ids["mill"]!, "mill", m);
      })(),
    ]);
    // Back to the present: what follows (Harbour View's vote, Canal's 30-day offering) is relative to now.
    await chain.moveClockTo(unixSeconds(new Date()));
    log("platform fees: the announced increases whose date has come are recorded (applyIncrease, as anyone may)");
    await recordDueFees(chain, DEMO.admin, ctx.recordDir, log);
    // The backend's sync moves a sold property to EXITED at the sale's deposit.
    const quayStatus = harbourYear.sale.exit ? "EXITED" : "FUNDED";
    if (harbourYear.sale.exit) await waitForStatus(ids["quay"]!, quayStatus);

    log("Harbour View: the holders' vote on the roof and lift is open for a week; Bob votes for, Alice has not yet");
    const open = await openVote(chain, harbour.token);

    log("Canal Street Lofts: launched with an offering open for 30 days; Bob subscribes");
    const canalTerms = DEMO_OFFERINGS.canal.terms;
    const canal = await chain.launch(DEMO.manager, ids["canal"]!, canalTerms);
    await chain.subscribe(DEMO.bob, canal.offering, 120n, canalTerms.pricePerUnit);
    await waitForStatus(ids["canal"]!, "OFFERING");

    log(
      "a private placement: the manager invites Alice to Canal Street Lofts (signed in their wallet, posted to the API)",
    );
    const placement = await invite(chain, manager, ids["canal"]!, canal.offering, DEMO.alice);

    return {
      placement: { property: "canal", offering: canal.offering, ...placement },
      whitelistedBy,
      votes: { open: { property: "harbour", ...open }, sale: { property: "quay", ...harbourYear.sale } },
      history: { months: months.map(label), onChainDates: harbourYear.inThePast },
      properties: {
        harbour: { id: ids["harbour"]!, status: "FUNDED", ...harbour },
        quay: { id: ids["quay"]!, status: quayStatus, ...quay },
        canal: { id: ids["canal"]!, status: "OFFERING", ...canal },
        mill: { id: ids["mill"]!, status: "VERIFIED" },
        riverside: { id: ids["riverside"]!, status: "SUBMITTED" },
        elm: { id: ids["elm"]!, status: "DRAFT" },
      },
    };
  } finally {
    chain.destroy();
  }
}

/**
 * The property's manager invites `investor`'s identity (as the registry holds it) to the offering: 20 to 100 units at
 * 90 test USD (the public price is 100), redeemable for 14 days. The manager signs the EIP-712 invitation with their own
 * key, as the web app has their wallet do, and posts it through the API, which checks signer, issuer and identity.
 */
async function invite(
  chain: DemoChain,
  manager: ApiSession,
  propertyId: string,
  offering: string,
  investor: DemoAccount,
): Promise<{ identity: string; hash: string }> {
  const registry = chain.contract(chain.address("IdentityRegistry"), abis.IdentityRegistry);
  const identity = (await registry.getFunction("identityOf")(investor.address)) as string;
  const expiry = BigInt(Math.floor(Date.now() / 1000)) + 14n * 86_400n;
  const signed = await signInvitation(new Wallet(DEMO.manager.key), offeringDomain(BigInt(chain.chainId), offering), {
    identity,
    minUnits: 20n,
    maxUnits: 100n,
    pricePerUnit: 90n * USD,
    expiry,
    salt: keccak256(toUtf8Bytes(`demo placement: ${offering} for ${identity}`)),
  });
  const { invitation } = signed;
  const posted = await manager.create<{ hash: string }>(`/properties/${propertyId}/invitations`, {
    identity,
    minUnits: invitation.minUnits.toString(),
    maxUnits: invitation.maxUnits.toString(),
    pricePerUnit: invitation.pricePerUnit.toString(),
    expiry: new Date(Number(expiry) * 1000).toISOString(),
    salt: invitation.salt,
    signature: signed.signature,
  });
  if (posted.hash.toLowerCase() !== signed.hash.toLowerCase())
    throw new Error(`the backend stored the invitation as ${posted.hash}, the dev-kit signed ${signed.hash}`);
  return { identity, hash: signed.hash };
}

/**
 * Approved investors are written to the identity registry by the backend's compliance agent (outbox worker).
 * If it does not do so in time (a backend without chain services), the agent key registers them directly.
 */
async function waitForWhitelist(
  chain: DemoChain,
  investors: readonly DemoAccount[],
  timeoutMs: number,
  log: (line: string) => void,
): Promise<"agent" | "direct"> {
  log("waiting for the backend's compliance agent to whitelist Alice and Bob on chain");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const verified = await Promise.all(investors.map((i) => chain.isVerified(i.address)));
    if (verified.every(Boolean)) return "agent";
    await new Promise((r) => setTimeout(r, 250));
  }
  log(
    `the compliance agent did not whitelist within ${Math.round(timeoutMs / 1000)} s: registering directly with the agent key`,
  );
  const expiry = (await chain.now()) + 365n * 86_400n;
  for (const investor of investors) {
    if (!(await chain.isVerified(investor.address)))
      await chain.registerIdentity(DEMO.agent, investor.address, investor === DEMO.bob ? 528 : 620, expiry);
  }
  return "direct";
}

async function registerProperty(manager: ApiSession, spec: PropertySpec, now: Date): Promise<string> {
  const { id } = await manager.create<{ id: string }>("/properties", {
    name: spec.name,
    description: spec.description,
    type: spec.type,
    addressLine1: spec.addressLine1,
    city: spec.city,
    postalCode: spec.postalCode,
    country: spec.country,
    currency: "EUR",
    floorAreaSqm: spec.floorAreaSqm,
    yearBuilt: spec.yearBuilt,
    floors: spec.floors,
    amenities: spec.amenities,
    latitude: spec.latitude,
    longitude: spec.longitude,
  });
  await manager.upload(
    `/properties/${id}/documents`,
    { kind: "IMAGE" },
    { bytes: facadePng(spec.facade), name: "facade.png", type: "image/png" },
  );
  await manager.upload(
    `/properties/${id}/documents`,
    { kind: "IMAGE" },
    {
      bytes: facadePng({ ...spec.facade, sky: [60, 70, 110], width: Math.min(0.9, spec.facade.width + 0.2) }),
      name: "evening.png",
      type: "image/png",
    },
  );
  const [appraised, recent] = spec.valuations;
  await manager.create(`/properties/${id}/valuations`, {
    amount: appraised,
    currency: "EUR",
    method: "APPRAISAL",
    valuer: "Cushman & Partners (demo)",
    valuedOn: dateOnly(dayOf(historyStart(now), 3)),
  });
  await manager.create(`/properties/${id}/valuations`, {
    amount: recent,
    currency: "EUR",
    method: "BROKER_OPINION",
    valuer: "Atlantic Property Brokers (demo)",
    valuedOn: dateOnly(new Date(now.getTime() - 40 * 86_400_000)),
  });
  if (spec.purchasePrice)
    await manager.create(`/properties/${id}/valuations`, {
      amount: spec.purchasePrice,
      currency: "EUR",
      method: "PURCHASE_PRICE",
      valuer: "Deed of sale",
      valuedOn: ACQUIRED_ON,
    });
  return id;
}

async function registerTitle(manager: ApiSession, spec: PropertySpec, propertyId: string): Promise<string> {
  const deed = simplePdf([
    `Title deed: ${spec.name}`,
    `${spec.addressLine1}, ${spec.postalCode} ${spec.city}`,
    "Owner of record: Freehold Demo Holdings",
    "Demo document generated by npm start",
  ]);
  const document = await manager.upload<{ id: string }>(
    `/properties/${propertyId}/documents`,
    { kind: "TITLE_DEED" },
    { bytes: deed, name: "title-deed.pdf", type: "application/pdf" },
  );
  const title = await manager.create<{ id: string }>(`/properties/${propertyId}/title`, {
    jurisdiction: spec.country,
    titleNumber: `${spec.country}-${spec.key.toUpperCase()}-${propertyId.slice(0, 8)}`,
    parcelId: `${spec.city.slice(0, 3).toUpperCase()}-${propertyId.slice(9, 13)}`,
    registryOffice: `${spec.city} Land Registry`,
    tenure: "FREEHOLD",
    areaSqm: spec.floorAreaSqm,
    documentId: document.id,
    ownerOfRecord: "Freehold Demo Holdings",
    acquiredOn: ACQUIRED_ON,
    instrument: "Deed of sale",
  });
  return title.id;
}

/** The demo leases. Apt 3C pays late (its late fees are in the books) and the workshop's latest rent is outstanding. */
const LEASES: (LeaseSpec & { property: string })[] = [
  { property: "harbour", unit: "Apt 1A", tenant: "Joana Pereira", rent: "1450.00", monthsAgo: 15 },
  { property: "harbour", unit: "Apt 2B", tenant: "Inês Rocha", rent: "1520.00", monthsAgo: 13 },
  { property: "harbour", unit: "Apt 3C", tenant: "Tiago Costa", rent: "1600.00", monthsAgo: 13, latestUnpaid: true },
  { property: "harbour", unit: "Apt 4A", tenant: "Rui Almeida", rent: "1380.00", monthsAgo: 6 },
  {
    property: "mill",
    unit: "Workshop 1",
    tenant: "Carvalho Furniture Lda",
    rent: "5200.00",
    monthsAgo: 14,
    latestUnpaid: true,
  },
];

interface LeaseSpec {
  unit: string;
  tenant: string;
  /** Euros a month. */
  rent: string;
  /** The lease began on the first of the month this many months before today's. */
  monthsAgo: number;
  /** The instalment due last is not paid (the lease shows overdue rent). */
  latestUnpaid?: boolean;
}

async function lease(manager: ApiSession, propertyId: string, spec: LeaseSpec, now: Date): Promise<void> {
  const { unit: unitLabel, tenant, rent, monthsAgo } = spec;
  const unit = await manager.create<{ id: string }>(`/properties/${propertyId}/units`, {
    label: unitLabel,
    floorAreaSqm: "85.00",
    bedrooms: 2,
  });
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 1));
  const end = new Date(start);
  end.setUTCFullYear(end.getUTCFullYear() + 3);
  const created = await manager.create<{ id: string }>("/leases", {
    propertyId,
    unitId: unit.id,
    tenantName: tenant,
    startDate: dateOnly(start),
    endDate: dateOnly(end),
    rentAmount: rent,
    currency: "EUR",
    depositAmount: (Number(rent) * 2).toFixed(2),
  });
  await manager.versioned(`/leases/${created.id}`, "POST", `/leases/${created.id}/transitions`, { to: "ACTIVE" });
  const { body: schedule } = await manager.request<{ id: string; dueDate: string; amountDue: string }[]>(
    "GET",
    `/leases/${created.id}/schedule`,
  );
  const today = dateOnly(now);
  // Every instalment due so far is paid (on its due date), but for the latest one of a lease that pays late.
  const due = schedule.filter((entry) => entry.dueDate <= today);
  for (const entry of spec.latestUnpaid ? due.slice(0, -1) : due) {
    await manager.create(`/leases/${created.id}/payments`, {
      scheduleEntryId: entry.id,
      amount: entry.amountDue,
      fees: "0",
      paidOn: entry.dueDate,
      method: "BANK_TRANSFER",
    });
  }
}

/**
 * Waits until the backend's statements job has written Alice's and Bob's statements up to the last closed month
 * (the job writes each investor's periods oldest first, so that month's statement means the investor is done).
 */
export async function waitForDemoStatements(
  ctx: Pick<SeedContext, "apiUrl" | "appOrigin" | "chainId">,
  lastMonth: string,
  timeoutMs = 180_000,
): Promise<Record<string, number>> {
  const investors = await Promise.all(
    [DEMO.alice, DEMO.bob].map(async (account) => ({
      account,
      session: await ApiSession.signIn(ctx.apiUrl, ctx.appOrigin, ctx.chainId, account.key),
    })),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lists = await Promise.all(
      investors.map(async ({ account, session }) => {
        const { body } = await session.request<{ items: { kind: string; label: string }[] }>(
          "GET",
          "/me/statements?limit=100",
        );
        return { who: account.label, items: body.items };
      }),
    );
    if (lists.every((l) => l.items.some((s) => s.kind === "MONTHLY" && s.label === lastMonth)))
      return Object.fromEntries(lists.map((l) => [l.who, l.items.length]));
    if (Date.now() > deadline)
      throw new Error(
        `the statements job did not write the demo investors' ${lastMonth} statements within ${timeoutMs / 1000} s: ${JSON.stringify(lists.map((l) => ({ who: l.who, statements: l.items.length })))}`,
      );
    await new Promise((r) => setTimeout(r, 500));
  }
}
