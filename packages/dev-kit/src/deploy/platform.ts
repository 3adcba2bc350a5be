/**
 * `deployPlatform`: what admins run (through `npm run deploy`), and what tests, the local stack and the subgraph
 * scenario call, so every environment is deployed by exactly the same code.
 *
 * The plan, in order: the payment stablecoin (an existing one given with `paymentToken`; without it, on local and
 * test networks only, a TestStablecoin deployed here), recorded with what the chain says about it (decimals,
 * EIP-2612 permit); the identity registry, the trusted forwarder (ERC-2771, `FreeholdForwarder`: investors' gasless
 * requests), the rent distributor, the settlement, the token and offering implementations (never used
 * directly: the factory clones them), the platform's fee schedule (`PlatformFees`) and its settings (collectors, primary
 * fee), the factory and its settings (implementations, document agent); then the roles. Contracts are constructed with the deployer as admin so that it can wire them; the admin named in the
 * parameters receives `DEFAULT_ADMIN_ROLE` at the end and, with `renounceDeployer`, the deployer gives its own up last.
 */
import { getAddress, ZeroAddress, type Signer } from "ethers";
import type { DeploymentRecord, PaymentTokenRecord } from "@freehold/deployments";
import { readDeployment } from "@freehold/deployments/node";
import { artifactsOnDisk } from "./artifacts.js";
import type { ArtifactSource } from "./bytecode.js";
import { DEFAULT_ADMIN_ROLE, rolesOf } from "./roles.js";
import { formatTable } from "./table.js";
import { describePaymentToken, probePaymentToken, samePaymentToken } from "./payment-token.js";
import { DeploymentRunner, type RecordStep, type RoleStep, type Step, type StepResult } from "./runner.js";

/** Chains where the platform deploys its own test stablecoin when no payment token is given. */
export const TEST_CHAIN_IDS: ReadonlySet<number> = new Set([31337, 1337, 11155111]);

/** The fee schedule's hard maximum of every fee (PlatformFees.MAX_FEE_BPS, 5 %). */
export const MAX_FEE_BPS = 500;

/** `FeeKind` of `PlatformFees`, in its order. */
export const FEE_KINDS = ["Primary", "Rent", "Trade", "Exit"] as const;

export interface PlatformParams {
  /** Final holder of `DEFAULT_ADMIN_ROLE` on every platform contract (default: the deployer). */
  admin?: string;
  /** The backend's signer: `COMPLIANCE_AGENT_ROLE` on the identity registry, and the factory's document agent. */
  complianceAgent?: string;
  /** Accounts allowed to launch properties: `PROPERTY_MANAGER_ROLE` on the factory. */
  propertyManagers?: readonly string[];
  /** `CONTROLLER_ROLE` on every platform contract that declares it. */
  controller?: string;
  /** `PAUSER_ROLE` on every platform contract that declares it. */
  pauser?: string;
  /**
   * An existing stablecoin (required on production chains unless the record already names one; on test chains the
   * TestStablecoin is deployed instead). Its decimals and permit support are read on chain and recorded.
   */
  paymentToken?: string;
  /** Collects every kind of platform fee (`PlatformFees` collectors; default: the admin). */
  feeRecipient?: string;
  /**
   * The platform's primary fee (offering proceeds) in basis points, at most `MAX_FEE_BPS` (default 0). Set at the
   * fee schedule's deployment; on a re-run a lower fee is a decrease (at once) and a higher one is *announced* and
   * takes effect 12 weeks later (PlatformFees.FEE_INCREASE_DELAY). Offerings launched before keep their fee.
   */
  feeBps?: number;
  /** The deployer renounces `DEFAULT_ADMIN_ROLE` once `admin` holds it (only when `admin` is someone else). */
  renounceDeployer?: boolean;
}

export interface DeployPlatformOptions {
  /** Hardhat's ethers (from `network.create()`); the first signer deploys unless `signer` is given. */
  ethers: { getSigners(): Promise<Signer[]> };
  signer?: Signer;
  params?: PlatformParams;
  networkName?: string;
  artifacts?: ArtifactSource;
  recordDir?: string;
  confirmations?: number;
  redeploy?: readonly string[];
  log?: (line: string) => void;
  beforeSend?: (step: string) => void | Promise<void>;
  afterSend?: (step: string, transactionHash: string) => void | Promise<void>;
}

