/**
 * What an admin does after the deploy: grant and revoke roles, pause and unpause a property token, rotate the
 * compliance agent, list deployments. Each operation checks first (valid input, the signer holds the needed
 * role, the change is not already in place) and refuses with an `OperatorError` before anything is sent.
 * The command-line scripts beside this file are thin wrappers; tests call these functions directly.
 */
import { Contract, getAddress, isAddress, ZeroAddress, ZeroHash, type Signer, type TransactionReceipt } from "ethers";
import { readdirSync } from "node:fs";
import type { DeploymentRecord } from "@freehold/deployments";
import { ADDRESSES_DIR, readDeployment } from "@freehold/deployments/node";
import {
  assertRole,
  compareCode,
  DEFAULT_ADMIN_ROLE,
  describePaymentToken,
  formatTable,
  OperatorError,
  roleId,
  rolesOf,
  type ArtifactSource,
  type CodeCheck,
  type CompiledContract,
} from "@freehold/dev-kit/deploy";

export interface OpsContext {
  signer: Signer;
  artifacts: ArtifactSource;
  recordDir?: string;
  confirmations?: number;
}

/** A platform contract by its record key (`IdentityRegistry`), or any contract by address and compiled name. */
export type Target = { key: string } | { address: string; contract: string };

export interface OperationResult {
  outcome: "granted" | "revoked" | "paused" | "unpaused" | "unchanged";
  detail: string;
  transactionHash?: string;
}

export interface ResolvedTarget {
  label: string;
  contract: Contract;
  abi: readonly unknown[];
  record?: DeploymentRecord;
}

export function checkAddress(what: string, value: string): string {
  if (!isAddress(value) || getAddress(value) === ZeroAddress) {
    throw new OperatorError(`${what} is not a valid non-zero address: ${JSON.stringify(value)}`);
  }
  return getAddress(value);
}

async function chainRecord(ctx: OpsContext): Promise<DeploymentRecord> {
  const chainId = Number((await ctx.signer.provider!.getNetwork()).chainId);
  const record = readDeployment(chainId, ctx.recordDir);
  if (!record) throw new OperatorError(`Nothing is recorded for chain ${chainId}: run \`npm run deploy\` first`);
  return record;
}

export async function resolve(ctx: OpsContext, target: Target): Promise<ResolvedTarget> {
  let address: string;
  let name: string;
  let record: DeploymentRecord | undefined;
  if ("key" in target) {
    record = await chainRecord(ctx);
    const entry = record.contracts[target.key];
    if (!entry) {
      throw new OperatorError(
        `${target.key} is not recorded for chain ${record.chainId}; recorded: ${Object.keys(record.contracts).join(", ")}`,
      );
    }
    address = entry.address;
    name = entry.contract ?? target.key;
  } else {
    address = checkAddress("contract address", target.address);
    name = target.contract;
  }
  const artifact = await ctx.artifacts.readArtifact(name);
  const code = await ctx.signer.provider!.getCode(address);
  if (compareCode(code, artifact) !== "match" && !(await isCloneOf(ctx, code, artifact))) {
    throw new OperatorError(`${address} is not a ${name} (${code === "0x" ? "no code there" : "different code"})`);
  }
  const label = "key" in target ? `${target.key} (${address})` : `${name} ${address}`;
  return { label, contract: new Contract(address, artifact.abi as never[], ctx.signer), abi: artifact.abi, record };
}

const PROXY_PREFIX = "0x363d3d373d3d3d363d73";
const PROXY_SUFFIX = "5af43d82803e903d91602b57fd5bf3";

/** The implementation an EIP-1167 minimal proxy (a factory clone) delegates to, or `undefined`. */
export function cloneImplementation(code: string): string | undefined {
  const hex = code.toLowerCase();
  if (
    hex.length !== PROXY_PREFIX.length + 40 + PROXY_SUFFIX.length ||
    !hex.startsWith(PROXY_PREFIX) ||
    !hex.endsWith(PROXY_SUFFIX)
  )
    return undefined;
  return getAddress(`0x${hex.slice(PROXY_PREFIX.length, PROXY_PREFIX.length + 40)}`);
}

