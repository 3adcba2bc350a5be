/**
 * What each custom error of the platform's contracts (contracts/interfaces/*Errors.sol) and of the OpenZeppelin
 * code they build on means for the user, and what they can do. Keyed by error name; arguments in ABI order.
 * An error missing here still gets a readable generic message (see revert.ts).
 */
import { OFFERING_STATE_TEXT, OFFERING_STATES } from "../compliance/offeringLimits";
import { formatMoney, formatUnits } from "../format/amounts";
import { formatDate, formatDateTime } from "../format/dates";
import { appPaymentCoin } from "./paymentToken";

export interface ErrorMessage {
  title: string;
  action: string;
}

type Args = readonly unknown[];
const big = (value: unknown): bigint => (typeof value === "bigint" ? value : BigInt(String(value ?? 0)));
// Contract errors carry base units of the platform's payment token: shown with its symbol and decimals.
const money = (value: unknown): string => formatMoney(big(value), appPaymentCoin());
const units = (value: unknown): string => formatUnits(big(value));
const stateName = (value: unknown): string => {
  const state = OFFERING_STATES[Number(value)];
  return state ? `“${OFFERING_STATE_TEXT[state].label.toLowerCase()}”` : "in another state";
};

const NO_CHANGE = "Nothing was changed.";
/*
 * Holds (a wallet frozen on the token or in the identity registry, removed from it, or its verification lapsed):
 * whatever the reason on chain, the words are the same and name no freeze, KYC, AML, sanctions, screening or
 * compliance team (tipping-off). The person reads that it is on hold, where the money stays, and until when.
 */
const UNTIL_LIFTED = "until the hold is lifted";
/*
 * A transfer refused because a wallet is not verified, not registered or frozen: one message for all, so a freeze
 * reads as an ordinary lapse (browser test 2026-12-06), and the same words as the check before signing.
 */
const WALLET_NOT_ELIGIBLE = (): ErrorMessage => ({
  title: "A wallet in this transfer is not eligible to hold or trade these units right now.",
  action: `${NO_CHANGE} If the wallet is yours, your verification page shows where it stands; contact support if it says you are verified.`,
});

