/**
 * Matrix rows for private placements (src/placements/routes.ts). Posting needs what a synced chain leaves: the
 * property's offering launched from the owner's wallet (its issuer) and the invited identity registered; the rows
 * write those read-model rows as the chain sync writes them (the sync itself is tested on a real node in
 * src/placements/routes.test.ts), and the owner signs the invitation with their wallet's key.
 */
import { randomBytes } from "node:crypto";
import { getAddress, keccak256, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { INVITATION_TYPES, offeringDomain } from "../../src/placements/typed-data.ts";
import { API, createProperty } from "../support/fixtures.ts";
import { SEES_DRAFT, SIGNED_IN, type MatrixRow, type World } from "./types.ts";

let block = 1_000_000;
const randomAddress = () => getAddress(toHex(randomBytes(20)));

/** A property of the owner with a synced offering whose issuer is the owner's wallet. */
async function launchedProperty(w: World): Promise<{ id: string; offering: string }> {
  const property = await createProperty(w.t, w.owner);
  const chainId = w.t.config.siwe.chainId;
  const offering = randomAddress();
  const b = block++;
  await w.t.pool.query(
    `INSERT INTO chain_contracts ("chainId", address, kind, token, "fromBlock", "discoveredBlock")
     VALUES ($1, $2, 'PropertyOffering', $3, $4, $4)`,
    [chainId, offering, randomAddress(), b],
  );
  await w.t.pool.query(
    // With its terms, as the sync reads them: an invitation must fit what the offering could still sell (room.ts).
    `INSERT INTO chain_offerings ("chainId", address, "propertyId", token, "tokenSymbol", "discoveredBlock", launcher,
       partition, "paymentToken", "pricePerUnit", "softCap", "hardCap", "minTicket", "maxTicket", "startTime", "endTime")
     VALUES ($1, $2, $3::uuid, $4, 'MTRX', $5, $6, $7, $8, 1000000, 1, 1000, 1, 1000, now() - interval '1 day',
       now() + interval '30 days')`,
    [chainId, offering, property.id, randomAddress(), b, w.owner.address, `0x${"0".repeat(64)}`, randomAddress()],
  );
  return { id: property.id, offering };
}

/** An identity registered and verified on chain (its IdentityRegistered event, as synced). */
async function verifiedIdentity(w: World): Promise<string> {
  const identity = privateKeyToAccount(generatePrivateKey()).address;
  const b = block++;
  await w.t.pool.query(
    `INSERT INTO chain_events ("chainId", "blockNumber", "blockHash", "logIndex", "txHash", "blockTime", address, contract, name, args)
     VALUES ($1, $2, $3, 0, $3, now(), $4, 'IdentityRegistry', 'IdentityRegistered', $5::jsonb)`,
    [
      w.t.config.siwe.chainId,
      b,
      keccak256(toHex(`block ${b}`)),
      randomAddress(),
      JSON.stringify({ wallet: identity, identity, country: 250, kycExpiry: 4_102_444_800, accredited: false }),
    ],
  );
  return identity;
}

async function signedInvitation(w: World) {
  const { id, offering } = await launchedProperty(w);
  const message = {
    identity: (await verifiedIdentity(w)) as `0x${string}`,
    minUnits: 1n,
    maxUnits: 10n,
    pricePerUnit: 1_000_000n,
    expiry: BigInt(Math.floor(Date.now() / 1000) + 86_400),
    salt: keccak256(toHex(randomBytes(16))),
  };
  const signature = await w.owner.account.signTypedData({
    domain: offeringDomain(w.t.config.siwe.chainId, offering),
    types: INVITATION_TYPES,
    primaryType: "Invitation",
    message: { ...message, expiry: Number(message.expiry) },
  });
  return {
    id,
    body: {
      identity: message.identity,
      minUnits: "1",
      maxUnits: "10",
      pricePerUnit: "1000000",
      expiry: new Date(Number(message.expiry) * 1000).toISOString(),
      salt: message.salt,
      signature,
    },
  };
}

export const rows: MatrixRow[] = [
  {
    // Only the property's own manager, who is the offering's issuer, signs and posts (an admin cannot sign for them).
    route: "POST /properties/:id/invitations",
    allow: ["owner"],
    request: async (w) => {
      const { id, body } = await signedInvitation(w);
      return { path: `${API}/properties/${id}/invitations`, body };
    },
  },
  {
    route: "GET /properties/:id/invitations",
    allow: SEES_DRAFT,
    request: async (w) => ({ path: `${API}/properties/${(await createProperty(w.t, w.owner)).id}/invitations` }),
  },
  { route: "GET /me/invitations", allow: SIGNED_IN, request: async () => ({ path: `${API}/me/invitations` }) },
];