export interface DeployPlatformResult {
  record: DeploymentRecord;
  results: StepResult[];
  summary: string;
}

const EMPTY_TOKEN_INIT = {
  name: "",
  symbol: "",
  identityRegistry: ZeroAddress,
  admin: ZeroAddress,
  issuer: ZeroAddress,
  controller: ZeroAddress,
  agent: ZeroAddress,
  documentAgent: ZeroAddress,
  pauser: ZeroAddress,
  rentDistributor: ZeroAddress,
  settlement: ZeroAddress,
};

/** Validates the parameters up front: a bad address stops the deploy before anything is sent. */
export function checkParams(params: PlatformParams, chainId: number): void {
  const check = (what: string, value: string | undefined): void => {
    if (value === undefined) return;
    try {
      if (getAddress(value) === ZeroAddress) throw new Error("zero");
    } catch {
      throw new Error(`${what} is not a valid non-zero address: ${JSON.stringify(value)}`);
    }
  };
  check("admin", params.admin);
  check("complianceAgent", params.complianceAgent);
  check("controller", params.controller);
  check("pauser", params.pauser);
  check("paymentToken", params.paymentToken);
  check("feeRecipient", params.feeRecipient);
  if (
    params.feeBps !== undefined &&
    !(Number.isInteger(params.feeBps) && params.feeBps >= 0 && params.feeBps <= MAX_FEE_BPS)
  ) {
    throw new Error(`feeBps must be a whole number from 0 to ${MAX_FEE_BPS}, not ${params.feeBps}`);
  }
  for (const manager of params.propertyManagers ?? []) check("propertyManager", manager);
  if (!params.paymentToken && !TEST_CHAIN_IDS.has(chainId)) {
    throw new Error(
      `chain ${chainId} is not a test network: give the payment token (FREEHOLD_PAYMENT_TOKEN / --payment-token)`,
    );
  }
}

/** Records the payment token as `read` finds it on chain; unchanged when the record already says exactly that. */
function paymentTokenStep(
  read: (at: (key: string) => string, provider: Parameters<RecordStep["plan"]>[2]) => Promise<PaymentTokenRecord>,
): RecordStep {
  return {
    kind: "record",
    description: "payment token",
    plan: async (record, at, provider) => {
      const found = await read(at, provider);
      if (samePaymentToken(record.paymentToken, found)) return undefined;
      const before =
        record.paymentToken && record.paymentToken.address !== found.address
          ? ` (was ${record.paymentToken.address}: offerings launched before keep it)`
          : "";
      return { update: { paymentToken: found }, detail: `${describePaymentToken(found)}${before}` };
    },
  };
}

/**
 * Brings an existing fee schedule to the parameters: every kind's collector, and the primary fee. A lower fee is
 * decreased at once; a higher one is announced (in effect 12 weeks later), once: a re-run while it is pending sends
 * nothing.
 */
function feeScheduleSteps(feeRecipient: string, feeBps: number): Step[] {
  const collectors: Step[] = FEE_KINDS.map((name, kind) => ({
    kind: "call",
    target: "PlatformFees",
    description: `${name.toLowerCase()} fee collector ${feeRecipient}`,
    plan: async (fees) => {
      const [, collector] = (await fees.getFunction("platformFeeOf")(kind)) as [bigint, string];
      return collector === feeRecipient ? undefined : { method: "setCollector", args: [kind, feeRecipient] };
    },
  }));
  const primary: Step = {
    kind: "call",
    target: "PlatformFees",
    description: `primary fee ${feeBps} bps`,
    plan: async (fees) => {
      const [bps] = (await fees.getFunction("platformFeeOf")(0)) as [bigint, string];
      const [pendingBps, effectiveAt] = (await fees.getFunction("pendingIncrease")(0)) as [bigint, bigint];
      const current = Number(bps);
      const pending = effectiveAt !== 0n;
      if (current > feeBps) return { method: "decreaseFee", args: [0, feeBps] };
      // Asked to stay where it is: an increase announced meanwhile is withdrawn.
      if (current === feeBps) return pending ? { method: "cancelIncrease", args: [0] } : undefined;
      if (pending && Number(pendingBps) === feeBps) return undefined;
      return { method: "announceIncrease", args: [0, feeBps] };
    },
  };
  return [...collectors, primary];
}

