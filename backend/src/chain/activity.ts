/**
 * A property's on-chain activity feed, and who sees which of its events.
 *
 * The feed decodes every event of the property's token, offering, rent book, governor, exit and orders, with the
 * identities behind the wallets. Who bought or holds how much, how each identity voted and which wallet compliance
 * holds are cap-table facts: those who see the cap table (the property's owner or manager, compliance officers,
 * admins) see every event; anyone else sees the property's own facts (`PROPERTY_EVENTS`: its rules, documents, rent
 * and capital deposits, the offering's outcome, votes' proposals and results, the sale) and the movements that name
 * their own wallet (`PARTY_EVENTS`), never a compliance action, not even on their own wallet (AML tipping-off).
 * Both lists are allow-lists: an event added to a contract stays hidden from them until it is placed here.
 */
import type { Prisma } from "../generated/prisma/client.ts";
import { getAddress } from "viem";
import type { Db } from "../db/client.ts";
import { canManage, loadVisible, seesEverything } from "../properties/access.ts";
import type { Actor } from "../auth/actor.ts";
import { launched } from "./service.ts";
import { activityFeed } from "./sync/read-models.ts";

/** Events about the property as a whole, whose arguments name no investor: anyone who may see the property. */
export const PROPERTY_EVENTS: Readonly<Record<string, readonly string[]>> = {
  PropertyTokenFactory: ["PropertyLaunched", "GovernorLaunched", "ExitLaunched"],
  PropertyToken: [
    "DocumentUpdated",
    "DocumentRemoved",
    "IssuanceFinalized",
    "ControllableFinalized",
    "Paused",
    "Unpaused",
    "Closed",
    "ExitSet",
    "GovernorSet",
    "MaxHoldersSet",
    "MaxBalancePerIdentitySet",
    "CountryModeSet",
    "CountryRestrictionSet",
    "PartitionRulesSet",
    "RedemptionClosedSet",
  ],
  PropertyOffering: ["Finalized", "Cancelled", "ProceedsReleased"],
  RentDistributor: ["RentDeposited", "CapitalDeposited", "RentFeeCharged"],
  // The proposals route shows each proposal and its proposer to the same audience.
  PropertyGovernor: ["ProposalCreated", "ProposalFinalized"],
  PropertyExit: ["ProceedsDeposited", "CapitalReturned"],
};

/**
 * Movements of units or money, shown to a caller whose wallet is one of the named parties (the argument names
 * listed). Compliance actions (freezes, holds, forced and controller moves, redirected rent) are in neither list.
 */
export const PARTY_EVENTS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  PropertyToken: {
    Transfer: ["from", "to"],
    TransferByPartition: ["from", "to"],
    Issued: ["to"],
    IssuedByPartition: ["to"],
    Redeemed: ["from"],
    RedeemedByPartition: ["from"],
  },
  PropertyOffering: {
    Subscribed: ["investor"],
    InvitationRedeemed: ["investor"],
    Claimed: ["investor"],
    Refunded: ["investor"],
  },
  RentDistributor: { RentClaimed: ["holder"] },
  PropertyGovernor: { VoteCast: ["wallet"] },
  PropertyExit: { Redeemed: ["holder", "to"] },
  Settlement: { OrderPosted: ["seller", "buyer"], OrderFilled: ["buyer"] },
};

/** The events of a property's feed that `wallet` may see when it does not see the cap table (see above). */
export function visibleToWallet(wallet: string): Prisma.ChainEventWhereInput {
  const me = getAddress(wallet);
  const property = Object.entries(PROPERTY_EVENTS).map(([contract, names]) => ({ contract, name: { in: [...names] } }));
  const own = Object.entries(PARTY_EVENTS).flatMap(([contract, events]) =>
    Object.entries(events).map(([name, parties]) => ({
      contract,
      name,
      OR: parties.map((party) => ({ args: { path: [party], equals: me } })),
    })),
  );
  return { OR: [...property, ...own] };
}

/** The property's feed as `actor` may see it: every event for those who see the cap table, else see above. */
export async function propertyActivity(
  db: Db,
  chainId: number,
  actor: Actor,
  propertyId: string,
  page: { limit: number; beforeBlock?: number | undefined },
) {
  const property = await loadVisible(db, actor, propertyId);
  const { token } = await launched(db, chainId, property.id);
  const seesAll = seesEverything(actor) || canManage(actor, property);
  const events = token
    ? await activityFeed(db, chainId, token, page, seesAll ? {} : visibleToWallet(actor.address))
    : [];
  return {
    propertyId: property.id,
    token,
    events: events.map((e) => ({ ...e, blockTime: e.blockTime.toISOString() })),
  };
}
