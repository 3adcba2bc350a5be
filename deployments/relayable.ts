/**
 * What the platform's relayer pays for (issue 20's gasless actions): per kind of Freehold contract, the investor
 * functions it forwards. One list for the backend's allow-list (backend/src/relayer/allow-list.ts derives each
 * function's selector from the generated ABI) and the web app's gasless sends (web/src/gasless/useGasless.ts only
 * takes a function named here), so the app can never offer to relay what the relayer refuses. Found when the
 * invitation flow relayed `subscribeWithInvitationAndPermit` and the backend, holding a list of its own, answered 422.
 *
 * No ABI here, and nothing imported: a page's chunk takes this module alone.
 */
export const RELAYABLE_FUNCTIONS = {
  PropertyOffering: [
    "subscribe",
    "subscribeWithPermit",
    "subscribeWithInvitation",
    "subscribeWithInvitationAndPermit",
    "claim",
    "refund",
  ],
  // Holder votes (issue 19): relayed once the chain sync records governors (`chain_contracts.kind` "PropertyGovernor").
  PropertyGovernor: ["propose", "castVote"],
  // The exit (issue 19): a holder redeems its units for its share of the sale's proceeds, once the sync records the
  // exit (`chain_contracts.kind` "PropertyExit").
  PropertyExit: ["redeem"],
  RentDistributor: ["claim", "claimMany"],
  Settlement: ["postOrder", "cancel", "fill", "fillWithPermit"],
} as const;

/** A contract kind the relayer calls (as `chain_contracts.kind` and the deployment record name it). */
export type RelayableKind = keyof typeof RELAYABLE_FUNCTIONS;

/** A function the relayer forwards on a contract of kind `K`. */
export type RelayableFunction<K extends RelayableKind = RelayableKind> = (typeof RELAYABLE_FUNCTIONS)[K][number];
