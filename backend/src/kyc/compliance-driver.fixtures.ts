/**
 * Drives KYC and AML through the HTTP API as a compliance officer (and investors), for the tests of the identity
 * freeze: submissions, reviews, approvals, sanctions list reloads naming people or wallets, screening decisions,
 * expiry.
 */
import assert from "node:assert/strict";
import type { Client, TestContext, TestUser } from "../../test/support/harness.ts";
import type { KycStatus } from "../generated/prisma/enums.ts";
import {
  CLOSED_BY_A_MATCH,
  editSample,
  identity,
  idempotencyKey,
  ifMatch,
  inDays,
  loadList,
  sampleFiles,
  submission,
  uploadDocument,
  type SampleFiles,
} from "./kyc.fixtures.ts";
import { expireDue } from "./service.ts";

export interface OpenHit {
  id: string;
  version: number;
  walletHit: boolean;
  applicationId: string;
  /** What a confirmation would close (the API's dry run of the decision). */
  confirmationCloses: { applicationId: string; status: string; action: string; sameWallet: boolean }[];
}

export class ComplianceDriver {
  private rows = 0;
  private listed: string[] = [];

  constructor(
    private readonly t: TestContext,
    private readonly officer: Client,
    private readonly files: SampleFiles,
  ) {}

  async current(id: string) {
    const res = await this.officer.get(`/api/v1/kyc/applications/${id}`);
    assert.equal(res.status, 200, res.text);
    return res.body as { id: string; version: number; status: string; wallet: string };
  }

  async move(id: string, action: string, body?: unknown) {
    return this.officer.post(
      `/api/v1/kyc/applications/${id}/${action}`,
      body,
      ifMatch((await this.current(id)).version),
    );
  }

  /** Reviews the application if it is SUBMITTED, then approves it; the response (200, or 422 with the rule). */
  async approve(id: string, extra: Record<string, unknown> = {}) {
    if ((await this.current(id)).status === "SUBMITTED") assert.equal((await this.move(id, "review")).status, 200);
    return this.move(id, "approve", { country: 250, accredited: false, kycExpiresAt: inDays(365), ...extra });
  }

  async submit(investor: TestUser, names: Record<string, unknown>, passport: string): Promise<string> {
    const body = submission({ ...names, document: { ...identity().document, number: passport } });
    const res = await this.t
      .as(investor)
      .post("/api/v1/kyc/applications", body, { headers: { "idempotency-key": idempotencyKey() } });
    assert.equal(res.status, 201, res.text);
    assert.equal((await uploadDocument(this.t.as(investor), res.body.id)).status, 201);
    return res.body.id as string;
  }

  async openHits(applicationId: string): Promise<OpenHit[]> {
    const res = await this.officer.get(
      `/api/v1/aml/screenings?applicationId=${applicationId}&status=PENDING_REVIEW&limit=50`,
    );
    assert.equal(res.status, 200, res.text);
    return res.body.items as OpenHit[];
  }

  /** A screening as reviewers read it (`GET /aml/screenings/:id`). */
  async screening(id: string): Promise<OpenHit & { status: string }> {
    const res = await this.officer.get(`/api/v1/aml/screenings/${id}`);
    assert.equal(res.status, 200, res.text);
    return res.body as OpenHit & { status: string };
  }

  /** A POST as the officer, with If-Match. */
  async officerPost(path: string, version: number, body: unknown) {
    return this.officer.post(path, body, ifMatch(version));
  }

  /**
   * Whether a match confirmed on this application closes one: it closes the live application of every wallet of the
   * person (the wallet's own, and those of the wallets registered under the same on-chain identity).
   */
  async confirmationCloses(applicationId: string): Promise<boolean> {
    const { wallet } = await this.current(applicationId);
    const registrations = await this.t.db.onchainIdentityChange.findMany({
      where: { kind: "REGISTER" },
      select: { wallet: true, identity: true },
    });
    const identityOf = (w: string) => {
      const r = registrations.find((x) => x.wallet === w);
      return r ? (r.identity ?? r.wallet) : null;
    };
    const identity = identityOf(wallet);
    const wallets = new Set([
      wallet,
      ...registrations.map((r) => r.wallet).filter((w) => identity !== null && identityOf(w) === identity),
    ]);
    const live = await this.t.db.kycApplication.count({
      where: { wallet: { in: [...wallets] }, status: { in: [...CLOSED_BY_A_MATCH] as KycStatus[] } },
    });
    return live > 0;
  }

  /** Decides a hit; a confirmation that closes an application carries the reason the investor reads. */
  async decide(hit: Pick<OpenHit, "id" | "version" | "applicationId">, decision: "FALSE_POSITIVE" | "CONFIRMED_MATCH") {
    const closes = decision === "CONFIRMED_MATCH" && (await this.confirmationCloses(hit.applicationId));
    return this.officer.post(
      `/api/v1/aml/screenings/${hit.id}/decision`,
      {
        decision,
        reason: "Checked date of birth and nationality",
        ...(closes ? { investorReason: "We could not complete your verification" } : {}),
      },
      ifMatch(hit.version),
    );
  }

  /** Decides the application's open hit (there must be one). */
  async decideOpen(applicationId: string, decision: "FALSE_POSITIVE" | "CONFIRMED_MATCH") {
    const [hit] = await this.openHits(applicationId);
    assert.ok(hit, `application ${applicationId} has an open hit`);
    return this.decide(hit, decision);
  }

  /**
   * Loads a new list version: the sample, what earlier calls listed (since `reset`), these names ("Family, Given")
   * and these wallet addresses. Every live application is screened again.
   */
  async list(names: string[], wallets: string[] = []): Promise<void> {
    const row = (name: string, remarks = "-0- ") =>
      `${99_800_000 + ++this.rows},"${name}","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,${remarks}`;
    this.listed.push(
      ...names.map((n) => row(n.toUpperCase())),
      ...wallets.map((w) => row(`DESIGNATED WALLET ${this.rows + 1}`, `"Digital Currency Address - ETH ${w}."`)),
    );
    const res = await loadList(this.officer, editSample(this.files, { extraSdnRows: this.listed }));
    assert.equal(res.status, 201, res.text);
  }

  /** Forgets what earlier calls listed. */
  reset(): void {
    this.listed = [];
  }

  /** The KYC expiry of this approved application passes; the expiry run moves it to EXPIRED (and queues a REMOVE). */
  async expire(id: string): Promise<void> {
    await this.t.db.kycApplication.update({ where: { id }, data: { kycExpiresAt: new Date(Date.now() - 1000) } });
    assert.deepEqual(await this.t.db.$transaction((tx) => expireDue(tx, null)), [id]);
  }
}

/** A driver for `t`'s own compliance officer, with the sample sanctions list loaded. */
export async function startComplianceDriver(t: TestContext): Promise<ComplianceDriver> {
  const officer = t.as(await t.user("COMPLIANCE_OFFICER"));
  const files = await sampleFiles();
  assert.equal((await loadList(officer, files)).status, 201);
  return new ComplianceDriver(t, officer, files);
}
