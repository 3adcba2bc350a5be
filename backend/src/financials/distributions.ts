/**
 * Distributed vs distributable: the on-chain rent deposits that paid out closed periods. A deposit names the
 * statement it pays (`RentDistributor.deposit(token, amount, statementHash)`); only deposits on the property's
 * governing token count, so a deposit on another property's token naming this property's statement pays nothing
 * here.
 */
import { launched } from "../chain/service.ts";
import type { Db } from "../db/client.ts";

/** The 6-decimal stablecoin of the property's currency that offerings and distributors pay in (chain/service.ts). */
export const PAYMENT_TOKEN_DECIMALS = 6;
const MINOR_UNIT_DECIMALS = 2;

export interface PeriodDistribution {
  /** Payment-token base units deposited for the statement (the distributor refuses a second deposit of it). */
  amount: string;
  decimals: number;
  txHash: string;
  blockTime: string;
  /** The amount in the property currency's minor units (cents), rounded down: comparable with `distributable`. */
  distributedMinor: string;
}

/** Deposits of the property's governing token by the statement SHA-256 (lowercase hex, no 0x) they name. */
export async function distributionsByStatement(
  db: Db,
  chainId: number,
  propertyId: string,
  statementHashes: readonly string[],
): Promise<Map<string, PeriodDistribution>> {
  const found = new Map<string, PeriodDistribution>();
  if (statementHashes.length === 0) return found;
  const { token } = await launched(db, chainId, propertyId);
  if (!token) return found;
  const rows = await db.chainEvent.findMany({
    where: {
      chainId,
      token,
      contract: "RentDistributor",
      name: "RentDeposited",
      statementHash: { in: statementHashes.map((h) => `0x${h.toLowerCase()}`) },
    },
    orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }],
  });
  const scale = 10n ** BigInt(PAYMENT_TOKEN_DECIMALS - MINOR_UNIT_DECIMALS);
  for (const r of rows) {
    const hash = r.statementHash!.slice(2).toLowerCase();
    if (found.has(hash)) continue; // the first deposit of a statement is the payout; the contract refuses others
    const amount = BigInt((r.args as Record<string, string>)["amount"]!);
    found.set(hash, {
      amount: amount.toString(),
      decimals: PAYMENT_TOKEN_DECIMALS,
      txHash: r.txHash,
      blockTime: r.blockTime.toISOString(),
      distributedMinor: (amount / scale).toString(),
    });
  }
  return found;
}
