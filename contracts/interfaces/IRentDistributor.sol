// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IRentDistributor
/// @notice Rent distribution for every property token of the platform. A deposit costs the same whatever the
/// number of holders: the token accrues rent per unit ("dividend points"); holders pull their share.
interface IRentDistributor {
    /// @notice `token` was registered with `paymentToken` as its rent currency.
    event TokenRegistered(address indexed token, address indexed paymentToken);
    /// @notice Rent was deposited: `amount` received, distributed over `supply` units; `dust` is the remainder
    /// (smaller than `supply` base units) carried into the token's next deposit. `statementHash` is the SHA-256 of
    /// the closed period statement the deposit pays out.
    /// @dev The hash rides on this one event (indexed, so a log filter finds the deposit that paid a statement)
    /// rather than on a second event: an indexer keeps one handler and one entity per deposit, with no join of two
    /// logs of the same transaction.
    event RentDeposited(
        address indexed token,
        uint256 indexed depositId,
        bytes32 indexed statementHash,
        uint256 amount,
        uint256 supply,
        uint256 dust
    );
    /// @notice Of deposit `depositId` of `token`, `fee` (the platform's rent fee, taken from the gross `amount` of
    /// `RentDeposited`) went to `collector`; the rest was distributed (and carried as dust). Emitted, before that
    /// deposit's `RentDeposited`, only when the fee is not zero.
    event RentFeeCharged(address indexed token, uint256 indexed depositId, address indexed collector, uint256 fee);
    /// @notice `holder` claimed `amount` of rent of `token` (also emitted, before `RentRedirected`, when the
    /// controller redirects it).
    event RentClaimed(address indexed token, address indexed holder, uint256 amount);
    /// @notice The token's controller paid `holder`'s rent of `token`, `amount`, to `to`.
    event RentRedirected(address indexed token, address indexed holder, address indexed to, uint256 amount);
    /// @notice A return of capital (issue 19: an approved refinance, deposited by the token's exit) was distributed
    /// like rent, without fee: `amount` over `supply` units, `dust` carried as for rent; `statementHash` is the
    /// approved proposal's document. Deposit ids and statements are shared with rent deposits.
    event CapitalDeposited(
        address indexed token,
        uint256 indexed depositId,
        bytes32 indexed statementHash,
        uint256 amount,
        uint256 supply,
        uint256 dust
    );

    /// @notice Registers a property token and fixes its rent currency (the factory does it at launch).
    /// @param token The property token.
    /// @param paymentToken The stablecoin its rent is paid in.
    function registerToken(address token, address paymentToken) external;

    /// @notice Deposits `amount` of rent for `token`'s current holders, pro rata to their balances now, as the
    /// payout of the closed period whose statement has the SHA-256 `statementHash`: any holder can check that what
    /// was distributed is what that statement says. A period is paid out once: a hash already paid for `token` is
    /// refused (`DistributorStatementAlreadyPaid`); a correction is a new adjustment period with its own statement.
    /// `amount` is gross: the platform's rent fee for `token` (`PlatformFees.feeOf(Rent, token)`, rounded down) goes to
    /// its collector at once (`RentFeeCharged`) and the rest is distributed; too small is judged on that rest.
    /// @param token The property token.
    /// @param amount Payment-token base units (pulled from the caller with `transferFrom`), fee included.
    /// @param statementHash SHA-256 of the period statement this deposit pays out (non-zero).
    function deposit(address token, uint256 amount, bytes32 statementHash) external;

    /// @notice Deposits `amount` of capital returned to `token`'s holders (issue 19, an approved refinance),
    /// distributed exactly as rent (pro rata to the units now, dust carried) and claimed with it, but without the rent
    /// fee and under its own event (`CapitalDeposited`). Only the token's exit (`IPropertyTokenExit.exit`) deposits
    /// it, after checking the holders' approval; refused after the token's close (`TokenIsClosed`, from the token).
    /// @param token The property token.
    /// @param amount Payment-token base units, pulled from the exit.
    /// @param statementHash The approved proposal's document hash (non-zero, not paid before for this token).
    function depositCapital(address token, uint256 amount, bytes32 statementHash) external;

    /// @notice Pays the caller all rent of `token` owed to them. Refused (`DistributorHolderOnHold`) while the
    /// caller is frozen on the token or in the identity registry, or removed from the registry: the rent accrues.
    /// @param token The property token.
    /// @return amount Amount paid.
    function claim(address token) external returns (uint256 amount);

    /// @notice Pays the caller all rent owed to them for each of `tokens`.
    /// @param tokens Property tokens (tokens with nothing owed, or on which the caller is on hold, are skipped; a token
    /// the distributor does not know reverts `DistributorTokenNotRegistered(token)`).
    /// @return total Sum paid (in base units, across payment tokens).
    function claimMany(address[] calldata tokens) external returns (uint256 total);

    /// @notice Pays `holder`'s rent of `token` to `to` (a holder of the token's `CONTROLLER_ROLE`: court order,
    /// lost-wallet recovery, a frozen or removed holder's rent); `to` must be registered in the identity registry,
    /// not frozen there or on the token (`DistributorReceiverFrozen`: no path pays a frozen wallet) and, once the
    /// token is no longer controllable (`finalizeControllable`), be a wallet of `holder`'s identity.
    /// @param token The property token.
    /// @param holder The wallet whose rent is paid.
    /// @param to The wallet that receives it.
    /// @return amount Amount paid.
    function redirectRent(address token, address holder, address to) external returns (uint256 amount);

    /// @notice Rent of `token` earned by `holder` and not yet paid (claimable once no hold applies).
    /// @param token The property token.
    /// @param holder The holder.
    /// @return Amount in payment-token base units.
    function claimableOf(address token, address holder) external view returns (uint256);

    /// @notice The rent currency of `token` (zero when not registered).
    /// @param token The property token.
    /// @return The payment token.
    function paymentTokenOf(address token) external view returns (address);

    /// @notice Rent remainder of `token` not yet distributed (carried into its next deposit).
    /// @param token The property token.
    /// @return Amount in payment-token base units.
    function dustOf(address token) external view returns (uint256);

    /// @notice Number of deposits made for `token`.
    /// @param token The property token.
    /// @return The count (the last deposit's id).
    function depositCountOf(address token) external view returns (uint256);

    /// @notice The SHA-256 of the period statement that deposit `depositId` of `token` paid out.
    /// @param token The property token.
    /// @param depositId The deposit's id (1 to `depositCountOf(token)`).
    /// @return The statement hash (zero for a deposit that does not exist).
    function statementHashOf(address token, uint256 depositId) external view returns (bytes32);

    /// @notice The deposit of `token` that paid out the period statement with SHA-256 `statementHash`.
    /// @param token The property token.
    /// @param statementHash SHA-256 of a period statement.
    /// @return The deposit's id (zero when no deposit of `token` paid that statement).
    function depositOfStatement(address token, bytes32 statementHash) external view returns (uint256);

    /// @notice Totals for `token`: rent handed to the token's accrual, and rent paid out to holders.
    /// @param token The property token.
    /// @return distributed Sum of all distributed amounts (deposits minus current dust).
    /// @return claimed Sum of all claims.
    function totalsOf(address token) external view returns (uint256 distributed, uint256 claimed);
}
