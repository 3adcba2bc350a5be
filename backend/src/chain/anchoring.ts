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

interface Pending {
  token: `0x${string}`;
  documentId: string;
  sha256: string;
  /** Where the bytes are served (the ERC-1643 URI). */
  uri: string;
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
    for (const doc of await this.missing()) {
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
        AND c."propertyId" = '0x' || replace(t."propertyId"::text, '-', '') || repeat('0', 32)
        AND e.args->>'documentHash' = '0x' || t."documentSha256"
        AND t."anchorTxHash" IS NULL`;
  }

  /** Documents of tokenized properties with no DocumentUpdated of their hash on the token yet. */
  private async missing(): Promise<Pending[]> {
    const tokens = await this.options.db.chainContract.findMany({
      where: { chainId: this.options.chainId, kind: "PropertyToken", propertyId: { not: null } },
    });
    const out: Pending[] = [];
    for (const token of tokens) {
      const propertyId = bytes32ToPropertyId(token.propertyId!);
      if (!propertyId) continue;
      // Only a property whose land title a compliance officer verified is linked and anchored.
      const title = await this.options.db.landTitle.findUnique({ where: { propertyId }, select: { status: true } });
      if (title?.status !== "VERIFIED") {
        this.options.logger?.warn(
          { token: token.address, propertyId },
          "launched token refers to a property without a verified title: not anchored",
        );
        continue;
      }
      const docs = await this.anchorable(propertyId);
      if (docs.length === 0) continue;
      const anchored = await this.options.db.$queryRaw<{ hash: string }[]>`
        SELECT args->>'documentHash' AS hash FROM chain_events
        WHERE "chainId" = ${this.options.chainId} AND address = ${token.address} AND name = 'DocumentUpdated'`;
      const done = new Set(anchored.map((a) => a.hash.toLowerCase()));
      for (const d of docs) {
        if (!done.has(`0x${d.sha256.toLowerCase()}`))
          out.push({ token: token.address as `0x${string}`, documentId: d.id, sha256: d.sha256, uri: d.uri });
      }
    }
    return out;
  }

  /**
   * What is anchored on a property's token: its documents, then the statements of its closed financial periods
   * (issue 16: a rent deposit references a period's statement hash, which any holder finds on the token).
   */
  private async anchorable(propertyId: string): Promise<{ id: string; sha256: string; uri: string }[]> {
    const { db } = this.options;
    // A valuation's supporting document waits for the valuation's approval.
    const docs = await db.propertyDocument.findMany({
      where: { propertyId, OR: [{ valuations: { none: {} } }, { valuations: { some: { status: "APPROVED" } } }] },
      orderBy: { createdAt: "asc" },
    });
    const statements = await db.financialPeriod.findMany({
      where: { propertyId, status: "CLOSED" },
      select: { id: true, statementSha256: true },
      orderBy: { closedAt: "asc" },
    });
    return [
      ...docs.map((d) => ({ id: d.id, sha256: d.sha256, uri: `/api/v1/properties/${propertyId}/documents/${d.id}` })),
      ...statements.map((p) => ({
        id: p.id,
        sha256: p.statementSha256!,
        uri: `/api/v1/financial-periods/${p.id}/statement`,
      })),
    ];
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