/**
 * The ordered steps for these parameters. `paymentToken`, when given, is the existing stablecoin as probed before
 * anything is sent; without it the plan deploys the TestStablecoin (test chains only) and records that.
 */
export async function planPlatform(
  params: PlatformParams,
  deployer: string,
  chainId: number,
  artifacts: ArtifactSource,
  log: (line: string) => void = console.log,
  paymentToken?: PaymentTokenRecord,
): Promise<Step[]> {
  const steps: Step[] = [];
  const admin = getAddress(params.admin ?? deployer);
  const feeRecipient = getAddress(params.feeRecipient ?? admin);
  const feeBps = params.feeBps ?? 0;
  if (paymentToken) {
    steps.push(paymentTokenStep(async () => paymentToken));
  } else if (!params.paymentToken && TEST_CHAIN_IDS.has(chainId)) {
    steps.push(
      {
        kind: "deploy",
        key: "TestStablecoin",
        contract: "TestStablecoin",
        dependsOn: [],
        args: () => ["Test USD", "tUSD", deployer],
      },
      paymentTokenStep((at, provider) => probePaymentToken(provider, at("TestStablecoin"), "TestStablecoin")),
    );
  } else if (params.paymentToken) {
    steps.push(paymentTokenStep((_at, provider) => probePaymentToken(provider, params.paymentToken!, "existing")));
  }
  steps.push(
    // The compliance agent is granted below like every other role (zero here), so a re-run can add it.
    {
      kind: "deploy",
      key: "IdentityRegistry",
      contract: "IdentityRegistry",
      dependsOn: [],
      args: () => [deployer, ZeroAddress],
    },
    // The trusted forwarder (ERC-2771) relays investors' signed requests (gasless path): immutable in the
    // distributor, the settlement and the token and offering implementations, so it comes before them.
    {
      kind: "deploy",
      key: "FreeholdForwarder",
      contract: "FreeholdForwarder",
      dependsOn: [],
      args: () => [],
    },
    {
      kind: "deploy",
      key: "PlatformFees",
      contract: "PlatformFees",
      dependsOn: [],
      // The first schedule needs no announcement (nobody holds anything yet); later changes are the steps below.
      args: () => [deployer, [feeBps, 0, 0, 0], FEE_KINDS.map(() => feeRecipient)],
    },
    // The distributor takes the rent fee at each deposit: the fee schedule is immutable in it.
    {
      kind: "deploy",
      key: "RentDistributor",
      contract: "RentDistributor",
      dependsOn: ["PlatformFees", "FreeholdForwarder"],
      args: (at) => [deployer, at("PlatformFees"), at("FreeholdForwarder")],
    },
    // The settlement takes the trade fee at each fill: the fee schedule is immutable in it too.
    {
      kind: "deploy",
      key: "Settlement",
      contract: "Settlement",
      dependsOn: ["PlatformFees", "FreeholdForwarder"],
      args: (at) => [deployer, at("PlatformFees"), at("FreeholdForwarder")],
    },
    {
      kind: "deploy",
      key: "PropertyTokenImplementation",
      contract: "PropertyToken",
      // An empty name makes an uninitialisable implementation; the registry is wired in like the clones'.
      dependsOn: ["IdentityRegistry", "FreeholdForwarder"],
      args: (at) => [{ ...EMPTY_TOKEN_INIT, identityRegistry: at("IdentityRegistry") }, at("FreeholdForwarder")],
    },
    {
      kind: "deploy",
      key: "PropertyOfferingImplementation",
      contract: "PropertyOffering",
      dependsOn: ["FreeholdForwarder"],
      args: (at) => [at("FreeholdForwarder")],
    },
    // Holder votes (issue 19): the factory's launchGovernor clones it; voters and proposers may come through the
    // forwarder, immutable in it like in the other implementations.
    {
      kind: "deploy",
      key: "PropertyGovernorImplementation",
      contract: "PropertyGovernor",
      dependsOn: ["FreeholdForwarder"],
      args: (at) => [at("FreeholdForwarder")],
    },
    // The exit (issue 19): the factory's launchExit clones it; redeemers may come through the forwarder.
    {
      kind: "deploy",
      key: "PropertyExitImplementation",
      contract: "PropertyExit",
      dependsOn: ["FreeholdForwarder"],
      args: (at) => [at("FreeholdForwarder")],
    },
  );
  steps.push(
    {
      kind: "deploy",
      key: "PropertyTokenFactory",
      contract: "PropertyTokenFactory",
      // Registry, distributor, settlement and fee schedule are immutable in the factory: a new one means a new
      // factory. Implementations are settings (below), so upgrading an implementation keeps the factory.
      dependsOn: ["IdentityRegistry", "RentDistributor", "Settlement", "PlatformFees"],
      args: (at) => [
        deployer,
        at("IdentityRegistry"),
        at("RentDistributor"),
        at("Settlement"),
        at("PropertyTokenImplementation"),
        at("PropertyOfferingImplementation"),
        at("PlatformFees"),
      ],
    },
    {
      kind: "call",
      target: "PropertyTokenFactory",
      description: "clone the recorded implementations",
      plan: async (factory, at) => {
        const token = at("PropertyTokenImplementation");
        const offering = at("PropertyOfferingImplementation");
        const current = [
          await factory.getFunction("tokenImplementation")(),
          await factory.getFunction("offeringImplementation")(),
        ] as string[];
        if (current[0] === getAddress(token) && current[1] === getAddress(offering)) return undefined;
        return { method: "setImplementations", args: [token, offering] };
      },
    },
    {
      kind: "call",
      target: "PropertyTokenFactory",
      description: "clone the recorded governor implementation",
      plan: async (factory, at) => {
        const governor = at("PropertyGovernorImplementation");
        if (((await factory.getFunction("governorImplementation")()) as string) === getAddress(governor))
          return undefined;
        return { method: "setGovernorImplementation", args: [governor] };
      },
    },
    {
      kind: "call",
      target: "PropertyTokenFactory",
      description: "clone the recorded exit implementation",
      plan: async (factory, at) => {
        const exit = at("PropertyExitImplementation");
        if (((await factory.getFunction("exitImplementation")()) as string) === getAddress(exit)) return undefined;
        return { method: "setExitImplementation", args: [exit] };
      },
    },
    ...feeScheduleSteps(feeRecipient, feeBps),
  );

  // Settlement trades only tokens launched by the factories it accepts (audit A-05); a new factory is added, the
  // tokens of an earlier one keep trading.
  steps.push({
    kind: "call",
    target: "Settlement",
    description: "trade the tokens the factory launches",
    plan: async (settlement, at) => {
      const factory = getAddress(at("PropertyTokenFactory"));
      if ((await settlement.getFunction("isFactory")(factory)) as boolean) return undefined;
      return { method: "addFactory", args: [factory] };
    },
  });

  if (params.complianceAgent) {
    // The backend's signer also anchors property documents: every token launched from now on grants it
    // DOCUMENTS_ROLE (documents only). Tokens launched before keep what their admin decided.
    const documentAgent = getAddress(params.complianceAgent);
    steps.push({
      kind: "call",
      target: "PropertyTokenFactory",
      description: `document agent ${documentAgent}`,
      plan: async (factory) => {
        if (((await factory.getFunction("documentAgent")()) as string) === documentAgent) return undefined;
        return { method: "setDocumentAgent", args: [documentAgent] };
      },
    });
  }

  const grant = (target: string, role: string, account: string): RoleStep => ({
    kind: "role",
    action: "grant",
    target,
    role,
    account,
  });
  // The factory registers every new token with the distributor.
  steps.push(grant("RentDistributor", "REGISTRAR_ROLE", "@PropertyTokenFactory"));
  // The factory binds a property's launch discounts (PlatformFees.setLaunchOverride) to its new token, when the
  // launching manager is the one the discounts name (the factory passes its caller).
  steps.push(grant("PlatformFees", "LAUNCHER_ROLE", "@PropertyTokenFactory"));
  if (params.complianceAgent) steps.push(grant("IdentityRegistry", "COMPLIANCE_AGENT_ROLE", params.complianceAgent));
  for (const manager of params.propertyManagers ?? [])
    steps.push(grant("PropertyTokenFactory", "PROPERTY_MANAGER_ROLE", manager));

  // Platform contracts that administer roles (the implementations hold none).
  const administered: string[] = [];
  for (const step of [...steps]) {
    if (step.kind !== "deploy" || step.key.endsWith("Implementation")) continue;
    const roles = rolesOf((await artifacts.readArtifact(step.contract)).abi);
    if (roles.includes(DEFAULT_ADMIN_ROLE)) administered.push(step.key);
    if (params.controller && roles.includes("CONTROLLER_ROLE"))
      steps.push(grant(step.key, "CONTROLLER_ROLE", params.controller));
    if (params.pauser && roles.includes("PAUSER_ROLE")) steps.push(grant(step.key, "PAUSER_ROLE", params.pauser));
  }
  for (const role of ["CONTROLLER_ROLE", "PAUSER_ROLE"] as const) {
    const given = role === "CONTROLLER_ROLE" ? params.controller : params.pauser;
    if (given && !steps.some((s) => s.kind === "role" && s.role === role)) {
      log(
        `note: no platform contract declares ${role}; each property token's ${role} goes to the manager who launches it. ` +
          `Grant ${given} on a token with: npm run ops:roles -- grant ${role} ${given} --token <address>`,
      );
    }
  }
  if (admin !== getAddress(deployer)) {
    for (const key of administered) steps.push(grant(key, DEFAULT_ADMIN_ROLE, admin));
    if (params.renounceDeployer) {
      for (const key of administered)
        steps.push({ kind: "role", action: "revoke", target: key, role: DEFAULT_ADMIN_ROLE, account: deployer });
    }
  }
  return steps;
}

