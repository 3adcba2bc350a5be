/**
 * The platform's fees after the deploy (issue 20): read the schedule, change a fee (a lower one at once, a higher one
 * announced: it applies no earlier than 12 weeks later, the contract's `FEE_INCREASE_DELAY`), cancel or apply an
 * announced increase, move a collector, and give a property a lower fee, before its launch (by its registry id and
 * its manager: the factory binds it in that manager's launch transaction, and only there, audit finding 5) or after
 * (by its token). Like every operation here, each checks first (the signer holds `DEFAULT_ADMIN_ROLE` on
 * PlatformFees, the figure is within the limits, the manager can launch, the change is not already in place) and
 * refuses with an `OperatorError` before anything is sent.
 */
import { getAddress, ZeroAddress, ZeroHash, type Contract } from "ethers";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import { OperatorError } from "@freehold/dev-kit/deploy";
import {
  checkAddress,
  requireRole,
  resolve,
  send,
  type OperationResult,
  type OpsContext,
  type ResolvedTarget,
} from "./operations.js";

/** The contract's `FeeKind`, in its order. */
export const FEE_KINDS = ["primary", "rent", "trade", "exit"] as const;
export type FeeKindName = (typeof FEE_KINDS)[number];

export interface FeeRow {
  kind: FeeKindName;
  bps: number;
  collector: string;
  /** An announced increase not in effect yet. */
  pending?: { bps: number; effectiveAt: Date };
}

/**
 * A property's discount is set before launch (its registry id, and the manager whose launch binds it: removing one
 * needs no manager) or on its launched token.
 */
export type DiscountTarget = { property: string; manager?: string } | { token: string };

export interface FeeOperationResult extends Omit<OperationResult, "outcome"> {
  outcome: "decreased" | "announced" | "cancelled" | "applied" | "set" | "removed" | "unchanged";
}

export function parseFeeKind(value: string): FeeKindName {
  const kind = value.toLowerCase() as FeeKindName;
  if (!FEE_KINDS.includes(kind))
    throw new OperatorError(`Unknown fee kind ${JSON.stringify(value)}: one of ${FEE_KINDS.join(", ")}`);
  return kind;
}

/** Basis points as the contract takes them: a whole number from 0 to the contract's maximum. */
export function parseBps(value: string, maximum: number): number {
  const bps = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(bps) || bps > maximum)
    throw new OperatorError(
      `A fee is whole basis points from 0 to ${maximum} (${maximum / 100} %): got ${JSON.stringify(value)}`,
    );
  return bps;
}

const kindIndex = (kind: FeeKindName): number => FEE_KINDS.indexOf(kind);
const percent = (bps: number): string => `${bps} bps (${(bps / 100).toFixed(2)} %)`;

async function feesContract(ctx: OpsContext): Promise<ResolvedTarget> {
  return resolve(ctx, { key: "PlatformFees" });
}

async function requireFeeAdmin(ctx: OpsContext, fees: ResolvedTarget, toDo: string): Promise<void> {
  await requireRole(fees.contract, fees.abi, fees.label, ZeroHash, getAddress(await ctx.signer.getAddress()), toDo);
}

async function call<T>(contract: Contract, method: string, ...args: unknown[]): Promise<T> {
  return (await contract.getFunction(method)(...args)) as T;
}

async function platformFee(fees: Contract, kind: FeeKindName): Promise<{ bps: number; collector: string }> {
  const [bps, collector] = await call<[bigint, string]>(fees, "platformFeeOf", kindIndex(kind));
  return { bps: Number(bps), collector };
}

/** The maximum of every fee, from the contract. */
export async function maximumFeeBps(ctx: OpsContext): Promise<number> {
  return Number(await call<bigint>((await feesContract(ctx)).contract, "MAX_FEE_BPS"));
}

/** The schedule as the contract holds it, one row per kind. */
export async function feeSchedule(ctx: OpsContext): Promise<FeeRow[]> {
  const { contract } = await feesContract(ctx);
  const rows: FeeRow[] = [];
  for (const kind of FEE_KINDS) {
    const { bps, collector } = await platformFee(contract, kind);
    const [pendingBps, effectiveAt] = await call<[bigint, bigint]>(contract, "pendingIncrease", kindIndex(kind));
    rows.push({
      kind,
      bps,
      collector,
      ...(effectiveAt > 0n
        ? { pending: { bps: Number(pendingBps), effectiveAt: new Date(Number(effectiveAt) * 1000) } }
        : {}),
    });
  }
  return rows;
}

