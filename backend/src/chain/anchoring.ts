/**
 * Document anchoring (ERC-1643): once a property's token exists (the sync discovered its PropertyLaunched), every
 * document of the property (the land title deed and the other property documents; a valuation's supporting document
 * once a valuation citing it is approved) and every closed financial period's statement (its canonical JSON, whose
 * SHA-256 the period stores) is written on the token with
 * `setDocument(name, uri, sha256)`, signed by the backend's key through the crash-safe sender.
 *
 * The chain is the record of what is anchored: a document counts as anchored when the sync has stored a
 * `DocumentUpdated` of its hash on the property's token; the land title then gets its anchor (chain id,
 * transaction, time), which the public document check reports. A document is (re)sent only when no transaction
 * for it is in flight or confirmed-but-not-yet-synced, and after `maxAttempts` failures it is left alone.
 * The backend's key needs DOCUMENTS_ROLE on the token (documents only): the factory grants it at launch to its
 * document agent, which the deploy sets to this key (`--compliance-agent`). AGENT_ROLE (the manager's, which also
 * writes documents) works too, so tokens whose manager granted it by hand keep being anchored. With neither, nothing
 * is sent (a warning is logged): e.g. a token launched before the document agent was set, until its manager grants
 * DOCUMENTS_ROLE.
 * A token launched for a property whose land title is not verified is never anchored.
 */
import { propertyTokenAbi } from "@freehold/deployments/abi";
import { encodeFunctionData, keccak256, toHex, type PublicClient } from "viem";
import type { Db } from "../db/client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { bytes32ToPropertyId, propertyIdToBytes32 } from "@freehold/deployments/property-id";
import { revertReason } from "./compliance-agent.ts";
import type { SenderLogger, TransactionSender } from "./sender.ts";

export interface AnchoringOptions {
  db: Db;
  client: PublicClient;
  sender: TransactionSender;
  chainId: number;
  maxAttempts: number;
  logger?: SenderLogger;
}

const DOCUMENTS_ROLE = keccak256(toHex("DOCUMENTS_ROLE"));
const AGENT_ROLE = keccak256(toHex("AGENT_ROLE"));

/** The ERC-1643 name of a document: its registry id (UUID) as bytes32, reversible like property ids. */
export const documentName = propertyIdToBytes32;

export interface Pending {
  token: `0x${string}`;
  documentId: string;
  sha256: string;
  /** Where the bytes are served (the ERC-1643 URI). */
  uri: string;
}

/**
 * Chain contract `c` is a token of land title `t`'s property: a token's propertyId is the property's UUID as bytes32
 * (@freehold/deployments/property-id: its 16 bytes, then zeros).
 */
const TOKEN_OF_TITLE = Prisma.sql`c."propertyId" = '0x' || replace(t."propertyId"::text, '-', '') || repeat('0', 32)`;

/**
 * Documents of tokenized properties with no DocumentUpdated of their hash on the token yet, in two statements
 * whatever the number of tokens (a pass used to ask four questions per token: issue 17, idle cost). Per token, in
 * order: the property's documents (a valuation's supporting document once a valuation citing it is approved; the
 * deed included) by upload time, then the statements of its closed financial periods (issue 16: a rent deposit
 * references a period's statement hash, which any holder finds on the token) by closing time. Only a property whose
 * land title a compliance officer verified is anchored; a launched token of any other property is reported.
 */
export async function missingDocuments(db: Db, chainId: number, logger?: SenderLogger): Promise<Pending[]> {
  const rows = await db.$queryRaw<{ token: string; documentId: string; sha256: string; uri: string }[]>`
    SELECT c.address AS token, d.id AS "documentId", d.sha256, d.uri
    FROM chain_contracts c
    JOIN land_titles t ON t.status = 'VERIFIED'
      AND ${TOKEN_OF_TITLE}
    CROSS JOIN LATERAL (
      SELECT pd.id::text AS id, pd.sha256, '/api/v1/properties/' || pd."propertyId" || '/documents/' || pd.id AS uri,
        0 AS part, pd."createdAt" AS at
      FROM property_documents pd
      WHERE pd."propertyId" = t."propertyId"
        AND (NOT EXISTS (SELECT 1 FROM valuations v WHERE v."documentId" = pd.id)
          OR EXISTS (SELECT 1 FROM valuations v WHERE v."documentId" = pd.id AND v.status = 'APPROVED'))
      UNION ALL
      SELECT fp.id::text, fp."statementSha256", '/api/v1/financial-periods/' || fp.id || '/statement', 1, fp."closedAt"
      FROM financial_periods fp
      WHERE fp."propertyId" = t."propertyId" AND fp.status = 'CLOSED'
    ) d
    WHERE c."chainId" = ${chainId} AND c.kind = 'PropertyToken'
      AND NOT EXISTS (
        SELECT 1 FROM chain_events e
        WHERE e."chainId" = c."chainId" AND e.address = c.address AND e.name = 'DocumentUpdated'
          AND lower(e.args->>'documentHash') = '0x' || lower(d.sha256))
    ORDER BY c.address, d.part, d.at, d.id`;
  if (logger) {
    const unverified = await db.$queryRaw<{ token: string; propertyId: string }[]>`
      SELECT c.address AS token, c."propertyId" FROM chain_contracts c
      WHERE c."chainId" = ${chainId} AND c.kind = 'PropertyToken' AND c."propertyId" IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM land_titles t WHERE t.status = 'VERIFIED'
          AND ${TOKEN_OF_TITLE})`;
    for (const u of unverified)
      logger.warn(
        { token: u.token, propertyId: bytes32ToPropertyId(u.propertyId) ?? u.propertyId },
        "launched token refers to a property without a verified title: not anchored",
      );
  }
  return rows.map((r) => ({
    token: r.token as `0x${string}`,
    documentId: r.documentId,
    sha256: r.sha256,
    uri: r.uri,
  }));
}

