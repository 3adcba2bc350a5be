/**
 * The fault run's workload: what people do on the platform, chosen at random (seeded) one operation at a time.
 * API operations retry through faults with the same Idempotency-Key (or re-read the state first, for decisions),
 * and every write the API acknowledged is remembered so the run can check at the end that none was lost.
 * On-chain actions (subscriptions, transfers, rent deposits and claims, orders posted, filled and cancelled on the
 * secondary market) go straight to the node, as a wallet would.
 */
import { Interface, keccak256, toUtf8Bytes, Wallet, ZeroAddress, ZeroHash } from "ethers";
import { DEMO, type DemoAccount } from "@freehold/dev-kit/accounts";
import { DemoChain, demoStatementHash, USD } from "@freehold/dev-kit/demo-chain";
import { abis, erc20Abi } from "@freehold/deployments";
import { simplePdf } from "@freehold/dev-kit/pdf";
import { ChaosClient, HttpError, type Recorder } from "./client.js";
import type { Random } from "./random.js";

export interface WorkloadContext {
  apiUrl: string;
  appOrigin: string;
  chainId: number;
  rpcUrl: string;
  recordDir: string;
  seed: number;
  random: Random;
  recorder: Recorder;
  harbour: { token: string };
  /** The secondary market (Settlement) and its payment token. */
  settlement: string;
  canal: { offering: string };
}

/** An order on the secondary market (Settlement) the workload posted and that still offers units. */
interface OpenOrder {
  id: bigint;
  seller: DemoAccount;
  remaining: bigint;
}

interface Investor {
  client: ChaosClient;
  country: number;
  application?: string;
}

export const OPERATIONS = [
  "sign-in",
  "kyc-apply",
  "kyc-decide",
  "subscribe",
  "transfer",
  "rent",
  "order-post",
  "order-fill",
  "order-cancel",
  "read",
] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface WorkloadTally {
  done: Record<Operation, number>;
  /** Operations that still failed after their retries (the faults outlasted them): not a mismatch by itself. */
  gaveUp: Record<Operation, number>;
  /** Writes the API acknowledged: checked at the end. */
  acknowledged: {
    applications: string[];
    documents: { application: string; document: string }[];
    approved: string[];
    rejected: string[];
  };
}