function summarize(results: readonly StepResult[]): string {
  const rows = results.map((r, i) => [
    String(i + 1),
    r.step,
    r.outcome,
    r.detail,
    r.gasUsed === undefined ? "" : r.gasUsed.toString(),
  ]);
  return formatTable(["#", "step", "result", "detail", "gas"], rows);
}

/** Deploys whatever is missing and grants the roles; returns the record and a summary table. */
export async function deployPlatform(options: DeployPlatformOptions): Promise<DeployPlatformResult> {
  const signer = options.signer ?? (await options.ethers.getSigners())[0];
  if (!signer?.provider)
    throw new Error("No deployer account: configure one for this network (environment or keystore)");
  const chainId = Number((await signer.provider.getNetwork()).chainId);
  // The record remembers an existing stablecoin: a re-run without --payment-token keeps it (and re-reads it).
  const recorded = readDeployment(chainId, options.recordDir)?.paymentToken;
  const given = options.params?.paymentToken ?? (recorded?.source === "existing" ? recorded.address : undefined);
  const params: PlatformParams = { ...options.params, ...(given ? { paymentToken: given } : {}) };
  checkParams(params, chainId);
  // An existing stablecoin is read before anything is sent: a wrong address stops the deploy with nothing done.
  const paymentToken = params.paymentToken
    ? await probePaymentToken(signer.provider, params.paymentToken, "existing")
    : undefined;
  const artifacts = options.artifacts ?? artifactsOnDisk();
  const deployer = await signer.getAddress();
  const steps = await planPlatform(params, deployer, chainId, artifacts, options.log, paymentToken);
  const runner = new DeploymentRunner({
    signer,
    artifacts,
    networkName: options.networkName ?? `chain-${chainId}`,
    recordDir: options.recordDir,
    confirmations: options.confirmations,
    redeploy: options.redeploy,
    log: options.log,
    beforeSend: options.beforeSend,
    afterSend: options.afterSend,
  });
  const { record, results } = await runner.run(steps);
  return { record, results, summary: summarize(results) };
}
