// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ForwardedAccessControl} from "../forwarder/ForwardedAccessControl.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IERC1644} from "../interfaces/IERC1644.sol";
import {IRentDistributor} from "../interfaces/IRentDistributor.sol";
import {IRentDistributorErrors} from "../interfaces/IRentDistributorErrors.sol";
import {IPropertyToken} from "../interfaces/IPropertyToken.sol";
import {IPropertyTokenExit} from "../interfaces/IPropertyTokenExit.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IdentityRecords} from "../identity/IdentityRecords.sol";
import {FeeKind, IPlatformFees} from "../interfaces/IPlatformFees.sol";

/// @title RentDistributor
/// @notice Holds the rent of every property token of the platform and pays it to holders on request.
///
/// A deposit never loops over holders: it hands the distributable amount to the token's `recordDistribution`,
/// which raises the rent accrued per unit; the token keeps per-holder corrections in its transfer funnel, so
/// `unpaidRentOf(holder)` is the rent earned by the units the holder held at each deposit, whatever moved between
/// deposits, minus what was paid: a payment goes through the token's `takeRent`, which records it in the holder's
/// word (no per-holder slot here, so a first claim creates no storage) and answers the hold in the same call.
///
/// Exactness: a deposit distributes only a multiple of the token's supply (`floor((amount + dust) / supply) *
/// supply`), so the rent per unit is a whole number of base units and no holder's share is ever rounded; the
/// remainder (`dust`, less than `supply` base units) is recorded and carried into the token's next deposit.
/// Hence, for every token, the sum of all claims can reach exactly the deposits minus the current dust, never
/// more: the distributor also refuses any claim that would exceed what was distributed for that token.
///
/// Statements (issue 16): every deposit pays out one closed period and names the SHA-256 of its statement (the
/// document anchored off chain like the others), kept by deposit id and by hash: any holder can check that what
/// was distributed is what the period's statement says, and a period is paid out once per token (a correction is
/// a new adjustment period with its own statement).
///
/// Management fee (issue 20): the manager deposits the gross rent; the platform's rent fee for the token
/// (`PlatformFees.feeOf(Rent, token)`, rounded down) goes to the rent collector in the same transaction and only the
/// net is distributed, so holders' claims (and their gas) are of the net and unchanged.
///
/// Holds (issue 13 §3): a wallet frozen on the token or in the identity registry (an AML hold), or removed from the
/// registry, keeps accruing rent but cannot claim it until the hold is lifted; the token's controller can redirect
/// it to a registered wallet (court order, lost-wallet recovery).
///
/// Gasless (issue 20): the caller is `_msgSender()` (ERC-2771), so a holder's claim signed by the holder and relayed
/// by the platform's trusted forwarder pays the holder (deposits and redirections read it the same way).
contract RentDistributor is IRentDistributor, IRentDistributorErrors, ForwardedAccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice May register property tokens (the factory).
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");
    /// @notice May deposit rent for any registered token (besides each token's own admin).
    bytes32 public constant DEPOSITOR_ROLE = keccak256("DEPOSITOR_ROLE");

    /// @dev The one slot a claim reads and writes (besides the holder's own): the rent currency and the rent
    /// still owed to the token's holders. A claim that would take it below zero is refused, so the distributor can
    /// never pay out, for a token, more than was deposited for it, whatever the token reports.
    struct TokenBook {
        address paymentToken;
        uint96 owed; // distributed - claimed
    }

    /// @dev Deposit-side bookkeeping (written by deposits only).
    struct TokenDeposits {
        uint128 distributed; // handed to the token's accrual, in total
        uint64 dust; // < supply (units), carried into the next deposit
        uint32 count;
    }

    /// @dev How `_claim` treats a held position: `claim` refuses it, `claimMany` skips it, the controller's
    /// `redirectRent` pays it out to a registered wallet.
    enum Payout {
        Claim,
        SkipHeld,
        Redirect
    }

    mapping(address token => TokenBook) private _books;
    mapping(address token => TokenDeposits) private _deposits;
    /// @dev Both directions of the deposit / statement pairing: by id for `statementHashOf`, by hash to refuse a
    /// period paid twice (one slot each per deposit; `RentDeposited` carries the hash for indexers).
    mapping(address token => mapping(uint256 depositId => bytes32 statementHash)) private _statementOf;
    mapping(address token => mapping(bytes32 statementHash => uint256 depositId)) private _depositOfStatement;

    address private immutable _FEES;

    /// @param admin Receives `DEFAULT_ADMIN_ROLE`.
    /// @param fees The platform's fee schedule (its rent fee is taken at each deposit).
    /// @param forwarder The platform's trusted forwarder (ERC-2771; zero: none).
    constructor(address admin, address fees, address forwarder) ForwardedAccessControl(forwarder) {
        if (fees.code.length == 0) revert DistributorZeroAddress();
        _FEES = fees;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice The platform's fee schedule, read at each deposit for the rent fee.
    /// @return The `PlatformFees` contract.
    function platformFees() external view returns (address) {
        return _FEES;
    }

    /// @inheritdoc IRentDistributor
    function registerToken(address token, address paymentToken) external onlyRole(REGISTRAR_ROLE) {
        if (token == address(0) || paymentToken == address(0)) revert DistributorZeroAddress();
        TokenBook storage book = _books[token];
        if (book.paymentToken != address(0)) revert DistributorTokenAlreadyRegistered(token);
        book.paymentToken = paymentToken;
        emit TokenRegistered(token, paymentToken);
    }

    /// @inheritdoc IRentDistributor
    function deposit(address token, uint256 amount, bytes32 statementHash) external nonReentrant {
        TokenBook memory book = _books[token];
        if (book.paymentToken == address(0)) revert DistributorTokenNotRegistered(token);
        address depositor = _msgSender();
        if (!hasRole(DEPOSITOR_ROLE, depositor) && !IAccessControl(token).hasRole(DEFAULT_ADMIN_ROLE, depositor)) {
            revert DistributorUnauthorizedDepositor(token, depositor);
        }
        _requireUnpaidStatement(token, amount, statementHash);
        uint256 supply = IERC20(token).totalSupply();
        if (supply == 0) revert DistributorNoSupply(token);
        TokenDeposits memory deposits = _deposits[token];
        _pullExactly(IERC20(book.paymentToken), depositor, amount);
        // The management fee leaves at once; holders share the rest (the check below is on that rest).
        uint256 pool = amount - _chargeRentFee(token, IERC20(book.paymentToken), amount, deposits.count + 1);
        (uint256 depositId, uint256 dust) = _distribute(token, book, deposits, amount, pool, supply, statementHash);
        emit RentDeposited(token, depositId, statementHash, amount, supply, dust);
    }

    /// @inheritdoc IRentDistributor
    function depositCapital(address token, uint256 amount, bytes32 statementHash) external nonReentrant {
        TokenBook memory book = _books[token];
        if (book.paymentToken == address(0)) revert DistributorTokenNotRegistered(token);
        address depositor = _msgSender();
        if (depositor != _exitOf(token)) revert DistributorUnauthorizedDepositor(token, depositor);
        _requireUnpaidStatement(token, amount, statementHash);
        uint256 supply = IERC20(token).totalSupply();
        if (supply == 0) revert DistributorNoSupply(token);
        TokenDeposits memory deposits = _deposits[token];
        _pullExactly(IERC20(book.paymentToken), depositor, amount);
        // No fee: the holders' own capital comes back to them.
        (uint256 depositId, uint256 dust) = _distribute(token, book, deposits, amount, amount, supply, statementHash);
        emit CapitalDeposited(token, depositId, statementHash, amount, supply, dust);
    }

    /// @inheritdoc IRentDistributor
    function claim(address token) external nonReentrant returns (uint256 amount) {
        address holder = _msgSender();
        amount = _claim(token, holder, holder, Payout.Claim);
        if (amount == 0) revert DistributorNothingToClaim(holder);
    }

    /// @inheritdoc IRentDistributor
    function claimMany(address[] calldata tokens) external nonReentrant returns (uint256 total) {
        address holder = _msgSender();
        for (uint256 i = 0; i < tokens.length; ++i) {
            total += _claim(tokens[i], holder, holder, Payout.SkipHeld);
        }
        if (total == 0) revert DistributorNothingToClaim(holder);
    }

    /// @inheritdoc IRentDistributor
    function redirectRent(address token, address holder, address to) external nonReentrant returns (uint256 amount) {
        address controller = _msgSender();
        if (!IAccessControl(token).hasRole(keccak256("CONTROLLER_ROLE"), controller)) {
            revert DistributorUnauthorizedController(token, controller);
        }
        (uint256 toRecord, uint256 holderRecord) = IIdentityRegistry(IPropertyToken(token).identityRegistry())
            .packedRecordsOf(to, holder);
        if (!IdentityRecords.isRegistered(toRecord)) revert DistributorReceiverNotRegistered(to);
        // The redirect ignores the holder's hold, never the receiver's: no path pays a frozen wallet (the record carries
        // its identity's registry freeze; the token's freeze is its identity's on this token).
        if (IdentityRecords.flags(toRecord) & IdentityRecords.FLAG_FROZEN != 0 || IPropertyToken(token).isFrozen(to)) {
            revert DistributorReceiverFrozen(to);
        }
        // To another identity (a court order) only while the issuer keeps control (as PropertyExit.redeemFor).
        if (
            IdentityRecords.identity(toRecord) != IdentityRecords.identity(holderRecord)
            && !IERC1644(token).isControllable()
        ) revert DistributorReceiverNotHolderIdentity(holder, to);
        amount = _claim(token, holder, to, Payout.Redirect);
        if (amount == 0) revert DistributorNothingToClaim(holder);
        emit RentRedirected(token, holder, to, amount);
    }

    /// @inheritdoc IRentDistributor
    function claimableOf(address token, address holder) public view returns (uint256) {
        if (_books[token].paymentToken == address(0)) return 0;
        return IPropertyToken(token).unpaidRentOf(holder);
    }

    /// @inheritdoc IRentDistributor
    function paymentTokenOf(address token) external view returns (address) {
        return _books[token].paymentToken;
    }

    /// @inheritdoc IRentDistributor
    function dustOf(address token) external view returns (uint256) {
        return _deposits[token].dust;
    }

    /// @inheritdoc IRentDistributor
    function depositCountOf(address token) external view returns (uint256) {
        return _deposits[token].count;
    }

    /// @inheritdoc IRentDistributor
    function statementHashOf(address token, uint256 depositId) external view returns (bytes32) {
        return _statementOf[token][depositId];
    }

    /// @inheritdoc IRentDistributor
    function depositOfStatement(address token, bytes32 statementHash) external view returns (uint256) {
        return _depositOfStatement[token][statementHash];
    }

    /// @inheritdoc IRentDistributor
    function totalsOf(address token) external view returns (uint256 distributed, uint256 claimed) {
        distributed = _deposits[token].distributed;
        claimed = distributed - _books[token].owed;
    }

    /// @dev Distributes `pool` (what is left of the deposit's `amount` after any fee) plus the token's dust over the
    /// `supply` units, in a whole number of base units per unit; records the deposit and its statement. The one
    /// bookkeeping of rent and capital deposits.
    function _distribute(
        address token,
        TokenBook memory book,
        TokenDeposits memory deposits,
        uint256 amount,
        uint256 pool,
        uint256 supply,
        bytes32 statementHash
    ) private returns (uint32 depositId, uint256 dust) {
        pool += deposits.dust;
        dust = pool % supply;
        uint256 distributable = pool - dust;
        if (distributable == 0) revert DistributorDepositTooSmall(token, amount, supply);

        // `distributable` is a multiple of the supply, so the token's own rounding dust is zero; should a token
        // round anyway, what it could not attribute stays here as dust too.
        (, uint256 tokenDust) = IPropertyToken(token).recordDistribution(distributable);
        dust += tokenDust;
        distributable -= tokenDust;
        depositId = deposits.count + 1;
        _deposits[token] = TokenDeposits({
            distributed: deposits.distributed + SafeCast.toUint128(distributable),
            dust: SafeCast.toUint64(dust),
            count: depositId
        });
        _books[token].owed = book.owed + SafeCast.toUint96(distributable);
        _statementOf[token][depositId] = statementHash;
        _depositOfStatement[token][statementHash] = depositId;
    }

    /// @dev The token's exit (`IPropertyTokenExit.exit`), zero when the token has none or does not know the function
    /// (a token of an earlier implementation): such a token takes no capital deposit.
    function _exitOf(address token) private view returns (address) {
        (bool ok, bytes memory data) = token.staticcall(abi.encodeCall(IPropertyTokenExit.exit, ()));
        if (!ok || data.length < 32) return address(0);
        return abi.decode(data, (address));
    }

    /// @dev Pulls `amount` of `payment` from the depositor; refuses a token that delivers less (fee-on-transfer,
    /// rebasing), so the books never count rent the distributor does not hold.
    function _pullExactly(IERC20 payment, address depositor, uint256 amount) private {
        uint256 before = payment.balanceOf(address(this));
        payment.safeTransferFrom(depositor, address(this), amount);
        uint256 received = payment.balanceOf(address(this)) - before;
        if (received != amount) revert DistributorPaymentShortfall(amount, received);
    }

    /// @dev Sends the platform's rent fee on `amount` (gross, already received) to the rent collector and returns it.
    function _chargeRentFee(
        address token,
        IERC20 payment,
        uint256 amount,
        uint256 depositId
    ) private returns (uint256 fee) {
        (uint16 feeBps, address collector) = IPlatformFees(_FEES).feeOf(FeeKind.Rent, token);
        fee = (amount * feeBps) / 10_000;
        if (fee == 0) return 0;
        payment.safeTransfer(collector, fee);
        emit RentFeeCharged(token, depositId, collector, fee);
    }

    /// @dev A deposit names the statement it pays out (non-zero), one the token has not paid out yet.
    function _requireUnpaidStatement(address token, uint256 amount, bytes32 statementHash) private view {
        if (statementHash == bytes32(0)) revert DistributorZeroStatementHash(token, amount);
        uint256 paidBy = _depositOfStatement[token][statementHash];
        if (paidBy != 0) revert DistributorStatementAlreadyPaid(token, statementHash, paidBy);
    }

    /// @dev The one funnel of every payment: pays `holder`'s rent of `token` to `to` and returns the amount (zero:
    /// nothing owed, or a held position skipped by `claimMany`; nothing done). The token's `takeRent` reports the
    /// unpaid rent and the hold (checked only when something is owed, and not for a redirect) and, unless held,
    /// records the payment; a refusal here reverts that record with everything else.
    function _claim(address token, address holder, address to, Payout mode) private returns (uint256 amount) {
        TokenBook memory book = _books[token];
        if (book.paymentToken == address(0)) revert DistributorTokenNotRegistered(token);
        bool held;
        (amount, held) = IPropertyToken(token).takeRent(holder, mode == Payout.Redirect);
        if (amount == 0) return 0;
        if (held) {
            if (mode == Payout.Claim) revert DistributorHolderOnHold(token, holder);
            return 0; // a held position's rent stays accrued (the token recorded nothing)
        }
        if (amount > book.owed) revert DistributorOverClaim(token, amount, book.owed);
        unchecked {
            _books[token].owed = book.owed - uint96(amount); // safe: amount <= owed, a uint96 (checked just above)
        }
        IERC20(book.paymentToken).safeTransfer(to, amount);
        emit RentClaimed(token, holder, amount);
    }
}