export const ERROR_MESSAGES: Record<string, (args: Args) => ErrorMessage> = {
  // Payment token (OpenZeppelin ERC-20 / EIP-2612)
  ERC20InsufficientBalance: ([, balance, needed]) => ({
    title: `Your stablecoin balance is too low: you have ${money(balance)}, this needs ${money(needed)}.`,
    action: "Top up your wallet or choose a smaller amount.",
  }),
  ERC20InsufficientAllowance: ([, allowance, needed]) => ({
    title: `The payment approval is too small: ${money(allowance)} approved, ${money(needed)} needed.`,
    action: "Approve the full amount, then subscribe again.",
  }),
  ERC2612ExpiredSignature: () => ({
    title: "The payment signature (permit) expired before it was used.",
    action: "Try again and confirm both steps promptly.",
  }),
  ERC2612InvalidSigner: () => ({
    title: "The payment signature (permit) does not match your wallet.",
    action: "Try again; if it keeps failing, use approve instead.",
  }),
  AccessControlUnauthorizedAccount: () => ({
    title: "This wallet does not have the role this action needs.",
    action: "Switch to the wallet that holds the role, or ask an administrator to grant it.",
  }),
  EnforcedPause: () => ({ title: "This contract is paused.", action: `${NO_CHANGE} Try again once it is unpaused.` }),
  SafeERC20FailedOperation: () => ({
    title: "The payment token refused the transfer.",
    action: "Check your stablecoin balance and approval, then try again.",
  }),

  // Offering
  OfferingWrongState: ([actual, expected]) => ({
    title: `This offering is ${stateName(actual)}; this step needs it to be ${stateName(expected)}.`,
    action: `${NO_CHANGE} Reload the page to see the offering's current status.`,
  }),
  OfferingUnauthorized: () => ({
    title: "Only the offering's issuer can do this.",
    action: "Use the property manager's wallet.",
  }),
  OfferingZeroUnits: () => ({ title: "Choose at least one unit.", action: NO_CHANGE }),
  OfferingHardCapExceeded: ([requested, remaining]) => ({
    title: `You asked for ${units(requested)}, but only ${units(remaining)} are left.`,
    action: "Choose a smaller number of units.",
  }),
  OfferingTicketBelowMinimum: ([, total, minimum]) => ({
    title: `The minimum investment is ${units(minimum)}; this would make ${units(total)}.`,
    action: "Increase the number of units.",
  }),
  OfferingTicketAboveMaximum: ([, total, maximum]) => ({
    title: `The maximum per investor is ${units(maximum)}; this would make ${units(total)}.`,
    action: "Choose a smaller number of units.",
  }),
  OfferingPaymentShortfall: ([expected, received]) => ({
    title: `The escrow received ${money(received)} instead of ${money(expected)}.`,
    action: "The payment token charges a fee on transfers and cannot be used here. Contact support.",
  }),
  OfferingNothingToSettle: () => ({
    title: "You have no subscription to claim or refund in this offering.",
    action: NO_CHANGE,
  }),
  OfferingAlreadySettled: () => ({
    title: "You already claimed your units or your refund for this offering.",
    action: "Your portfolio shows the result.",
  }),
  OfferingInvalidTerms: () => ({
    title: "The offering terms are not valid.",
    action: "Check the dates, caps and tickets, then try again.",
  }),
  // Private placements (issue 20): each refusal of an invitation carries its digest, which the user has no use for.
  OfferingInvitationRedeemed: () => ({
    title: "This invitation was already used: each invitation can be accepted once.",
    action: `${NO_CHANGE} Your portfolio shows the units it bought; ask the property manager for a new invitation to buy more.`,
  }),
  OfferingInvitationRevoked: () => ({
    title: "The property manager revoked this invitation.",
    action: `${NO_CHANGE} Ask the property manager for a new invitation, or invest in the public offering.`,
  }),
  OfferingInvitationExpired: ([, expiry]) => ({
    title: `This invitation expired on ${formatDateTime(Number(big(expiry)))}.`,
    action: `${NO_CHANGE} Ask the property manager for a new invitation.`,
  }),
  OfferingInvitationBadSignature: () => ({
    title: "This invitation was not signed by the offering's issuer for these terms.",
    action: `${NO_CHANGE} Open the invitation from your portfolio again; if it keeps failing, ask the property manager to send a new one.`,
  }),
  OfferingInvitationWrongIdentity: () => ({
    title: "This invitation was made for another investor's identity, not for this wallet.",
    action: `${NO_CHANGE} Connect the wallet the invitation was made for.`,
  }),
  OfferingInvitationUnitsOutOfRange: ([asked, minimum, maximum]) => ({
    title:
      big(minimum) === big(maximum)
        ? `This invitation is for exactly ${units(minimum)}; you asked for ${units(asked)}.`
        : `This invitation is for ${units(minimum)} to ${units(maximum)}; you asked for ${units(asked)}.`,
    action: "Choose a number of units within the invitation's range.",
  }),
  OfferingInvitationZeroPrice: () => ({
    title: "This invitation has no price: the offering accepts none at zero.",
    action: `${NO_CHANGE} Ask the property manager for a new invitation.`,
  }),
  OfferingCannotIssue: () => ({
    title: "This offering cannot deliver units of this property.",
    action: `${NO_CHANGE} Invest only through the offering shown on the property's page.`,
  }),
  OfferingClaimable: () => ({
    title: "Your units can be claimed, so there is nothing to refund.",
    action: "Claim your units instead.",
  }),
  // Neutral on purpose: whatever the reason on chain (RECEIVER_FROZEN, paused, lapsed), the same words.
  OfferingRefundOnHold: () => ({
    title: "Your position in this offering is on hold.",
    action: `${NO_CHANGE} Your payment stays in the offering's escrow ${UNTIL_LIFTED}; nothing is lost. Contact support if you have questions.`,
  }),
  OfferingNothingToRelease: () => ({
    title: "There are no proceeds to release right now.",
    action: "Proceeds become releasable as investors' units are delivered.",
  }),

  // Token
  TokenPaused: () => ({
    title: "Transfers of this property's units are paused.",
    action: `${NO_CHANGE} Try again once the issuer resumes trading.`,
  }),
  TokenSenderNotVerified: WALLET_NOT_ELIGIBLE,
  TokenReceiverNotVerified: WALLET_NOT_ELIGIBLE,
  TokenReceiverNotRegistered: WALLET_NOT_ELIGIBLE,
  TokenWalletFrozen: WALLET_NOT_ELIGIBLE,
  TokenCountryRestricted: () => ({
    title: "This property cannot be held by residents of that country.",
    action: NO_CHANGE,
  }),
  TokenReceiverNotAccredited: () => ({
    title: "These units are reserved for accredited investors.",
    action: "Update your KYC profile with proof of accreditation.",
  }),
  TokenMaxHoldersReached: ([max]) => ({
    title: `This property has reached its maximum of ${String(max)} investors.`,
    action: NO_CHANGE,
  }),
  TokenMaxBalanceExceeded: ([, after, max]) => ({
    title: `This would bring the holding to ${units(after)}, over the limit of ${units(max)} per investor.`,
    action: "Choose a smaller number of units.",
  }),
  TokenPartitionLocked: ([, lockUntil]) => ({
    title: `These units are locked until ${formatDate(Number(lockUntil))}.`,
    action: "They can be sold once the lock-up ends.",
  }),
  TokenInsufficientBalance: ([, , balance, needed]) => ({
    title: `Not enough units: you hold ${units(balance)} here, this needs ${units(needed)}.`,
    action: "Choose a smaller number of units.",
  }),
  TokenInsufficientUnlockedBalance: ([, , available, needed]) => ({
    title: `Only ${units(available)} are free to move (the rest are locked or in open orders); this needs ${units(needed)}.`,
    action: "Choose a smaller number, or cancel an open sell order first.",
  }),
  TokenIssuanceFinalized: () => ({ title: "No new units can be issued for this property.", action: NO_CHANGE }),

  // Rent
  DistributorNothingToClaim: () => ({
    title: "There is no rent to claim right now.",
    action: "Rent appears here after the manager's next deposit.",
  }),
  DistributorUnauthorizedDepositor: () => ({
    title: "Only this property's manager can deposit rent.",
    action: "Use the manager's wallet.",
  }),
  DistributorDepositTooSmall: ([, amount, supply]) => ({
    title: `${money(amount)} is too small to share across ${units(supply)}.`,
    action: "Deposit a larger amount.",
  }),
  DistributorHolderOnHold: () => ({
    title: "Your rent for this property is on hold.",
    action: `${NO_CHANGE} It keeps accruing and stays in escrow ${UNTIL_LIFTED}. Contact support if you have questions.`,
  }),
  DistributorUnauthorizedController: () => ({
    title: "Only this property's controller can redirect its rent.",
    action: "Use the controller's wallet.",
  }),
  // The controller redirecting a holder's rent (court order, lost wallet) chose a held wallet.
  DistributorReceiverFrozen: () => ({
    title: "The wallet chosen to receive this rent is on hold: no rent is paid to it.",
    action: `${NO_CHANGE} The rent stays in escrow in the rent distributor, owed to the holder, ${UNTIL_LIFTED}. Redirect it to another wallet of the holder's, or wait.`,
  }),
  DistributorReceiverNotRegistered: () => ({
    title: "The receiving wallet is not registered with the platform.",
    action: "Redirect rent only to a wallet that passed KYC.",
  }),
  DistributorZeroStatementHash: () => ({
    title: "A rent deposit must name the closed period statement it pays out.",
    action: `${NO_CHANGE} Pick the period's statement hash, then deposit again.`,
  }),
  DistributorStatementAlreadyPaid: ([, , depositId]) => ({
    title: `This period was already paid out (deposit #${big(depositId)}).`,
    action: `${NO_CHANGE} A correction is paid as a new adjustment period with its own statement.`,
  }),
  DistributorNoSupply: () => ({
    title: "This property has no units in circulation yet.",
    action: "Deposit rent after the offering is finalized and units are claimed.",
  }),

  // Secondary market
  SettlementOrderNotFound: () => ({
    title: "This order no longer exists.",
    action: "It was filled or cancelled. Reload the order book.",
  }),
  SettlementOrderExpired: ([, expiry]) => ({
    title: `This order expired on ${formatDate(Number(expiry))}.`,
    action: "Choose another order.",
  }),
  SettlementNotDesignatedBuyer: () => ({
    title: "This order is reserved for another buyer.",
    action: "Choose another order.",
  }),
  SettlementInsufficientUnits: ([, requested, remaining]) => ({
    title: `You asked for ${units(requested)}, but only ${units(remaining)} remain in this order.`,
    action: "Choose a smaller number of units.",
  }),
  SettlementNotSeller: () => ({ title: "Only the seller can cancel this order.", action: NO_CHANGE }),
  SettlementSelfTrade: () => ({ title: "You cannot fill your own order.", action: "Cancel it instead." }),
  SettlementInvalidExpiry: () => ({ title: "The expiry date must be in the future.", action: "Choose a later date." }),
  SettlementInvalidPrice: () => ({ title: "The price must be more than zero.", action: "Enter a price per unit." }),
  SettlementZeroUnits: () => ({ title: "Choose at least one unit.", action: NO_CHANGE }),
  SettlementUnknownToken: () => ({
    title: "This token was not launched on the platform, so it cannot be traded here.",
    action: NO_CHANGE,
  }),
  SettlementFactoryAlreadyAdded: () => ({
    title: "This factory is already trusted by the settlement contract.",
    action: NO_CHANGE,
  }),

  // Factory
  FactoryEmptyName: () => ({ title: "The token needs a name.", action: "Enter a name and a symbol." }),

  // Holder votes (issue 19)
  GovernorVotingClosed: ([, endTime]) => ({
    title: `This vote ended ${formatDateTime(Number(big(endTime)))}.`,
    action: `${NO_CHANGE} Reload the page to see the outcome.`,
  }),
  GovernorVotingNotEnded: ([, endTime]) => ({
    title: `This vote runs until ${formatDateTime(Number(big(endTime)))}.`,
    action: `${NO_CHANGE} Finalize it once it has ended.`,
  }),
  GovernorAlreadyFinalized: () => ({ title: "This vote is already finalized.", action: "Reload the page." }),
  GovernorNoVotingPower: () => ({
    title: "This wallet has no votes on this proposal.",
    action: "Only units held when the vote opened count. Vote from the wallet that held them.",
  }),
  GovernorVoterNotVerified: () => ({
    title: "Only verified investors may vote.",
    action: "Check your verification in the KYC page, or contact support.",
  }),
  GovernorProposalOpen: ([, endTime]) => ({
    title: `Another vote runs until ${formatDateTime(Number(big(endTime)))}.`,
    action: `${NO_CHANGE} One vote runs at a time: open this one after it ends.`,
  }),
  GovernorNotProposer: ([, power, threshold]) => ({
    title: `Proposing needs ${units(threshold)} of voting power; this wallet has ${units(power)}.`,
    action: NO_CHANGE,
  }),
  // Exit (issue 19)
  ExitNothingToRedeem: () => ({
    title: "This wallet has no units left to redeem.",
    action: "Its units may already be redeemed: see your portfolio's history.",
  }),
  ExitHolderOnHold: () => ({
    title: "Your redemption is on hold.",
    action: `${NO_CHANGE} Your share of the sale stays in escrow in the exit ${UNTIL_LIFTED}; your claim never expires. Contact support if you have questions.`,
  }),
  // The controller redeeming a holder's units for another wallet (court order, lost wallet) chose a held wallet.
  ExitReceiverFrozen: () => ({
    title: "The wallet chosen to receive this redemption is on hold: the exit pays no held wallet.",
    action: `${NO_CHANGE} The holder's share stays in escrow in the exit ${UNTIL_LIFTED}. Redeem it to another wallet of the holder's, or wait.`,
  }),
  ExitNotClosed: () => ({ title: "The sale's proceeds are not deposited yet.", action: "Try again once they are." }),
  ExitBelowMinimumPrice: ([, amount, minimum]) => ({
    title: `The holders approved a sale at ${money(minimum)} at least; ${money(amount)} is below it.`,
    action: `${NO_CHANGE} Deposit at least the minimum price.`,
  }),
  ExitProposalNotApproved: () => ({
    title: "The holders have not approved this sale.",
    action: `${NO_CHANGE} Finalize the vote first, or open a new one.`,
  }),
  ExitAlreadyClosed: () => ({ title: "This property is already sold.", action: NO_CHANGE }),
  // The sale's window (audit 2026-12): the manager's panel says so before signing; these answer a deposit sent anyway.
  ExitSaleExpired: ([proposalId, deadline]) => ({
    title: `The holders' approval of sale #${big(proposalId)} ran out on ${formatDateTime(Number(big(deadline)))}.`,
    action: `${NO_CHANGE} Propose the sale again; once the holders approve it, deposit its proceeds.`,
  }),
  ExitSupplyChanged: ([proposalId, supplyAtSnapshot, supply]) => ({
    title: `Sale #${big(proposalId)} was voted on ${units(supplyAtSnapshot)}; the token has ${units(supply)} now.`,
    action: `${NO_CHANGE} Propose the sale again, so that the holders of today vote on it; once they approve it, deposit its proceeds.`,
  }),
};
