// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {GovernorTerms} from "./IPropertyGovernor.sol";

/// @notice What a property manager chooses when launching a property (the platform wires the rest).
struct LaunchParams {
    bytes32 propertyId; // the platform's id of the property (indexed in the event)
    string name; // token name
    string symbol; // token symbol
    bytes32 partition; // partition the offering issues on (bytes32(0): default)
    address paymentToken; // stablecoin of the offering and of the rent
    uint256 pricePerUnit; // payment-token base units per unit
    uint256 softCap; // units
    uint256 hardCap; // units
    uint256 minTicket; // units per identity
    uint256 maxTicket; // units per identity
    uint256 startTime; // unix seconds
    uint256 endTime; // unix seconds
    address treasury; // receives the offering's proceeds minus the platform's primary fee
}

/// @title IPropertyTokenFactory
/// @notice Launches a property (token + offering) in one transaction, as minimal-proxy clones of audited
/// implementations, initialized atomically and wired to the platform's shared contracts.
interface IPropertyTokenFactory {
    /// @notice A property was launched (indexers discover new tokens through this event).
    event PropertyLaunched(
        bytes32 indexed propertyId,
        address indexed token,
        address indexed offering,
        address manager,
        string name,
        string symbol
    );
    /// @notice New launches will clone these implementations (earlier launches are unaffected).
    event ImplementationsUpdated(address tokenImplementation, address offeringImplementation);
    /// @notice New tokens will grant `DOCUMENTS_ROLE` to `documentAgent` (zero: to nobody; earlier tokens keep theirs).
    event DocumentAgentUpdated(address documentAgent);
    /// @notice A governor (holder votes, issue 19) was made for `token` with these launch terms.
    event GovernorLaunched(
        address indexed token,
        address indexed governor,
        uint256 votingPeriod,
        uint256 quorumBps,
        uint256 approvalBps,
        uint256 proposerThreshold
    );
    /// @notice Future `launchGovernor` calls will clone this implementation.
    event GovernorImplementationUpdated(address governorImplementation);
    /// @notice An exit (issue 19) was made for `token`, accepting the approvals of `governor`, paying in
    /// `paymentToken`.
    event ExitLaunched(address indexed token, address indexed exit, address indexed governor, address paymentToken);
    /// @notice Future `launchExit` calls will clone this implementation.
    event ExitImplementationUpdated(address exitImplementation);

    /// @notice Launches a property: clones the token and the offering, initializes both, gives the offering the
    /// issuer role on that token only, registers the token with the rent distributor, binds the property's launch
    /// overrides to the token if the admin granted them to the caller (`PlatformFees.bindLaunchOverrides`; granted to
    /// another manager, they stay for that manager), and fixes in the offering's terms the primary fee and collector `PlatformFees.feeOf(Primary, token)` gives now. The caller becomes the
    /// token's admin, controller, agent and pauser, and the offering's issuer; the factory's `documentAgent`, if set,
    /// gets the token's `DOCUMENTS_ROLE`.
    /// @param params The property's parameters.
    /// @return token The new property token.
    /// @return offering The new offering.
    function launch(LaunchParams calldata params) external returns (address token, address offering);

    /// @notice Sets the implementations cloned by future launches (admin).
    /// @param tokenImplementation The property token implementation.
    /// @param offeringImplementation The offering implementation.
    function setImplementations(address tokenImplementation, address offeringImplementation) external;

    /// @notice Sets the account that receives `DOCUMENTS_ROLE` on every future launch (admin): the platform's key that
    /// anchors verified property documents (ERC-1643) and can do nothing else on the token. Tokens launched earlier
    /// are unaffected (their admin grants or revokes the role). Zero means no document agent.
    /// @param documentAgent The new document agent, or zero for none.
    function setDocumentAgent(address documentAgent) external;

    /// @notice Whether this factory launched `token` (the platform's record: trust it, not the bytecode).
    /// @param token Any address.
    /// @return True for a token launched here.
    function isToken(address token) external view returns (bool);

    /// @notice The offering launched with `token` (zero if this factory did not launch `token`).
    /// @param token A property token.
    /// @return The offering.
    function offeringOf(address token) external view returns (address);

    /// @notice Whether this factory launched `offering` (a clone of the offering implementation made elsewhere, even
    /// naming a real token, is not).
    /// @param offering Any address.
    /// @return True for an offering launched here.
    function isOffering(address offering) external view returns (bool);

    /// @notice The account that receives `DOCUMENTS_ROLE` on each new token (zero: none).
    /// @return The document agent.
    function documentAgent() external view returns (address);

    /// @notice Makes the holder-vote governor of `token` (issue 19): a clone of the governor implementation whose
    /// immutable arguments are the token and `terms`; one per token, for ever. By a `PROPERTY_MANAGER_ROLE` holder
    /// who is the token's admin; the token's admin then names it on the token (`IPropertyTokenSnapshots.setGovernor`,
    /// once). Kept out of `launch`, whose gas target (500,000) has no room for a third clone.
    /// @param token A token launched by this factory.
    /// @param terms The voting period, quorum, approval threshold and holder proposer threshold.
    /// @return governor The new governor.
    function launchGovernor(address token, GovernorTerms calldata terms) external returns (address governor);

    /// @notice Sets the governor implementation cloned by future `launchGovernor` calls (admin).
    /// @param governorImplementation The implementation (a contract).
    function setGovernorImplementation(address governorImplementation) external;

    /// @notice The governor made for `token` (zero: none yet).
    /// @param token A property token.
    /// @return The governor.
    function governorOf(address token) external view returns (address);

    /// @notice The implementation `launchGovernor` clones (zero: not set, no governor can be made).
    /// @return The implementation.
    function governorImplementation() external view returns (address);

    /// @notice Makes the exit of `token` (issue 19): a clone of the exit implementation whose immutable arguments are
    /// the token, the governor this factory made for it, its payment token (the distributor's record), the fee
    /// schedule and the rent distributor; one per token, for ever. By a `PROPERTY_MANAGER_ROLE` holder who is the
    /// token's admin, after `launchGovernor`; named on the token in the same call (`IPropertyTokenExit.setExit`,
    /// which only a platform factory may call). Inert until the holders approve a sale or a refinance.
    /// @param token A token launched by this factory, with its governor.
    /// @return exit The new exit.
    function launchExit(address token) external returns (address exit);

    /// @notice Sets the exit implementation cloned by future `launchExit` calls (admin).
    /// @param exitImplementation The implementation (a contract).
    function setExitImplementation(address exitImplementation) external;

    /// @notice The exit made for `token` (zero: none yet). Readers trust a token's exit only when this names it and
    /// the token's `exit()` agrees.
    /// @param token A property token.
    /// @return The exit.
    function exitOf(address token) external view returns (address);

    /// @notice The implementation `launchExit` clones (zero: not set, no exit can be made).
    /// @return The implementation.
    function exitImplementation() external view returns (address);
}
