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
import { SignInRejectedError } from "../core/errors.ts";
import type { Role } from "../generated/prisma/enums.ts";
import { recordAudit } from "../audit/service.ts";

export async function issueNonce(db: Db, config: Config): Promise<{ nonce: string; expiresAt: Date }> {
  // EIP-4361 nonces are alphanumeric, at least 8 characters.
  const nonce = randomBytes(16).toString("hex");
  const expiresAt = new Date(Date.now() + config.siwe.nonceTtlSeconds * 1000);
  await db.siweNonce.create({ data: { nonce, expiresAt } });
  // Housekeeping: nonces are worthless once expired; drop those older than a day now and then.
  if (randomBytes(1)[0]! < 4)
    await db.siweNonce.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - 86_400_000) } } });
  return { nonce, expiresAt };
}

async function signatureMatches(
  config: Config,
  message: string,
  address: `0x${string}`,
  signature: Hex,
): Promise<boolean> {
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

type SiweFields = ReturnType<typeof parseSiweMessage>;
type Checked = SiweFields & { address: `0x${string}`; nonce: string };

function reject(field: string, detail: string): never {
  throw new SignInRejectedError(detail, { field });
}

function checkTime(field: string, label: string, value: Date | undefined): value is Date {
  if (value === undefined) return false;
  if (Number.isNaN(value.getTime())) reject(field, `the message's ${label} is not an RFC 3339 date-time`);
  return true;
}

/**
 * Every EIP-4361 field, each refused with its own problem detail and `field`: the message is for our domain and
 * origin (scheme included), version 1, our chain, an EIP-55 address, issued now (within the clock skew, and no
 * earlier than a nonce could have been issued), not expired and already valid. viem's `validateSiweMessage` runs
 * last as a second opinion on what it covers.
 */
export function checkSiweFields(message: string, config: Config, now: Date): Checked {
  let parsed: SiweFields;
  try {
    parsed = parseSiweMessage(message);
  } catch {
    reject("message", "the message is not an EIP-4361 message");
  }
  if (
    !parsed.address ||
    !parsed.nonce ||
    !parsed.domain ||
    !parsed.uri ||
    !parsed.version ||
    parsed.chainId === undefined ||
    !parsed.issuedAt
  ) {
    reject("message", "the message is not an EIP-4361 message");
  }
  const origin = new URL(config.webOrigin);
  const scheme = origin.protocol.slice(0, -1);
  if (parsed.domain !== config.siwe.domain) reject("domain", `the message must be for domain ${config.siwe.domain}`);
  // EIP-4361: an absent scheme means the wallet did not state one; a stated one must be the app's.
  if (parsed.scheme !== undefined && parsed.scheme !== scheme) reject("scheme", `the message scheme must be ${scheme}`);
  if (parsed.address !== getAddress(parsed.address))
    reject("address", "the address must be written with its EIP-55 checksum");
  let uriOrigin: string | undefined;
  try {
    uriOrigin = new URL(parsed.uri).origin;
  } catch {
    uriOrigin = undefined;
  }
  if (uriOrigin !== config.webOrigin) reject("uri", `the message URI must be on ${config.webOrigin}`);
  if (parsed.version !== "1") reject("version", "the message version must be 1");
  if (parsed.chainId !== config.siwe.chainId) reject("chainId", `the message must be for chain ${config.siwe.chainId}`);

  const skewMs = config.siwe.clockSkewSeconds * 1000;
  checkTime("issuedAt", "Issued At", parsed.issuedAt);
  if (parsed.issuedAt.getTime() > now.getTime() + skewMs)
    reject("issuedAt", "the message is issued in the future; check the device's clock");
  // A message is signed after its nonce was issued, and the nonce lives nonceTtlSeconds.
  const maxAgeSeconds = config.siwe.nonceTtlSeconds + config.siwe.clockSkewSeconds;
  if (parsed.issuedAt.getTime() < now.getTime() - maxAgeSeconds * 1000)
    reject("issuedAt", `the message was issued more than ${maxAgeSeconds} s ago; sign in again`);
  if (
    checkTime("expirationTime", "Expiration Time", parsed.expirationTime) &&
    parsed.expirationTime.getTime() <= now.getTime()
  ) {
    reject("expirationTime", "the message has expired; sign in again");
  }
  if (checkTime("notBefore", "Not Before", parsed.notBefore) && parsed.notBefore.getTime() > now.getTime()) {
    reject("notBefore", `the message is not valid before ${parsed.notBefore.toISOString()}`);
  }
  if (!validateSiweMessage({ message: parsed, domain: config.siwe.domain, scheme: parsed.scheme, time: now })) {
    reject("message", "the message is not a valid EIP-4361 message");
  }
  return parsed as Checked;
}

/** Checks the message and signature, consumes the nonce and returns the (possibly new) user, all in `tx`. */
export async function verifySignIn(tx: Tx, config: Config, message: string, signature: Hex): Promise<SignedIn> {
  const parsed = checkSiweFields(message, config, new Date());
  const address = getAddress(parsed.address);
  if (!(await signatureMatches(config, message, address, signature))) {
    reject("signature", "the signature does not match the address in the message");
  }
  const consumed = await tx.siweNonce.updateMany({
    where: { nonce: parsed.nonce, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  if (consumed.count !== 1) reject("nonce", "the nonce is unknown, expired or already used");

  const isFirstAdmin = address === config.firstAdminAddress;
  const existing = await tx.user.findUnique({ where: { address }, select: { id: true, address: true, roles: true } });
  if (existing) {
    if (isFirstAdmin && !existing.roles.includes("ADMIN")) {
      const roles: Role[] = [...existing.roles, "ADMIN"];
      const user = await tx.user.update({
        where: { id: existing.id },
        data: { roles, version: { increment: 1 } },
        select: { id: true, address: true, roles: true },
      });
      await recordAudit(tx, {
        actor: user,
        action: "user.roles_changed",
        entityType: "user",
        entityId: user.id,
        before: { roles: existing.roles },
        after: { roles, reason: "first admin from configuration" },
      });
      return { user, created: false };
    }
    return { user: existing, created: false };
  }
  const roles: Role[] = isFirstAdmin ? ["ADMIN", "INVESTOR"] : ["INVESTOR"];
  const user = await tx.user.create({ data: { address, roles }, select: { id: true, address: true, roles: true } });
  await recordAudit(tx, {
    actor: user,
    action: "user.registered",
    entityType: "user",
    entityId: user.id,
    after: { address, roles },
  });
  return { user, created: true };
}