/** Property tokens and offerings launched by the factory are clones: check the code they delegate to. */
async function isCloneOf(ctx: OpsContext, code: string, artifact: CompiledContract): Promise<boolean> {
  const implementation = cloneImplementation(code);
  return (
    implementation !== undefined &&
    compareCode(await ctx.signer.provider!.getCode(implementation), artifact) === "match"
  );
}

function roleNameOf(abi: readonly unknown[], id: string): string {
  return [DEFAULT_ADMIN_ROLE, ...rolesOf(abi)].find((name) => roleId(name) === id) ?? id;
}

export async function send(
  ctx: OpsContext,
  contract: Contract,
  method: string,
  args: unknown[],
): Promise<TransactionReceipt> {
  const tx = await contract.getFunction(method)(...args);
  return (await tx.wait(ctx.confirmations ?? 1)) as TransactionReceipt;
}

export async function requireRole(
  contract: Contract,
  abi: readonly unknown[],
  label: string,
  id: string,
  who: string,
  toDo: string,
): Promise<void> {
  if (!((await contract.getFunction("hasRole")(id, who)) as boolean)) {
    throw new OperatorError(`${who} cannot ${toDo} on ${label}: it does not hold ${roleNameOf(abi, id)}`);
  }
}

/** Grants or revokes `role` on a contract. */
export async function changeRole(
  ctx: OpsContext,
  request: {
    target: Target;
    role: string;
    account: string;
    action: "grant" | "revoke";
    allowSelfAdminRevoke?: boolean;
  },
): Promise<OperationResult> {
  const account = checkAddress("account", request.account);
  const { contract, abi, label } = await resolve(ctx, request.target);
  assertRole(label, abi, request.role);
  const id = roleId(request.role);
  const signer = getAddress(await ctx.signer.getAddress());
  const adminId = (await contract.getFunction("getRoleAdmin")(id)) as string;
  await requireRole(contract, abi, label, adminId, signer, `${request.action} ${request.role}`);
  if (
    request.action === "revoke" &&
    request.role === DEFAULT_ADMIN_ROLE &&
    account === signer &&
    !request.allowSelfAdminRevoke
  ) {
    throw new OperatorError(
      `Refusing to revoke your own ${DEFAULT_ADMIN_ROLE} on ${label}: you could lock everyone out (pass --allow-self-admin-revoke if intended)`,
    );
  }
  const has = (await contract.getFunction("hasRole")(id, account)) as boolean;
  if (has === (request.action === "grant")) {
    return {
      outcome: "unchanged",
      detail: `${account} ${has ? "already holds" : "does not hold"} ${request.role} on ${label}`,
    };
  }
  const receipt = await send(ctx, contract, request.action === "grant" ? "grantRole" : "revokeRole", [id, account]);
  return {
    outcome: request.action === "grant" ? "granted" : "revoked",
    detail: `${request.role} on ${label} ${request.action === "grant" ? "granted to" : "revoked from"} ${account}`,
    transactionHash: receipt.hash,
  };
}

/** Pauses or unpauses a property token (the signer needs its `PAUSER_ROLE`). */
export async function setPaused(
  ctx: OpsContext,
  request: { token: string; paused: boolean },
): Promise<OperationResult> {
  const { contract, abi, label } = await resolve(ctx, { address: request.token, contract: "PropertyToken" });
  const signer = getAddress(await ctx.signer.getAddress());
  await requireRole(contract, abi, label, roleId("PAUSER_ROLE"), signer, request.paused ? "pause" : "unpause");
  if (((await contract.getFunction("paused")()) as boolean) === request.paused) {
    return { outcome: "unchanged", detail: `${label} is already ${request.paused ? "paused" : "running"}` };
  }
  const receipt = await send(ctx, contract, request.paused ? "pause" : "unpause", []);
  return { outcome: request.paused ? "paused" : "unpaused", detail: label, transactionHash: receipt.hash };
}

/**
 * Hands `COMPLIANCE_AGENT_ROLE` on the identity registry to `newAgent` and takes it from every other holder
 * (found from the registry's `RoleGranted` events), grant first, so identity writes never stop. The backend's key is
 * also the factory's document agent (the deploy sets both): when one is set, it moves to `newAgent` too, so tokens
 * launched from now on let the new key anchor documents. Both admin roles are checked before anything is sent.
 */