export class DocumentAnchoring {
  constructor(private readonly options: AnchoringOptions) {}

  /**
   * One pass: record the anchors the sync has seen, send what is missing. (The property's status follows its launch
   * in the chain sync itself: sync/property-state.ts.)
   */
  async tick(): Promise<{ sent: number; recorded: number }> {
    const recorded = await this.recordAnchors();
    let sent = 0;
    for (const doc of await missingDocuments(this.options.db, this.options.chainId, this.options.logger)) {
      if (await this.send(doc)) sent++;
    }
    return { sent, recorded };
  }

  /** Land titles whose deed hash the sync has seen anchored on their property's token get their anchor. */
  private async recordAnchors(): Promise<number> {
    return this.options.db.$executeRaw`
      UPDATE land_titles t SET "anchorChainId" = ${this.options.chainId}, "anchorTxHash" = e."txHash", "anchoredAt" = e."blockTime"
      FROM chain_contracts c
      JOIN chain_events e ON e."chainId" = c."chainId" AND e.address = c.address AND e.name = 'DocumentUpdated'
      WHERE c."chainId" = ${this.options.chainId} AND c.kind = 'PropertyToken'
        AND ${TOKEN_OF_TITLE}
        AND e.args->>'documentHash' = '0x' || t."documentSha256"
        AND t."anchorTxHash" IS NULL`;
  }

  /** Whether `key` may call setDocument on `token`: DOCUMENTS_ROLE (granted at launch) or AGENT_ROLE. */
  private async mayWriteDocuments(token: `0x${string}`, key: `0x${string}`): Promise<boolean> {
    const hasRole = (role: `0x${string}`) =>
      this.options.client.readContract({
        address: token,
        abi: propertyTokenAbi,
        functionName: "hasRole",
        args: [role, key],
      });
    return (await hasRole(DOCUMENTS_ROLE)) || (await hasRole(AGENT_ROLE));
  }

  private async send(doc: Pending): Promise<boolean> {
    const { sender, client, db } = this.options;
    const purpose = `document:${doc.token}:${doc.documentId}`;
    const previous = await db.chainTransaction.findMany({ where: { purpose } });
    // In flight, or confirmed and waiting for the sync to store its event: nothing to do.
    if (previous.some((t) => t.status === "SIGNED" || t.status === "MINED" || t.status === "CONFIRMED")) return false;
    if (previous.filter((t) => t.status === "REVERTED").length >= this.options.maxAttempts) return false;
    if (!(await this.mayWriteDocuments(doc.token, sender.address))) {
      this.options.logger?.warn(
        { token: doc.token, key: sender.address },
        "cannot anchor documents: the backend key holds neither DOCUMENTS_ROLE nor AGENT_ROLE on the token",
      );
      return false;
    }
    const data = encodeFunctionData({
      abi: propertyTokenAbi,
      functionName: "setDocument",
      args: [documentName(doc.documentId), doc.uri, `0x${doc.sha256}`],
    });
    return db.$transaction(
      async (tx) => {
        await sender.lockSigner(tx);
        // Re-check under the signer lock: another instance may have signed it meanwhile.
        if (
          (await tx.chainTransaction.count({ where: { purpose, status: { in: ["SIGNED", "MINED", "CONFIRMED"] } } })) >
          0
        )
          return false;
        let gas: bigint;
        try {
          gas = await client.estimateGas({ account: sender.address, to: doc.token, data });
        } catch (error) {
          this.options.logger?.warn(
            { token: doc.token, documentId: doc.documentId, reason: revertReason(error) ?? (error as Error).message },
            "document anchoring refused",
          );
          return false;
        }
        await sender.signAndStore(tx, { to: doc.token, data, gas: (gas * 13n) / 10n, purpose });
        return true;
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  }
}
