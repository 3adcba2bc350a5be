/**
 * Where a document hash is anchored on chain (ERC-1643 `DocumentUpdated` on a property's token, as stored by the
 * sync), for the public document check.
 */
import type { Db } from "../db/client.ts";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";

export interface Anchor {
  chainId: number;
  txHash: string;
  anchoredAt: string;
}

/** For each of `propertyIds`, the first anchoring of `sha256` (hex, no 0x) on that property's token, if any. */
export async function documentAnchors(
  db: Db,
  propertyIds: readonly string[],
  sha256: string,
): Promise<Map<string, Anchor>> {
  const out = new Map<string, Anchor>();
  if (propertyIds.length === 0) return out;
  const byBytes32 = new Map<string, string>(propertyIds.map((id) => [propertyIdToBytes32(id), id]));
  const rows = await db.$queryRaw<{ chainId: number; propertyId: string; txHash: string; blockTime: Date }[]>`
    SELECT DISTINCT ON (c."propertyId") e."chainId", c."propertyId", e."txHash", e."blockTime"
    FROM chain_events e
    JOIN chain_contracts c ON c."chainId" = e."chainId" AND c.address = e.address AND c.kind = 'PropertyToken'
    WHERE e.name = 'DocumentUpdated' AND e.args->>'documentHash' = ${`0x${sha256.toLowerCase()}`}
      AND c."propertyId" = ANY(${[...byBytes32.keys()]}::text[])
    ORDER BY c."propertyId", e."blockNumber", e."logIndex"`;
  for (const r of rows) {
    const id = byBytes32.get(r.propertyId);
    if (id) out.set(id, { chainId: r.chainId, txHash: r.txHash, anchoredAt: r.blockTime.toISOString() });
  }
  return out;
}
