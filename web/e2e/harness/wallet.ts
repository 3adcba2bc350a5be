/**
 * A test wallet for real-browser tests: an EIP-1193 provider injected into the page (`window.ethereum`, and
 * announced through EIP-6963) whose every request is answered here, in the test process. It signs with a viem
 * local account, can refuse the next request like a user pressing "Reject" (code 4001), can sit on a wrong
 * network, and forwards everything else to the local node. The app's production bundle runs unchanged.
 */
import type { Page } from "playwright-core";
import { createWalletClient, http, numberToHex, toHex, type Hex, type TypedDataDefinition } from "viem";
import { mnemonicToAccount, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { ANVIL_KEYS, DEMO, RELAYER, TEST_MNEMONIC } from "@freehold/dev-kit/accounts";
import { rpc } from "@freehold/dev-kit/chain";

/**
 * Anvil's well-known development keys (never used outside a local chain): the demo seed's accounts
 * (`@freehold/dev-kit/accounts`, anvil #0-#7) under the names the journeys use, plus anvil #8 and #9.
 */
export const DEV_KEYS = {
  deployer: DEMO.admin.key,
  investor: DEMO.alice.key,
  manager: DEMO.manager.key,
  officer: DEMO.officer.key,
  outsider: DEMO.dave.key,
  seller: DEMO.bob.key,
  buyer: DEMO.erin.key,
  stranger: ANVIL_KEYS[8],
  /** A second investor, verified through the backend before the investor journey, who buys on the secondary market. */
  partner: ANVIL_KEYS[9],
  /** The backend's compliance agent (COMPLIANCE_AGENT_ROLE on the identity registry): only the backend signs with it. */
  agent: DEMO.agent.key,
  /**
   * An applicant whose document an officer refuses (kyc-document-refusal): the test mnemonic's account #11, past the
   * ten the node funds and the relayer's #10; it signs in and uploads, it sends no transaction.
   */
  applicant: toHex(mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 11 }).getHdKey().privateKey!),
} as const satisfies Record<string, Hex>;

/**
 * The backend relayer's key (issue 20): the dev-kit's `RELAYER`, the test mnemonic's account #10 (the first past the
 * ten the node funds, so no journey's wallet is the relayer). The e2e chain gives it ETH; only the backend signs with it.
 */
export const RELAYER_KEY: Hex = RELAYER.key;

interface RpcFailure {
  code: number;
  message: string;
  data?: unknown;
}

export class TestWallet {
  readonly account: PrivateKeyAccount;
  /** The chain the wallet says it is on; the node behind it stays the local chain. */
  chainId: number;
  private connected = false;
  private rejections: string[] = [];
  private page: Page | undefined;
  /** Every method the page asked for, in order (tests assert a signature was, or was not, requested). */
  readonly requests: string[] = [];
  /**
   * What the page showed (its rendered text, `innerText`) at the moment each transaction request arrived, in order:
   * a two-step flow must show its first step's confirmation before it asks for the second (issue 15).
   */
  readonly shownAtTransaction: string[] = [];

  constructor(
    privateKey: Hex,
    private readonly rpcUrl: string,
    private readonly nodeChainId: number,
  ) {
    this.account = privateKeyToAccount(privateKey);
    this.chainId = nodeChainId;
  }

  get address(): Hex {
    return this.account.address;
  }

  /** The next request for `method` is refused as if the user pressed "Reject" (EIP-1193 code 4001). */
  rejectNext(method: string): void {
    this.rejections.push(method);
  }

  /** Moves the wallet to another chain, as a user would in the wallet's own UI, and tells the page. */
  async switchTo(chainId: number): Promise<void> {
    this.chainId = chainId;
    await this.emit("chainChanged", numberToHex(chainId));
  }

  async install(page: Page): Promise<void> {
    this.page = page;
    await page.exposeFunction("__freeholdWalletRequest", async (json: string) => {
      const { method, params } = JSON.parse(json) as { method: string; params: unknown[] };
      this.requests.push(method);
      if (method === "eth_sendTransaction")
        this.shownAtTransaction.push(await page.evaluate(() => document.body.innerText));
      try {
        return JSON.stringify({ result: await this.handle(method, params) });
      } catch (error) {
        const failure = error as Partial<RpcFailure> & Error;
        return JSON.stringify({
          error: { code: failure.code ?? -32603, message: failure.message, data: failure.data },
        });
      }
    });
    await page.addInitScript(PROVIDER_SCRIPT);
  }

