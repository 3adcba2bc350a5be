// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {IPropertyOffering, OfferingState, OfferingTerms} from "../interfaces/IPropertyOffering.sol";
import {IPropertyOfferingErrors} from "../interfaces/IPropertyOfferingErrors.sol";
import {IPropertyToken} from "../interfaces/IPropertyToken.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {OfferingTermsCodec} from "./OfferingTermsCodec.sol";

/// @title PropertyOffering
/// @notice Primary sale escrow of one property offering. Deployed only as a clone whose immutable arguments are
/// the packed terms (see `OfferingTermsCodec`), so a launch writes no storage for them.
///
/// Money: subscriptions are paid into this escrow and leave it only as units issued or as refunds (issue 13 §1). On
/// success the issuer finalizes; every subscriber then claims units that this offering issues on the token (it holds
/// `ISSUER_ROLE` there), and the payment of each issued unit becomes releasable to the treasury and the platform fee
/// (`releaseProceeds`, anyone may push it). A claim the token refuses for good (holder cap or balance limit reached
/// through other holders' moves, a rule changed, the investor removed, issuance finalized, the issuer role revoked)
/// becomes a refund of exactly what that wallet paid. Temporary holds (a pause, a freeze, an expired KYC) keep the
/// money in escrow until lifted. After failure or cancellation every subscriber takes a refund.
/// `escrowOwed()` states the amount owed and always equals the payment-token balance received.
///
/// Gasless (issue 20): the caller is `_msgSender()` (ERC-2771): a request of the investor relayed by the platform's
/// trusted forwarder acts for the investor who signed it (subscribe with an EIP-2612 permit, claim, refund), and so
/// do the issuer's finalize and cancel. The forwarder is an immutable of the implementation, so every clone trusts it.
contract PropertyOffering is IPropertyOffering, IPropertyOfferingErrors, ReentrancyGuardTransient, ERC2771Context {
    using SafeERC20 for IERC20;

    /// @notice After the end time, the issuer has this long to finalize a successful offering; past it the
    /// offering counts as failed and subscribers can take their money back.
    uint256 public constant FINALIZE_WINDOW = 30 days;

    uint8 private constant _OPEN = 0;
    uint8 private constant _FINALIZED = 1;
    uint8 private constant _CANCELLED = 2;

    /// @dev `ISSUER_ROLE` of the token (`keccak256("ISSUER_ROLE")`, as `PropertyTokenStorage` defines it).
    bytes32 private constant _ISSUER_ROLE = keccak256("ISSUER_ROLE");
    /// @dev Token reasons of temporary holds, during which a refused claim does not turn into a refund.
    bytes32 private constant _REASON_PAUSED = "TRANSFERS_PAUSED";
    bytes32 private constant _REASON_FROZEN = "RECEIVER_FROZEN";
    bytes32 private constant _REASON_NOT_VERIFIED = "RECEIVER_NOT_VERIFIED";
    /// @dev Reason reported when this offering no longer holds `ISSUER_ROLE` on its token.
    bytes32 private constant _REASON_NOT_ISSUER = "OFFERING_NOT_ISSUER";

    /// @dev One slot: every subscribe, claim and refund touches it once.
    struct Sales {
        uint64 unitsSold;
        uint64 unitsSettled; // claimed or refunded
        uint64 unitsRefunded; // refunded (after failure/cancellation, or after finalization when unclaimable)
        uint8 outcome; // _OPEN, _FINALIZED or _CANCELLED
        uint32 newHolders; // identities holding no unit at their first ticket: holder places their claims will take
    }

    /// @dev One slot per address, which may act as a wallet, as an identity, or (a single-wallet investor whose
    /// identity id is the wallet itself) as both, so that investor's subscription writes a single slot.
    struct Position {
        uint64 walletUnits; // units subscribed by this address as a wallet
        uint64 identityUnits; // units subscribed by all wallets of this address as an identity
        bool settled; // this wallet claimed or was refunded
    }

    /// @dev The implementation's own address: only clones (a different `address(this)`) are offerings.
    address private immutable _SELF = address(this);

    Sales private _sales;
    /// @dev Claimed units whose payment went to the treasury and the fee recipient (written by releases only).
    uint64 private _unitsReleased;
    mapping(address account => Position) private _positions;

    /// @param forwarder The platform's trusted forwarder (ERC-2771), shared by every clone (zero: none).
    constructor(address forwarder) ERC2771Context(forwarder) {}

    modifier onlyClone() {
        if (address(this) == _SELF) revert OfferingImplementationOnly();
        _;
    }

    /// @inheritdoc IPropertyOffering
    function subscribe(uint256 units) external onlyClone nonReentrant {
        _subscribe(_terms(), _msgSender(), units);
    }

    /// @inheritdoc IPropertyOffering
    function subscribeWithPermit(
        uint256 units,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external onlyClone nonReentrant {
        OfferingTerms memory t = _terms();
        address investor = _msgSender();
        // A permit seen in the mempool can be submitted by anyone first; then ours fails, yet the allowance is
        // there. Ignore the failure: the transfer below is the real check.
        try
            IERC20Permit(t.paymentToken).permit(investor, address(this), units * t.pricePerUnit, deadline, v, r, s)
        {} catch {}
        _subscribe(t, investor, units);
    }

    /// @inheritdoc IPropertyOffering
    function finalize() external onlyClone nonReentrant {
        OfferingTerms memory t = _terms();
        _onlyIssuer(t);
        Sales memory sales = _sales;
        _requireState(_state(t, sales), OfferingState.Succeeded);
        _requireIssuer(t.token);
        _sales.outcome = _FINALIZED;
        // The proceeds stay here: each claimed unit's payment becomes releasable (`releaseProceeds`).
        uint256 proceeds = uint256(sales.unitsSold) * t.pricePerUnit;
        emit Finalized(sales.unitsSold, proceeds, _feeOn(proceeds, t.feeBps));
    }

    /// @inheritdoc IPropertyOffering
    function releaseProceeds() external onlyClone nonReentrant {
        OfferingTerms memory t = _terms();
        Sales memory sales = _sales;
        uint256 released = _unitsReleased;
        // Before finalization nothing is claimed, so settled units are all refunded and nothing is releasable.
        uint256 units = sales.unitsSettled - sales.unitsRefunded - released;
        if (units == 0) revert OfferingNothingToRelease();
        uint256 releasedAfter = released + units;
        _unitsReleased = uint64(releasedAfter); // safe: <= unitsSold, a uint64
        uint256 amount = units * t.pricePerUnit;
        // The fee is taken on the cumulative release, so releasing in many steps rounds exactly like one release.
        uint256 fee = _feeOn(releasedAfter * t.pricePerUnit, t.feeBps) - _feeOn(released * t.pricePerUnit, t.feeBps);
        IERC20 payment = IERC20(t.paymentToken);
        if (fee != 0) payment.safeTransfer(t.feeRecipient, fee);
        payment.safeTransfer(t.treasury, amount - fee);
        emit ProceedsReleased(units, amount, fee);
    }

    /// @inheritdoc IPropertyOffering
    function cancel() external onlyClone nonReentrant {
        OfferingTerms memory t = _terms();
        _onlyIssuer(t);
        OfferingState current = _state(t, _sales);
        if (current == OfferingState.Finalized || current == OfferingState.Cancelled) {
            revert OfferingWrongState(current, OfferingState.Active);
        }
        _sales.outcome = _CANCELLED;
        emit Cancelled();
    }

    /// @inheritdoc IPropertyOffering
    function claim() external onlyClone nonReentrant {
        _claim(_msgSender());
    }

    /// @inheritdoc IPropertyOffering
    function claimFor(address investor) external onlyClone nonReentrant {
        _claim(investor);
    }

    /// @inheritdoc IPropertyOffering
    function refund() external onlyClone nonReentrant {
        OfferingTerms memory t = _terms();
        OfferingState current = _state(t, _sales);
        bool finalized = current == OfferingState.Finalized;
        if (!finalized && current != OfferingState.Failed && current != OfferingState.Cancelled) {
            revert OfferingWrongState(current, OfferingState.Failed);
        }
        address investor = _msgSender();
        uint256 units = _settle(investor);
        if (finalized) _requireUnclaimable(t, investor, units);
        _sales.unitsRefunded += uint64(units); // safe: refunded <= settled <= sold, a uint64
        uint256 amount = units * t.pricePerUnit;
        IERC20(t.paymentToken).safeTransfer(investor, amount);
        emit Refunded(investor, amount);
    }

    /// @inheritdoc IPropertyOffering
    function terms() external view onlyClone returns (OfferingTerms memory) {
        return _terms();
    }

    /// @inheritdoc IPropertyOffering
    function state() external view onlyClone returns (OfferingState) {
        return _state(_terms(), _sales);
    }

    /// @inheritdoc IPropertyOffering
    function unitsSold() external view returns (uint256) {
        return _sales.unitsSold;
    }

    /// @inheritdoc IPropertyOffering
    function unitsSettled() external view returns (uint256) {
        return _sales.unitsSettled;
    }

    /// @inheritdoc IPropertyOffering
    function unitsRefunded() external view returns (uint256) {
        return _sales.unitsRefunded;
    }

    /// @inheritdoc IPropertyOffering
    function unitsReleased() external view returns (uint256) {
        return _unitsReleased;
    }

    /// @inheritdoc IPropertyOffering
    function releasableProceeds() external view onlyClone returns (uint256) {
        Sales memory sales = _sales;
        return uint256(sales.unitsSettled - sales.unitsRefunded - _unitsReleased) * _terms().pricePerUnit;
    }

    /// @inheritdoc IPropertyOffering
    function subscribedUnitsOf(address wallet) external view returns (uint256) {
        return _positions[wallet].walletUnits;
    }

    /// @inheritdoc IPropertyOffering
    function subscribedUnitsOfIdentity(address identity) external view returns (uint256) {
        return _positions[identity].identityUnits;
    }

    /// @inheritdoc IPropertyOffering
    function isSettled(address wallet) external view returns (bool) {
        return _positions[wallet].settled;
    }

    /// @inheritdoc IPropertyOffering
    /// @dev Guarded against read-only reentrancy: during a subscription the books are updated before the payment
    /// arrives, so a payment token calling back would otherwise read a debt not yet covered.
    function escrowOwed() external view onlyClone nonReentrantView returns (uint256) {
        Sales memory sales = _sales;
        // Paid units leave the escrow only as refunds or released proceeds.
        return uint256(sales.unitsSold - sales.unitsRefunded - _unitsReleased) * _terms().pricePerUnit;
    }

    function _subscribe(OfferingTerms memory t, address investor, uint256 units) private {
        uint64 sold = _sales.unitsSold;
        _requireState(_state(t, _sales), OfferingState.Active);
        if (units == 0) revert OfferingZeroUnits();
        _requireIssuer(t.token);
        uint256 remaining = t.hardCap - sold;
        if (units > remaining) revert OfferingHardCapExceeded(units, remaining);
        address identity = _eligibleIdentity(t, investor, units);
        if (_positions[identity].identityUnits == 0) _reserveHolderPlace(IPropertyToken(t.token), investor, identity);
        _recordTicket(t, investor, identity, units);
        // Safe cast: units <= remaining <= hardCap, a uint64.
        _sales.unitsSold = sold + uint64(units);
        uint256 amount = units * t.pricePerUnit;
        _collect(IERC20(t.paymentToken), investor, amount);
        emit Subscribed(investor, identity, units, amount);
    }

    /// @dev The investor's identity (the wallet itself if none), once the token accepts issuing the identity's whole
    /// subscription including this ticket to the investor.
    function _eligibleIdentity(
        OfferingTerms memory t,
        address investor,
        uint256 units
    ) private view returns (address identity) {
        IPropertyToken token = IPropertyToken(t.token);
        identity = IIdentityRegistry(token.identityRegistry()).identityOf(investor);
        if (identity == address(0)) identity = investor;
        // Ask about all the identity's claims will issue, not this ticket alone: a claim the token refuses after
        // finalization would leave the investor with neither units nor a refund (the proceeds are gone).
        uint256 claimable = _positions[identity].identityUnits + units;
        (bytes1 code, bytes32 reason) = token.canIssueByPartition(investor, t.partition, claimable);
        if (code != 0x51) revert OfferingInvestorNotEligible(investor, code, reason);
    }

    /// @dev The token counts holders only once units are issued (at claim): a first ticket of an identity holding no
    /// unit yet reserves the holder place its claim will take, and is refused when the places already reserved fill
    /// the token's maximum, so that no accepted ticket becomes unclaimable after finalization.
    function _reserveHolderPlace(IPropertyToken token, address investor, address identity) private {
        if (token.balanceOfIdentity(identity) != 0) return;
        uint32 reserved = _sales.newHolders;
        uint256 max = token.maxHolders();
        if (max != 0 && uint256(token.holderCount()) + reserved >= max) {
            revert OfferingInvestorNotEligible(investor, 0x57, "MAX_HOLDERS_REACHED");
        }
        _sales.newHolders = reserved + 1;
    }

    /// @dev Applies the per-identity ticket limits and books the investor's units (casts: totals <= hardCap).
    function _recordTicket(OfferingTerms memory t, address investor, address identity, uint256 units) private {
        Position storage own = _positions[investor];
        Position storage group = identity == investor ? own : _positions[identity];
        uint256 identityTotal = group.identityUnits + units;
        if (identityTotal < t.minTicket) revert OfferingTicketBelowMinimum(identity, identityTotal, t.minTicket);
        if (identityTotal > t.maxTicket) revert OfferingTicketAboveMaximum(identity, identityTotal, t.maxTicket);
        own.walletUnits += uint64(units);
        group.identityUnits = uint64(identityTotal);
    }

    /// @dev Pulls `amount` from the investor; a token that delivers less than asked is refused.
    function _collect(IERC20 payment, address investor, uint256 amount) private {
        uint256 before = payment.balanceOf(address(this));
        payment.safeTransferFrom(investor, address(this), amount);
        uint256 received = payment.balanceOf(address(this)) - before;
        if (received != amount) revert OfferingPaymentShortfall(amount, received);
    }

    function _claim(address investor) private {
        OfferingTerms memory t = _terms();
        _requireState(_state(t, _sales), OfferingState.Finalized);
        uint256 units = _settle(investor);
        IPropertyToken(t.token).issueByPartition(t.partition, investor, units, "");
        emit Claimed(investor, units);
    }

    /// @dev Marks `wallet`'s subscription settled (claimed or refunded) and returns its units.
    function _settle(address wallet) private returns (uint256 units) {
        Position storage position = _positions[wallet];
        units = position.walletUnits;
        if (units == 0) revert OfferingNothingToSettle(wallet);
        if (position.settled) revert OfferingAlreadySettled(wallet);
        position.settled = true;
        _sales.unitsSettled += uint64(units);
    }

    /// @dev Refuses unless this offering can issue on `token`: a clone made outside the factory, or an offering whose
    /// role was revoked, would otherwise take money it can never turn into units (issue 13 §2).
    function _requireIssuer(address token) private view {
        if (!IAccessControl(token).hasRole(_ISSUER_ROLE, address(this))) revert OfferingCannotIssue(token);
    }

    /// @dev After finalization, a refund of `wallet`'s `units` is due only when the token refuses to issue them for a
    /// reason that will not pass by itself: a pause, a freeze (an AML legal hold: the money stays in escrow too) and a
    /// KYC that merely expired (the investor renews; the compliance agent removes who cannot) keep the position on hold.
    function _requireUnclaimable(OfferingTerms memory t, address wallet, uint256 units) private view {
        (bytes1 code, bytes32 reason) = (0x50, _REASON_NOT_ISSUER);
        IPropertyToken token = IPropertyToken(t.token);
        if (IAccessControl(t.token).hasRole(_ISSUER_ROLE, address(this))) {
            (code, reason) = token.canIssueByPartition(wallet, t.partition, units);
        }
        if (code == 0x51) revert OfferingClaimable(wallet);
        if (
            reason == _REASON_PAUSED
            || reason == _REASON_FROZEN
            || (reason == _REASON_NOT_VERIFIED && IIdentityRegistry(token.identityRegistry()).contains(wallet))
        ) revert OfferingRefundOnHold(wallet, reason);
    }

    function _feeOn(uint256 amount, uint16 feeBps) private pure returns (uint256) {
        return (amount * feeBps) / 10_000;
    }

    function _onlyIssuer(OfferingTerms memory t) private view {
        address caller = _msgSender();
        if (caller != t.issuer) revert OfferingUnauthorized(caller);
    }

    function _terms() private view returns (OfferingTerms memory) {
        return OfferingTermsCodec.decode(Clones.fetchCloneArgs(address(this)));
    }

    function _state(OfferingTerms memory t, Sales memory sales) private view returns (OfferingState) {
        if (sales.outcome == _FINALIZED) return OfferingState.Finalized;
        if (sales.outcome == _CANCELLED) return OfferingState.Cancelled;
        if (block.timestamp < t.startTime) return OfferingState.Pending;
        if (block.timestamp > uint256(t.endTime) + FINALIZE_WINDOW - 1) return OfferingState.Failed;
        if (sales.unitsSold == t.hardCap) return OfferingState.Succeeded; // never above: subscribe caps it
        if (block.timestamp < t.endTime) return OfferingState.Active;
        return sales.unitsSold < t.softCap ? OfferingState.Failed : OfferingState.Succeeded;
    }

    function _requireState(OfferingState actual, OfferingState expected) private pure {
        if (actual != expected) revert OfferingWrongState(actual, expected);
    }
}
