/**
 * Distributed vs distributable: the on-chain rent deposits that paid out closed periods. A deposit names the
 * statement it pays (`RentDistributor.deposit(token, amount, statementHash)`); only deposits on the property's
 * governing token count, so a deposit on another property's token naming this property's statement pays nothing
 * here.
 */
import { launched } from "../chain/service.ts";
import { toMinorUnits } from "../core/coin-amounts.ts";
import type { Db } from "../db/client.ts";

export interface PeriodDistribution {
  /**
   * Base units deposited for the statement (the distributor refuses a second deposit of it), of the coin the token's
   * rent book pays in: the coin its offering was launched with, whatever the platform's coin is now.
   */
  amount: string;
  /** That coin's decimals as the chain sync read them; null when the coin did not answer (the unit is unknown). */
  decimals: number | null;
  txHash: string;
  blockTime: string;
  /**
   * The amount in the property currency's minor units (cents), rounded down, converted with the coin's own decimals:
   * comparable with `distributable`. Null when the decimals are unknown.
   */
  distributedMinor: string | null;
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
  const { token, coin } = await launched(db, chainId, propertyId);
  const decimals = coin?.decimals ?? null;
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
  for (const r of rows) {
    const hash = r.statementHash!.slice(2).toLowerCase();
    if (found.has(hash)) continue; // the first deposit of a statement is the payout; the contract refuses others
    const amount = BigInt((r.args as Record<string, string>)["amount"]!);
    found.set(hash, {
      amount: amount.toString(),
      decimals,
      txHash: r.txHash,
      blockTime: r.blockTime.toISOString(),
      distributedMinor: toMinorUnits(amount, decimals)?.toString() ?? null,
    });
  }
  return found;
}