export async function rotateComplianceAgent(
  ctx: OpsContext,
  request: { newAgent: string },
): Promise<{ granted: boolean; revoked: string[]; documentAgentMoved: boolean; transactions: string[] }> {
  const newAgent = checkAddress("new agent", request.newAgent);
  const { contract, abi, label, record } = await resolve(ctx, { key: "IdentityRegistry" });
  const factory = await resolve(ctx, { key: "PropertyTokenFactory" });
  const role = roleId("COMPLIANCE_AGENT_ROLE");
  const signer = getAddress(await ctx.signer.getAddress());
  await requireRole(
    contract,
    abi,
    label,
    (await contract.getFunction("getRoleAdmin")(role)) as string,
    signer,
    "rotate the compliance agent",
  );
  const documentAgent = getAddress((await factory.contract.getFunction("documentAgent")()) as string);
  const documentAgentMoved = documentAgent !== ZeroAddress && documentAgent !== newAgent;
  if (documentAgentMoved)
    await requireRole(factory.contract, factory.abi, factory.label, ZeroHash, signer, "move the document agent");
  const fromBlock = record?.contracts["IdentityRegistry"]?.blockNumber ?? 0;
  const grants = await contract.queryFilter(contract.filters["RoleGranted"]!(role), fromBlock);
  const candidates = new Set(grants.map((log) => getAddress(String((log as unknown as { args: unknown[] }).args[1]))));
  const current: string[] = [];
  for (const account of candidates)
    if ((await contract.getFunction("hasRole")(role, account)) as boolean) current.push(account);

  const transactions: string[] = [];
  const granted = !current.includes(newAgent);
  if (granted) transactions.push((await send(ctx, contract, "grantRole", [role, newAgent])).hash);
  const revoked = current.filter((a) => a !== newAgent);
  for (const old of revoked) transactions.push((await send(ctx, contract, "revokeRole", [role, old])).hash);
  if (documentAgentMoved) transactions.push((await send(ctx, factory.contract, "setDocumentAgent", [newAgent])).hash);
  return { granted, revoked, documentAgentMoved, transactions };
}

/** Every deployment record on disk, sorted by chain id. */
export function listRecords(dir = ADDRESSES_DIR): DeploymentRecord[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /^\d+\.json$/.test(f));
  } catch {
    return [];
  }
  return files.map((f) => readDeployment(Number(f.slice(0, -5)), dir)!).sort((a, b) => a.chainId - b.chainId);
}

/** A table of recorded contracts; with `checks` (key -> result for one chain) a column says whether the code is there. */
export function formatRecords(records: readonly DeploymentRecord[], checks?: Map<string, CodeCheck>): string {
  const rows = records.flatMap((r) =>
    Object.entries(r.contracts).map(([key, c]) => [
      String(r.chainId),
      r.network,
      key,
      c!.address,
      String(c!.blockNumber),
      ...(checks ? [checks.get(`${r.chainId}:${key}`) ?? "-"] : []),
    ]),
  );
  const headers = ["chain", "network", "contract", "address", "block", ...(checks ? ["on chain"] : [])];
  const pending = records
    .filter((r) => r.pending)
    .map(
      (r) =>
        `chain ${r.chainId}: a deployment of ${r.pending!.key} at ${r.pending!.address} was in flight when the last run stopped`,
    );
  const payment = records.map(
    (r) =>
      `chain ${r.chainId}: payment token ${r.paymentToken ? describePaymentToken(r.paymentToken) : "not recorded (run the deploy)"}`,
  );
  return [formatTable(headers, rows), ...payment, ...pending].join("\n");
}

/** Compares the recorded contracts of the signer's chain with the code actually there. */
export async function checkRecordedCode(
  provider: NonNullable<Signer["provider"]>,
  record: DeploymentRecord,
  artifacts: ArtifactSource,
): Promise<Map<string, CodeCheck>> {
  const checks = new Map<string, CodeCheck>();
  for (const [key, c] of Object.entries(record.contracts)) {
    checks.set(
      `${record.chainId}:${key}`,
      compareCode(await provider.getCode(c!.address), await artifacts.readArtifact(c!.contract ?? key)),
    );
  }
  return checks;
}
