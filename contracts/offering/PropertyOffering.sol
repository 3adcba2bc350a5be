// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IPropertyOffering, OfferingState, OfferingTerms} from "../interfaces/IPropertyOffering.sol";
import {IPropertyOfferingErrors} from "../interfaces/IPropertyOfferingErrors.sol";
import {IOfferingInvitations, Invitation} from "../interfaces/IOfferingInvitations.sol";
import {IPropertyToken} from "../interfaces/IPropertyToken.sol";
import {IPropertyTokenExit} from "../interfaces/IPropertyTokenExit.sol";
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
///
/// Private placements (issue 20): the issuer signs invitations (EIP-712, `Invitation`) that one investor identity
/// redeems once, at the invitation's own price, through the same checks and escrow as a public subscription. Every
/// wallet's payment is booked at the price it paid: refunds return exactly that, and the proceeds released (with
/// their fee) are what the claimed units paid. Invited units and their payments are counted apart (`Invited`), so a
/// public subscription writes nothing more than before.
contract PropertyOffering is
    IPropertyOffering,
    IOfferingInvitations,
    IPropertyOfferingErrors,
    ReentrancyGuardTransient,
    ERC2771Context,
    EIP712
{
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

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

    /// @dev EIP-712 type of `Invitation` (hashed at compile time: the long string is not in the code).
    // solhint-disable-next-line gas-small-strings
    bytes32 private constant _INVITATION_TYPEHASH = keccak256(
        "Invitation(address identity,uint64 minUnits,uint64 maxUnits,uint128 pricePerUnit,uint40 expiry,bytes32 salt)"
    );
    /// @dev `invitationStatus` values (0: neither).
    uint8 private constant _INVITATION_REDEEMED = 1;
    uint8 private constant _INVITATION_REVOKED = 2;

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
        bool invited; // this wallet redeemed an invitation: part of its units has its own price
        uint112 paid; // once `invited`: what this wallet paid, each unit at its price (public ones too)
    }

    /// @dev Units whose price may differ from the terms' (bought by invitation, or settled by a wallet that redeemed
    /// one) and what they paid. Any other unit of the same count was paid at the terms' price, so an amount is
    /// `(units - invited.units) * pricePerUnit + invited.paid`.
    struct Invited {
        uint64 units;
        uint128 paid;
    }

    /// @dev Claimed units whose payment left the escrow, and that payment (written by releases only).
    struct Released {
        uint64 units;
        uint128 amount;
    }

    /// @dev The implementation's own address: only clones (a different `address(this)`) are offerings.
    address private immutable _SELF = address(this);

    Sales private _sales;
    Released private _released;
    mapping(address account => Position) private _positions;
    /// @dev Units sold by invitation; units claimed and refunded by wallets that redeemed an invitation (all their
    /// units: a wallet's `paid` covers them all).
    Invited private _invitedSold;
    Invited private _invitedClaimed;
    Invited private _invitedRefunded;
    mapping(bytes32 invitationHash => uint8 status) private _invitationStatus;

    /// @param forwarder The platform's trusted forwarder (ERC-2771), shared by every clone (zero: none).
    /// @dev The EIP-712 domain's name and version are immutables of the implementation; a clone's domain is built with
    /// its own address (`EIP712` rebuilds it whenever `address(this)` is not the deployer's).
    constructor(address forwarder) ERC2771Context(forwarder) EIP712("Freehold Offering", "1") {}

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
        _permit(t.paymentToken, investor, units, t.pricePerUnit, deadline, v, r, s);
        _subscribe(t, investor, units);
    }

    /// @inheritdoc IOfferingInvitations
    function subscribeWithInvitation(
        Invitation calldata invitation,
        uint256 units,
        bytes calldata signature
    ) external onlyClone nonReentrant {
        _subscribeInvited(_terms(), _msgSender(), invitation, units, signature);
    }

    /// @inheritdoc IOfferingInvitations
    function subscribeWithInvitationAndPermit(
        Invitation calldata invitation,
        uint256 units,
        bytes calldata signature,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external onlyClone nonReentrant {
        OfferingTerms memory t = _terms();
        address investor = _msgSender();
        _permit(t.paymentToken, investor, units, invitation.pricePerUnit, deadline, v, r, s);
        _subscribeInvited(t, investor, invitation, units, signature);
    }

    /// @inheritdoc IOfferingInvitations
    function revokeInvitation(bytes32 hash) external onlyClone nonReentrant {
        _onlyIssuer(_terms());
        _requireInvitationOpen(hash);
        _invitationStatus[hash] = _INVITATION_REVOKED;
        emit InvitationRevoked(hash);
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
        uint256 proceeds = _amountOf(t, sales.unitsSold, _invitedSold);
        emit Finalized(sales.unitsSold, proceeds, _feeOn(proceeds, t.feeBps));
    }

    /// @inheritdoc IPropertyOffering
    function releaseProceeds() external onlyClone nonReentrant {
        OfferingTerms memory t = _terms();
        Sales memory sales = _sales;
        Released memory done = _released;
        // Before finalization nothing is claimed, so settled units are all refunded and nothing is releasable.
        uint256 claimed = sales.unitsSettled - sales.unitsRefunded;
        if (claimed == done.units) revert OfferingNothingToRelease();
        // What the claimed units paid, each at its own price (the terms' or its invitation's).
        uint256 claimedPaid = _amountOf(t, claimed, _invitedClaimed);
        _released = Released(uint64(claimed), claimedPaid.toUint128()); // safe: claimed <= unitsSold, a uint64
        uint256 amount = claimedPaid - done.amount;
        // The fee is taken on the cumulative release, so releasing in many steps rounds exactly like one release.
        uint256 fee = _feeOn(claimedPaid, t.feeBps) - _feeOn(done.amount, t.feeBps);
        IERC20 payment = IERC20(t.paymentToken);
        if (fee != 0) payment.safeTransfer(t.feeRecipient, fee);
        payment.safeTransfer(t.treasury, amount - fee);
        emit ProceedsReleased(claimed - done.units, amount, fee);
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
        (uint256 units, bool invited) = _settle(investor);
        _requireNotFrozen(t.token, investor);
        if (finalized) _requireUnclaimable(t, investor, units);
        _sales.unitsRefunded += uint64(units); // safe: refunded <= settled <= sold, a uint64
        // Exactly what this wallet paid, each unit at its own price.
        uint256 amount = units * t.pricePerUnit;
        if (invited) amount = _settleInvited(investor, units, _invitedRefunded);
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
        return _released.units;
    }

    /// @inheritdoc IPropertyOffering
    function releasableProceeds() external view onlyClone returns (uint256) {
        Sales memory sales = _sales;
        return _amountOf(_terms(), sales.unitsSettled - sales.unitsRefunded, _invitedClaimed) - _released.amount;
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
        OfferingTerms memory t = _terms();
        Sales memory sales = _sales;
        // Payments leave the escrow only as refunds or released proceeds.
        return
            _amountOf(t, sales.unitsSold, _invitedSold)
            - _amountOf(t, sales.unitsRefunded, _invitedRefunded)
            - _released.amount;
    }

    /// @inheritdoc IOfferingInvitations
    function invitationHash(Invitation calldata invitation) external view onlyClone returns (bytes32) {
        return _invitationHash(invitation);
    }

    /// @inheritdoc IOfferingInvitations
    function invitationStatus(bytes32 hash) external view returns (uint8) {
        return _invitationStatus[hash];
    }

    /// @inheritdoc IOfferingInvitations
    function paidBy(address wallet) external view onlyClone returns (uint256) {
        Position memory position = _positions[wallet];
        return position.invited ? position.paid : uint256(position.walletUnits) * _terms().pricePerUnit;
    }

    function _subscribe(OfferingTerms memory t, address investor, uint256 units) private {
        address identity = _book(t, investor, units, t.minTicket, t.pricePerUnit);
        uint256 amount = units * t.pricePerUnit;
        _collect(IERC20(t.paymentToken), investor, amount);
        emit Subscribed(investor, identity, units, amount);
    }

    /// @dev Redeems `invitation` for `investor`: the invitation's own checks, then the public subscription's (with the
    /// invitation's range instead of the minimum ticket), booked at the invitation's price.
    function _subscribeInvited(
        OfferingTerms memory t,
        address investor,
        Invitation calldata invitation,
        uint256 units,
        bytes calldata signature
    ) private {
        bytes32 hash = _invitationHash(invitation);
        _requireInvitationOpen(hash);
        if (block.timestamp >= invitation.expiry) revert OfferingInvitationExpired(hash, invitation.expiry);
        // The digest binds this offering and chain: a signature made for another fails here.
        if (!SignatureChecker.isValidSignatureNow(t.issuer, hash, signature)) {
            revert OfferingInvitationBadSignature(hash);
        }
        if (invitation.pricePerUnit == 0) revert OfferingInvitationZeroPrice(hash);
        if (units < invitation.minUnits || units > invitation.maxUnits) {
            revert OfferingInvitationUnitsOutOfRange(units, invitation.minUnits, invitation.maxUnits);
        }
        _invitationStatus[hash] = _INVITATION_REDEEMED;
        address identity = _book(t, investor, units, 0, invitation.pricePerUnit);
        if (identity != invitation.identity) {
            revert OfferingInvitationWrongIdentity(investor, invitation.identity, identity);
        }
        uint256 amount = units * invitation.pricePerUnit;
        _addInvited(_invitedSold, units, amount);
        Position storage own = _positions[investor];
        if (!own.invited) {
            // Its first invitation: what it paid so far, all at the terms' price, plus this ticket.
            own.invited = true;
            own.paid = ((own.walletUnits - units) * t.pricePerUnit + amount).toUint112();
        }
        _collect(IERC20(t.paymentToken), investor, amount);
        emit Subscribed(investor, identity, units, amount);
        emit InvitationRedeemed(hash, investor, identity, units, amount);
    }

    /// @dev Checks and books a ticket of `units` for `investor`: the state, the hard cap, the token's compliance, the
    /// holder places and the identity's ticket limits (`minTicket` and the terms' maximum), at `price` per unit.
    /// Returns its identity.
    function _book(
        OfferingTerms memory t,
        address investor,
        uint256 units,
        uint256 minTicket,
        uint256 price
    ) private returns (address identity) {
        uint64 sold = _sales.unitsSold;
        _requireState(_state(t, _sales), OfferingState.Active);
        if (units == 0) revert OfferingZeroUnits();
        _requireIssuer(t.token);
        uint256 remaining = t.hardCap - sold;
        if (units > remaining) revert OfferingHardCapExceeded(units, remaining);
        identity = _eligibleIdentity(t, investor, units);
        if (_positions[identity].identityUnits == 0) _reserveHolderPlace(IPropertyToken(t.token), investor, identity);
        _recordTicket(t, investor, identity, units, minTicket, price);
        // Safe cast: units <= remaining <= hardCap, a uint64.
        _sales.unitsSold = sold + uint64(units);
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
    function _recordTicket(
        OfferingTerms memory t,
        address investor,
        address identity,
        uint256 units,
        uint256 minTicket,
        uint256 price
    ) private {
        Position storage own = _positions[investor];
        Position storage group = identity == investor ? own : _positions[identity];
        uint256 identityTotal = group.identityUnits + units;
        if (identityTotal < minTicket) revert OfferingTicketBelowMinimum(identity, identityTotal, minTicket);
        if (identityTotal > t.maxTicket) revert OfferingTicketAboveMaximum(identity, identityTotal, t.maxTicket);
        own.walletUnits += uint64(units);
        group.identityUnits = uint64(identityTotal);
        // A wallet that redeemed an invitation keeps its own sum; the others paid the terms' price for every unit.
        if (own.invited) own.paid = (own.paid + units * price).toUint112();
    }

    /// @dev Applies `investor`'s EIP-2612 permit of `units` x `price` for this offering. A permit seen in the mempool
    /// can be submitted by anyone first; then ours fails, yet the allowance is there. The failure is ignored: the
    /// transfer that follows is the real check. A price that overflows is no permit at all: the subscription that
    /// follows refuses those units with its own reason (cap or invitation range), never an overflow panic here.
    function _permit(
        address paymentToken,
        address investor,
        uint256 units,
        uint256 price,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) private {
        (bool priced, uint256 value) = Math.tryMul(units, price);
        if (!priced) return;
        try IERC20Permit(paymentToken).permit(investor, address(this), value, deadline, v, r, s) {} catch {}
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
        (uint256 units, bool invited) = _settle(investor);
        if (invited) _settleInvited(investor, units, _invitedClaimed);
        IPropertyToken(t.token).issueByPartition(t.partition, investor, units, "");
        emit Claimed(investor, units);
    }

    /// @dev Marks `wallet`'s subscription settled (claimed or refunded) and returns its units, and whether part of
    /// them came by invitation.
    function _settle(address wallet) private returns (uint256 units, bool invited) {
        Position storage position = _positions[wallet];
        units = position.walletUnits;
        invited = position.invited;
        if (units == 0) revert OfferingNothingToSettle(wallet);
        if (position.settled) revert OfferingAlreadySettled(wallet);
        position.settled = true;
        _sales.unitsSettled += uint64(units);
    }

    /// @dev Adds the settled `units` of `wallet`, which redeemed an invitation, to `books` (claimed or refunded) with
    /// what they paid, and returns that.
    function _settleInvited(address wallet, uint256 units, Invited storage books) private returns (uint256 paid) {
        paid = _positions[wallet].paid;
        _addInvited(books, units, paid);
    }

    function _addInvited(Invited storage books, uint256 units, uint256 paid) private {
        books.units += uint64(units); // safe: every invited count is at most unitsSold, a uint64
        books.paid = (books.paid + paid).toUint128();
    }

    /// @dev What `units` paid when `invited` of them came by invitation and the rest at the terms' price.
    function _amountOf(OfferingTerms memory t, uint256 units, Invited memory invited) private pure returns (uint256) {
        return (units - invited.units) * t.pricePerUnit + invited.paid;
    }

    function _invitationHash(Invitation calldata invitation) private view returns (bytes32) {
        // Every field is a static type, so the struct's ABI encoding is its fields' EIP-712 encoding.
        return _hashTypedDataV4(keccak256(abi.encode(_INVITATION_TYPEHASH, invitation)));
    }

    function _requireInvitationOpen(bytes32 hash) private view {
        uint8 status = _invitationStatus[hash];
        if (status == _INVITATION_REDEEMED) revert OfferingInvitationRedeemed(hash);
        if (status == _INVITATION_REVOKED) revert OfferingInvitationRevoked(hash);
    }

    /// @dev Refuses unless this offering can issue on `token`: a clone made outside the factory, or an offering whose
    /// role was revoked, would otherwise take money it can never turn into units (issue 13 §2).
    function _requireIssuer(address token) private view {
        if (!IAccessControl(token).hasRole(_ISSUER_ROLE, address(this))) revert OfferingCannotIssue(token);
    }

    /// @dev Every refund (failed, cancelled or finalized offering) waits while `wallet` is frozen on the token or in the
    /// identity registry: an AML freeze is a legal hold, and returning the money would defeat it; it stays in escrow
    /// until the hold is lifted. Checked before anything else the token might report after finalization (issuance
    /// finalized, a pause, the supply limit or a revoked `ISSUER_ROLE` would otherwise mask it: audit finding 2026-12,
    /// finding 2), and before failure or cancellation too (its sibling: only the finalized branch checked).
    function _requireNotFrozen(address tokenAddress, address wallet) private view {
        IPropertyToken token = IPropertyToken(tokenAddress);
        if (token.isFrozen(wallet) || IIdentityRegistry(token.identityRegistry()).isFrozen(wallet)) {
            revert OfferingRefundOnHold(wallet, _REASON_FROZEN);
        }
    }

    /// @dev After finalization, a refund of `wallet`'s `units` is due only when the token refuses to issue them for a
    /// reason that will not pass by itself: a pause, a freeze (an AML legal hold, already refused by
    /// `_requireNotFrozen`) and a KYC that merely expired (the investor renews; the compliance agent removes who cannot)
    /// keep the position on hold. A token closed by its exit (a sale) is paused for good: the refund is due.
    function _requireUnclaimable(OfferingTerms memory t, address wallet, uint256 units) private view {
        IPropertyToken token = IPropertyToken(t.token);
        (bytes1 code, bytes32 reason) = (0x50, _REASON_NOT_ISSUER);
        if (IAccessControl(t.token).hasRole(_ISSUER_ROLE, address(this))) {
            (code, reason) = token.canIssueByPartition(wallet, t.partition, units);
        }
        if (code == 0x51) revert OfferingClaimable(wallet);
        if (reason == _REASON_PAUSED && _closedForGood(t.token)) return;
        if (
            reason == _REASON_PAUSED
            || reason == _REASON_FROZEN
            || (reason == _REASON_NOT_VERIFIED && IIdentityRegistry(token.identityRegistry()).contains(wallet))
        ) revert OfferingRefundOnHold(wallet, reason);
    }

    /// @dev Whether `token` was closed by its exit (issue 19). A token of an implementation without exits answers
    /// nothing (its fallback knows no `isClosed`): never closed.
    function _closedForGood(address token) private view returns (bool) {
        try IPropertyTokenExit(token).isClosed() returns (bool closed) {
            return closed;
        } catch {
            return false;
        }
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