/** Sets `kind`'s fee: lower at once (`decreaseFee`), higher announced (`announceIncrease`). */
export async function changeFee(
  ctx: OpsContext,
  request: { kind: FeeKindName; bps: number },
): Promise<FeeOperationResult> {
  const fees = await feesContract(ctx);
  await requireFeeAdmin(ctx, fees, `change the ${request.kind} fee`);
  const maximum = Number(await call<bigint>(fees.contract, "MAX_FEE_BPS"));
  if (request.bps > maximum)
    throw new OperatorError(`The ${request.kind} fee can be at most ${percent(maximum)}: ${request.bps} was asked`);
  const current = (await platformFee(fees.contract, request.kind)).bps;
  const [pendingBps, pendingAt] = await call<[bigint, bigint]>(
    fees.contract,
    "pendingIncrease",
    kindIndex(request.kind),
  );
  if (request.bps === current) {
    if (pendingAt === 0n)
      return { outcome: "unchanged", detail: `The ${request.kind} fee is already ${percent(current)}` };
    // Keeping today's fee while an increase is announced means withdrawing the increase.
    return cancelIncrease(ctx, { kind: request.kind });
  }
  if (request.bps > current && pendingAt > 0n && Number(pendingBps) === request.bps)
    return {
      outcome: "unchanged",
      detail: `An increase of the ${request.kind} fee to ${percent(request.bps)} is already announced for ${new Date(Number(pendingAt) * 1000).toISOString()}`,
    };
  if (request.bps < current) {
    // A decrease also withdraws an announced increase (the contract's rule): say so.
    const receipt = await send(ctx, fees.contract, "decreaseFee", [kindIndex(request.kind), request.bps]);
    return {
      outcome: "decreased",
      detail: `The ${request.kind} fee is ${percent(request.bps)} from now on (was ${percent(current)})${pendingAt > 0n ? "; the announced increase is withdrawn" : ""}`,
      transactionHash: receipt.hash,
    };
  }
  const receipt = await send(ctx, fees.contract, "announceIncrease", [kindIndex(request.kind), request.bps]);
  const [, effectiveAt] = await call<[bigint, bigint]>(fees.contract, "pendingIncrease", kindIndex(request.kind));
  return {
    outcome: "announced",
    detail: `The ${request.kind} fee rises from ${percent(current)} to ${percent(request.bps)} on ${new Date(Number(effectiveAt) * 1000).toISOString()} (offerings already open keep their fee)`,
    transactionHash: receipt.hash,
  };
}

/** Withdraws an announced increase of `kind` (`cancelIncrease`). */
export async function cancelIncrease(ctx: OpsContext, request: { kind: FeeKindName }): Promise<FeeOperationResult> {
  const fees = await feesContract(ctx);
  await requireFeeAdmin(ctx, fees, `cancel the ${request.kind} fee's increase`);
  const [, effectiveAt] = await call<[bigint, bigint]>(fees.contract, "pendingIncrease", kindIndex(request.kind));
  if (effectiveAt === 0n)
    return { outcome: "unchanged", detail: `No increase of the ${request.kind} fee is announced` };
  const receipt = await send(ctx, fees.contract, "cancelIncrease", [kindIndex(request.kind)]);
  return {
    outcome: "cancelled",
    detail: `The announced ${request.kind} fee increase is withdrawn`,
    transactionHash: receipt.hash,
  };
}

/**
 * Writes an increase whose date has come as the fee in effect (`applyIncrease`; anyone may: the contract already
 * charges the new fee from its date, this records it with its event).
 */
export async function applyIncrease(ctx: OpsContext, request: { kind: FeeKindName }): Promise<FeeOperationResult> {
  const { contract } = await feesContract(ctx);
  const [pendingBps, effectiveAt] = await call<[bigint, bigint]>(contract, "pendingIncrease", kindIndex(request.kind));
  if (effectiveAt > 0n)
    throw new OperatorError(
      `The ${request.kind} fee's increase to ${percent(Number(pendingBps))} takes effect on ${new Date(Number(effectiveAt) * 1000).toISOString()}, not before`,
    );
  try {
    await contract.getFunction("applyIncrease").staticCall(kindIndex(request.kind));
  } catch {
    return { outcome: "unchanged", detail: `No increase of the ${request.kind} fee is waiting to be applied` };
  }
  const receipt = await send(ctx, contract, "applyIncrease", [kindIndex(request.kind)]);
  return {
    outcome: "applied",
    detail: `The ${request.kind} fee's increase is recorded`,
    transactionHash: receipt.hash,
  };
}

/** Pays `kind`'s fee to `collector` from now on. */
export async function setCollector(
  ctx: OpsContext,
  request: { kind: FeeKindName; collector: string },
): Promise<FeeOperationResult> {
  const collector = checkAddress("collector", request.collector);
  const fees = await feesContract(ctx);
  await requireFeeAdmin(ctx, fees, `set the ${request.kind} fee's collector`);
  if ((await platformFee(fees.contract, request.kind)).collector === collector)
    return { outcome: "unchanged", detail: `${collector} already collects the ${request.kind} fee` };
  const receipt = await send(ctx, fees.contract, "setCollector", [kindIndex(request.kind), collector]);
  return { outcome: "set", detail: `${collector} collects the ${request.kind} fee`, transactionHash: receipt.hash };
}