  private async emit(event: string, payload: unknown): Promise<void> {
    await this.page?.evaluate(
      ([e, p]) =>
        (window as unknown as { __freeholdWalletEmit: (e: string, p: unknown) => void }).__freeholdWalletEmit(e, p),
      [event, payload] as const,
    );
  }

  private takeRejection(method: string): boolean {
    const index = this.rejections.indexOf(method);
    if (index < 0) return false;
    this.rejections.splice(index, 1);
    return true;
  }

  private async handle(method: string, params: unknown[]): Promise<unknown> {
    if (this.takeRejection(method)) throw Object.assign(new Error("User rejected the request."), { code: 4001 });
    switch (method) {
      case "eth_requestAccounts":
        this.connected = true;
        return [this.address];
      case "eth_accounts":
        return this.connected ? [this.address] : [];
      case "eth_chainId":
        return numberToHex(this.chainId);
      case "net_version":
        return String(this.chainId);
      case "wallet_requestPermissions":
        this.connected = true;
        return [{ parentCapability: "eth_accounts" }];
      case "wallet_getPermissions":
        return this.connected ? [{ parentCapability: "eth_accounts" }] : [];
      case "wallet_revokePermissions":
        this.connected = false;
        return null;
      case "wallet_switchEthereumChain": {
        const target = Number((params[0] as { chainId: string }).chainId);
        if (target !== this.nodeChainId) throw Object.assign(new Error("Unrecognized chain."), { code: 4902 });
        await this.switchTo(target);
        return null;
      }
      case "wallet_addEthereumChain":
        return null;
      case "personal_sign":
        return this.account.signMessage({ message: { raw: params[0] as Hex } });
      case "eth_signTypedData_v4": {
        const typed = JSON.parse(params[1] as string) as TypedDataDefinition & { types: Record<string, unknown> };
        const { EIP712Domain: _domain, ...types } = typed.types;
        return this.account.signTypedData({ ...typed, types } as TypedDataDefinition);
      }
      case "eth_sendTransaction": {
        if (this.chainId !== this.nodeChainId)
          throw Object.assign(new Error("Wallet is on another chain."), { code: 4901 });
        const tx = params[0] as { to?: Hex; data?: Hex; value?: Hex; gas?: Hex };
        const client = createWalletClient({ account: this.account, transport: http(this.rpcUrl) });
        return client.sendTransaction({
          chain: null,
          to: tx.to,
          data: tx.data,
          value: tx.value ? BigInt(tx.value) : undefined,
          gas: tx.gas ? BigInt(tx.gas) : undefined,
        });
      }
      default:
        return rpc(this.rpcUrl, method, params);
    }
  }
}

/** Runs in the page before the app: the EIP-1193 provider and its EIP-6963 announcement. */
const PROVIDER_SCRIPT = `(() => {
  const listeners = new Map();
  const provider = {
    isFreeholdTestWallet: true,
    async request({ method, params }) {
      const answer = JSON.parse(await window.__freeholdWalletRequest(JSON.stringify({ method, params: params ?? [] })));
      if (answer.error) {
        const error = new Error(answer.error.message);
        error.code = answer.error.code;
        if (answer.error.data !== undefined) error.data = answer.error.data;
        throw error;
      }
      return answer.result;
    },
    on(event, fn) { if (!listeners.has(event)) listeners.set(event, new Set()); listeners.get(event).add(fn); return provider; },
    removeListener(event, fn) { listeners.get(event)?.delete(fn); return provider; },
  };
  window.__freeholdWalletEmit = (event, payload) => { for (const fn of listeners.get(event) ?? []) fn(payload); };
  window.ethereum = provider;
  const info = Object.freeze({
    uuid: "7f0b3c8e-6b1a-4c52-9d1e-2a1f8f9c0a11",
    name: "Freehold Test Wallet",
    icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'%3E%3Crect width='24' height='24' rx='5' fill='%230f3d3e'/%3E%3C/svg%3E",
    rdns: "org.freehold.testwallet",
  });
  const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
})();`;
