/**
 * Sign-In with Ethereum (EIP-4361) with viem's SIWE utilities: the server issues a single-use nonce that expires,
 * the wallet signs a message naming our domain, chain and that nonce, and we check all of it before opening a
 * session. The nonce is consumed atomically (an UPDATE that only succeeds once), so a signed message cannot be
 * replayed. EOA signatures are verified locally; with an RPC URL configured, smart-contract wallets (EIP-1271 /
 * EIP-6492) are verified through the chain.
 */
import { randomBytes } from "node:crypto";
import { createPublicClient, getAddress, http, verifyMessage, type Hex } from "viem";
import { parseSiweMessage, validateSiweMessage, verifySiweMessage } from "viem/siwe";
import type { Config } from "../config/index.ts";
import type { Db, Tx } from "../db/client.ts";
import { SignInRejectedError } from "../http/errors.ts";
import type { Role } from "../generated/prisma/enums.ts";
import { recordAudit } from "../audit/service.ts";

export async function issueNonce(db: Db, config: Config): Promise<{ nonce: string; expiresAt: Date }> {
  // EIP-4361 nonces are alphanumeric, at least 8 characters.
  const nonce = randomBytes(16).toString("hex");
  const expiresAt = new Date(Date.now() + config.siwe.nonceTtlSeconds * 1000);
  await db.siweNonce.create({ data: { nonce, expiresAt } });
  // Housekeeping: nonces are worthless once expired; drop those older than a day now and then.
  if (randomBytes(1)[0]! < 4) await db.siweNonce.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - 86_400_000) } } });
  return { nonce, expiresAt };
}

async function signatureMatches(config: Config, message: string, address: `0x${string}`, signature: Hex): Promise<boolean> {
  try {
    if (config.siwe.rpcUrl) {
      const client = createPublicClient({ transport: http(config.siwe.rpcUrl) });
      return await verifySiweMessage(client, { message, signature, address });
    }
    return await verifyMessage({ address, message, signature });
  } catch {
    return false;
  }
}

export interface SignedIn {
  user: { id: string; address: string; roles: Role[] };
  created: boolean;
}

/** Checks the message and signature, consumes the nonce and returns the (possibly new) user, all in `tx`. */
export async function verifySignIn(tx: Tx, config: Config, message: string, signature: Hex): Promise<SignedIn> {
  let parsed: ReturnType<typeof parseSiweMessage>;
  try {
    parsed = parseSiweMessage(message);
  } catch {
    throw new SignInRejectedError("the message is not an EIP-4361 message");
  }
  if (!parsed.address || !parsed.nonce || !parsed.domain || parsed.chainId === undefined || !parsed.version) {
    throw new SignInRejectedError("the message is not an EIP-4361 message");
  }
  if (parsed.domain !== config.siwe.domain) throw new SignInRejectedError(`the message must be for domain ${config.siwe.domain}`);
  if (parsed.chainId !== config.siwe.chainId) throw new SignInRejectedError(`the message must be for chain ${config.siwe.chainId}`);
  if (!validateSiweMessage({ message: parsed, domain: config.siwe.domain, time: new Date() })) {
    throw new SignInRejectedError("the message has expired or is not yet valid");
  }
  const address = getAddress(parsed.address);
  if (!(await signatureMatches(config, message, address, signature))) {
    throw new SignInRejectedError("the signature does not match the address in the message");
  }
  const consumed = await tx.siweNonce.updateMany({
    where: { nonce: parsed.nonce, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  if (consumed.count !== 1) throw new SignInRejectedError("the nonce is unknown, expired or already used");

  const isFirstAdmin = address === config.firstAdminAddress;
  const existing = await tx.user.findUnique({ where: { address }, select: { id: true, address: true, roles: true } });
  if (existing) {
    if (isFirstAdmin && !existing.roles.includes("ADMIN")) {
      const roles: Role[] = [...existing.roles, "ADMIN"];
      const user = await tx.user.update({ where: { id: existing.id }, data: { roles, version: { increment: 1 } }, select: { id: true, address: true, roles: true } });
      await recordAudit(tx, { actor: user, action: "user.roles_changed", entityType: "user", entityId: user.id, before: { roles: existing.roles }, after: { roles, reason: "first admin from configuration" } });
      return { user, created: false };
    }
    return { user: existing, created: false };
  }
  const roles: Role[] = isFirstAdmin ? ["ADMIN", "INVESTOR"] : ["INVESTOR"];
  const user = await tx.user.create({ data: { address, roles }, select: { id: true, address: true, roles: true } });
  await recordAudit(tx, { actor: user, action: "user.registered", entityType: "user", entityId: user.id, after: { address, roles } });
  return { user, created: true };
}