const COUNTRIES = [620, 528, 372, 276, 250];
/** The price of a unit on the secondary market: 2 (test) dollars. */
const ORDER_PRICE = 2n * USD;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class Workload {
  readonly tally: WorkloadTally = {
    done: Object.fromEntries(OPERATIONS.map((o) => [o, 0])) as Record<Operation, number>,
    gaveUp: Object.fromEntries(OPERATIONS.map((o) => [o, 0])) as Record<Operation, number>,
    acknowledged: { applications: [], documents: [], approved: [], rejected: [] },
  };
  private readonly investors: Investor[] = [];
  private officer: ChaosClient | undefined;
  private readonly chain: DemoChain;
  private readonly orders: OpenOrder[] = [];
  private stopped = false;

  constructor(private readonly ctx: WorkloadContext) {
    this.chain = new DemoChain(ctx.rpcUrl, ctx.chainId, ctx.recordDir);
  }

  private client(key: string): ChaosClient {
    return new ChaosClient(this.ctx.apiUrl, this.ctx.appOrigin, this.ctx.recorder, new Wallet(key));
  }

  /**
   * Runs `attempt` until it succeeds, retrying while the platform is unavailable (no answer, 5xx, or a 409/412 from
   * a decision raced by its own earlier attempt) for up to `budgetMs`. Returns false when it gave up.
   */
  private async retry(attempt: () => Promise<void>, budgetMs = 45_000): Promise<boolean> {
    const deadline = Date.now() + budgetMs;
    for (let wait = 250; ; wait = Math.min(wait * 2, 4_000)) {
      try {
        await attempt();
        return true;
      } catch (error) {
        const transient = error instanceof HttpError && (error.status === 0 || error.status >= 500);
        if (!transient || Date.now() > deadline || this.stopped) {
          if (transient) return false;
          throw error;
        }
        await sleep(wait);
      }
    }
  }

  private async officerClient(): Promise<ChaosClient> {
    if (!this.officer) {
      const officer = this.client(DEMO.officer.key);
      await officer.signIn(this.ctx.chainId);
      this.officer = officer;
    }
    return this.officer;
  }

  async run(operation: Operation): Promise<void> {
    const steps: Record<Operation, () => Promise<boolean>> = {
      "sign-in": () => this.signIn(),
      "kyc-apply": () => this.apply(),
      "kyc-decide": () => this.decide(),
      subscribe: () => this.subscribe(),
      transfer: () => this.transfer(),
      rent: () => this.rent(),
      "order-post": () => this.postOrder(),
      "order-fill": () => this.fillOrder(),
      "order-cancel": () => this.cancelOrder(),
      read: () => this.read(),
    };
    const ok = await steps[operation]();
    if (ok) this.tally.done[operation] += 1;
    else this.tally.gaveUp[operation] += 1;
  }

  stop(): void {
    this.stopped = true;
  }

  destroy(): void {
    this.chain.destroy();
  }

  private async signIn(): Promise<boolean> {
    const index = this.investors.length;
    const key = keccak256(toUtf8Bytes(`freehold-chaos-${this.ctx.seed}-${index}`));
    const investor: Investor = { client: this.client(key), country: this.ctx.random.pick(COUNTRIES) };
    const ok = await this.retry(() => investor.client.signIn(this.ctx.chainId));
    if (ok) this.investors.push(investor);
    return ok;
  }

  private async apply(): Promise<boolean> {
    const investor = this.investors.find((i) => i.application === undefined);
    if (!investor) return this.signIn();
    const { client, country } = investor;
    const n = this.investors.indexOf(investor);
    const key = keccak256(toUtf8Bytes(`apply-${this.ctx.seed}-${n}`));
    const ok = await this.retry(async () => {
      const app = await client.create<{ id: string }>(
        "/kyc/applications",
        {
          identity: {
            givenNames: `Chaos${n}`,
            familyName: `Investor${this.ctx.seed}`,
            dateOfBirth: "1980-01-01",
            nationality: country,
            residence: { line1: `${n} Test Street`, city: "Testville", postalCode: "1000", country },
            document: {
              type: "PASSPORT",
              number: `CH${this.ctx.seed}X${n}`,
              issuingCountry: country,
              expiresOn: "2035-01-01",
            },
          },
          pepDeclared: false,
          accreditationClaimed: false,
        },
        key,
      );
      investor.application = app.id;
    });
    if (!ok || !investor.application) return false;
    this.tally.acknowledged.applications.push(investor.application);
    const form = (): FormData => {
      const data = new FormData();
      data.set("kind", "PASSPORT");
      data.set(
        "file",
        new Blob([new Uint8Array(simplePdf([`Passport scan: Chaos${n}`]))], { type: "application/pdf" }),
        "passport.pdf",
      );
      return data;
    };
    const uploadKey = keccak256(toUtf8Bytes(`upload-${this.ctx.seed}-${n}`));
    return this.retry(async () => {
      const document = await client.create<{ id: string }>(
        `/kyc/applications/${investor.application}/documents`,
        form(),
        uploadKey,
      );
      this.tally.acknowledged.documents.push({ application: investor.application!, document: document.id });
    });
  }

  /** The officer reviews and approves (four in five) or rejects an application with its passport uploaded. */
  private async decide(): Promise<boolean> {
    const decided = new Set([...this.tally.acknowledged.approved, ...this.tally.acknowledged.rejected]);
    const uploaded = new Set(this.tally.acknowledged.documents.map((d) => d.application));
    const investor = this.investors.find(
      (i) => i.application && uploaded.has(i.application) && !decided.has(i.application),
    );
    if (!investor) return this.apply();
    const id = investor.application!;
    const approve = this.ctx.random.next() < 0.8;
    return this.retry(async () => {
      const officer = await this.officerClient().catch((error: unknown) => {
        this.officer = undefined;
        throw error;
      });
      const path = `/kyc/applications/${id}`;
      // Re-read first: an earlier attempt may have committed before its answer was lost.
      let { body } = await officer.request<{ status: string }>("GET", path);
      if (body.status === "SUBMITTED") body = await officer.versioned(path, "POST", `${path}/review`);
      if (body.status === "UNDER_REVIEW")
        body = approve
          ? await officer.versioned(path, "POST", `${path}/approve`, {
              country: investor.country,
              accredited: false,
              kycExpiresAt: new Date(Date.now() + 365 * 86_400_000).toISOString(),
            })
          : await officer.versioned(path, "POST", `${path}/reject`, { reason: "Chaos run: document unreadable" });
      if (body.status === "APPROVED") this.tally.acknowledged.approved.push(id);
      else if (body.status === "REJECTED") this.tally.acknowledged.rejected.push(id);
      else throw new Error(`application ${id} is ${body.status} after the decision`);
    });
  }

  private async subscribe(): Promise<boolean> {
    const who = this.ctx.random.pick([DEMO.alice, DEMO.bob]);
    await this.chain.subscribe(who, this.ctx.canal.offering, 1n, 100n * USD).catch((error: unknown) => {
      // The investor's ticket limit is reached: a refusal the contract makes, not a fault.
      if (!/revert|TicketAbove|Exceeds|cap/i.test((error as Error).message)) throw error;
    });
    return true;
  }

  private async transfer(): Promise<boolean> {
    const [from, to] = this.ctx.random.next() < 0.5 ? [DEMO.alice, DEMO.bob] : [DEMO.bob, DEMO.alice];
    const units = BigInt(this.ctx.random.int(1, 5));
    // Units held for the holder's open orders cannot move: the contract refuses, rightly.
    if ((await this.freeUnits(from)) < units) return true;
    await this.chain.send(from, this.ctx.harbour.token, abis.PropertyToken, "transfer", [to.address, units]);
    return true;
  }

  private async freeUnits(holder: DemoAccount): Promise<bigint> {
    const token = this.chain.contract(this.ctx.harbour.token, abis.PropertyToken);
    const [balance, held] = (await Promise.all([
      token.getFunction("balanceOf")(holder.address),
      token.getFunction("heldBalanceOfByPartition")(holder.address, ZeroHash),
    ])) as [bigint, bigint];
    return balance - held;
  }

  /** A holder offers a few units of the harbour token for anyone to buy (the units are held until filled). */
  private async postOrder(): Promise<boolean> {
    const seller = this.ctx.random.pick([DEMO.alice, DEMO.bob]);
    const units = BigInt(this.ctx.random.int(1, 3));
    if ((await this.freeUnits(seller)) < units) return true;
    const expiry = (await this.chain.now()) + 86_400n;
    const receipt = await this.chain.send(seller, this.ctx.settlement, abis.Settlement, "postOrder", [
      this.ctx.harbour.token,
      ZeroHash,
      units,
      ORDER_PRICE,
      this.chain.paymentToken().address,
      ZeroAddress,
      expiry,
    ]);
    const market = new Interface(abis.Settlement);
    const posted = receipt.logs.map((log) => market.parseLog(log)).find((e) => e?.name === "OrderPosted");
    if (!posted) throw new Error("postOrder emitted no OrderPosted");
    this.orders.push({ id: posted.args["orderId"] as bigint, seller, remaining: units });
    return true;
  }

  /** The other holder takes part or all of an open order, paying in the test stablecoin. */
  private async fillOrder(): Promise<boolean> {
    const order = this.orders.length ? this.ctx.random.pick(this.orders) : undefined;
    if (!order) return this.postOrder();
    const buyer = order.seller === DEMO.alice ? DEMO.bob : DEMO.alice;
    const units = BigInt(this.ctx.random.int(1, Number(order.remaining)));
    const cost = units * ORDER_PRICE;
    if ((await this.chain.usdBalance(buyer.address)) < cost) await this.chain.mintUsd(DEMO.admin, buyer.address, cost);
    await this.chain.send(buyer, this.chain.paymentToken().address, erc20Abi, "approve", [this.ctx.settlement, cost]);
    await this.chain.send(buyer, this.ctx.settlement, abis.Settlement, "fill", [order.id, units]);
    order.remaining -= units;
    if (order.remaining === 0n) this.orders.splice(this.orders.indexOf(order), 1);
    return true;
  }

  /** The seller withdraws an open order: its units are released. */
  private async cancelOrder(): Promise<boolean> {
    const order = this.orders.length ? this.ctx.random.pick(this.orders) : undefined;
    if (!order) return this.postOrder();
    await this.chain.send(order.seller, this.ctx.settlement, abis.Settlement, "cancel", [order.id]);
    this.orders.splice(this.orders.indexOf(order), 1);
    return true;
  }

  /** The manager pays out a period (one statement per deposit: named after the deposit it becomes), a holder claims. */
  private async rent(): Promise<boolean> {
    const token = this.ctx.harbour.token;
    const distributor = this.chain.contract(this.chain.address("RentDistributor"), abis.RentDistributor);
    const paid = (await distributor.getFunction("depositCountOf")(token)) as bigint;
    const statement = demoStatementHash(`chaos: Harbour View period ${paid + 1n}`);
    await this.chain.depositRent(DEMO.manager, token, BigInt(this.ctx.random.int(1, 20)) * USD, statement);
    await this.chain.claimRent(this.ctx.random.pick([DEMO.alice, DEMO.bob]), this.ctx.harbour.token);
    return true;
  }

  private async read(): Promise<boolean> {
    const investor = this.investors.find((i) => i.application);
    const anonymous = this.client(DEMO.erin.key);
    return this.retry(async () => {
      await anonymous.request("GET", "/properties?limit=10");
      if (investor) await investor.client.request("GET", `/kyc/applications/${investor.application}`);
    }, 10_000);
  }
}