function discountKey(target: DiscountTarget): { property?: string; manager?: string; token?: string; label: string } {
  if ("property" in target) {
    let id: string;
    try {
      id = propertyIdToBytes32(target.property);
    } catch {
      throw new OperatorError(
        `--property takes the property's registry id (a UUID): got ${JSON.stringify(target.property)}`,
      );
    }
    const manager = target.manager === undefined ? undefined : checkAddress("manager", target.manager);
    return { property: id, ...(manager ? { manager } : {}), label: `property ${target.property}` };
  }
  const token = checkAddress("token", target.token);
  return { token, label: `token ${token}` };
}

/**
 * Before launch, the manager named must be able to launch (else the discount could never apply: a mistyped address
 * would strand it), and must be the manager the property's other launch discounts name, if any (the contract keeps
 * one per property).
 */
async function checkLaunchManager(
  ctx: OpsContext,
  fees: Contract,
  key: { property: string; label: string },
  manager: string,
): Promise<void> {
  const factory = await resolve(ctx, { key: "PropertyTokenFactory" });
  const role = await call<string>(factory.contract, "PROPERTY_MANAGER_ROLE");
  if (!(await call<boolean>(factory.contract, "hasRole", role, manager)))
    throw new OperatorError(
      `${manager} does not hold PROPERTY_MANAGER_ROLE on ${factory.label}: only the manager named launches the property ` +
        `with its discount. Grant it first: npm run ops:roles -- grant PROPERTY_MANAGER_ROLE ${manager} --contract PropertyTokenFactory`,
    );
  const [, , named] = await call<[boolean, bigint, string]>(fees, "launchOverrideOf", key.property, 0);
  if (named !== ZeroAddress && named !== manager)
    throw new OperatorError(
      `${key.label}'s launch discounts name manager ${named}, not ${manager}: remove them first ` +
        `(remove-discount <kind> --property ...) to name another manager`,
    );
}

/**
 * A lower `kind` fee for one property, never above the platform's: before launch by its registry id and its manager
 * (bound to its token in that manager's launch transaction, so its offering starts with it; a launch under that id by
 * anyone else leaves it in place), or on its launched token.
 */
export async function setDiscount(
  ctx: OpsContext,
  request: { kind: FeeKindName; bps: number; target: DiscountTarget },
): Promise<FeeOperationResult> {
  const key = discountKey(request.target);
  if (key.property && !key.manager)
    throw new OperatorError(
      `A discount before launch names the property's manager (--manager <address>): only that manager's launch gets it`,
    );
  const fees = await feesContract(ctx);
  await requireFeeAdmin(ctx, fees, `set a ${request.kind} fee discount`);
  const platform = (await platformFee(fees.contract, request.kind)).bps;
  if (request.bps > platform)
    throw new OperatorError(
      `A discount is at most the platform's ${request.kind} fee, ${percent(platform)}: ${request.bps} was asked`,
    );
  if (key.property)
    await checkLaunchManager(ctx, fees.contract, { property: key.property, label: key.label }, key.manager!);
  const [set, bps] = key.property
    ? await call<[boolean, bigint, string]>(fees.contract, "launchOverrideOf", key.property, kindIndex(request.kind))
    : await call<[boolean, bigint]>(fees.contract, "overrideOf", kindIndex(request.kind), key.token);
  const by = key.manager ? ` from its launch by ${key.manager}` : "";
  if (set && Number(bps) === request.bps)
    return {
      outcome: "unchanged",
      detail: `${key.label} already has a ${request.kind} fee of ${percent(request.bps)}${by}`,
    };
  const receipt = key.property
    ? await send(ctx, fees.contract, "setLaunchOverride", [
        key.property,
        key.manager,
        kindIndex(request.kind),
        request.bps,
      ])
    : await send(ctx, fees.contract, "setOverride", [kindIndex(request.kind), key.token, request.bps]);
  return {
    outcome: "set",
    detail: `${key.label} pays a ${request.kind} fee of ${percent(request.bps)}${by} (the platform's: ${percent(platform)})`,
    transactionHash: receipt.hash,
  };
}

/** Removes a property's discount: it pays the platform's fee again. */
export async function removeDiscount(
  ctx: OpsContext,
  request: { kind: FeeKindName; target: DiscountTarget },
): Promise<FeeOperationResult> {
  const key = discountKey(request.target);
  const fees = await feesContract(ctx);
  await requireFeeAdmin(ctx, fees, `remove a ${request.kind} fee discount`);
  const [set] = key.property
    ? await call<[boolean, bigint, string]>(fees.contract, "launchOverrideOf", key.property, kindIndex(request.kind))
    : await call<[boolean, bigint]>(fees.contract, "overrideOf", kindIndex(request.kind), key.token);
  if (!set) return { outcome: "unchanged", detail: `${key.label} has no ${request.kind} fee discount` };
  const receipt = key.property
    ? await send(ctx, fees.contract, "removeLaunchOverride", [key.property, kindIndex(request.kind)])
    : await send(ctx, fees.contract, "removeOverride", [kindIndex(request.kind), key.token]);
  return {
    outcome: "removed",
    detail: `${key.label} pays the platform's ${request.kind} fee`,
    transactionHash: receipt.hash,
  };
}
