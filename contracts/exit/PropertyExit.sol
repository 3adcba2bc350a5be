// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IERC1644} from "../interfaces/IERC1644.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IPropertyExit} from "../interfaces/IPropertyExit.sol";
import {IPropertyGovernor, Proposal, ProposalKind, ProposalState} from "../interfaces/IPropertyGovernor.sol";
import {IPropertyToken} from "../interfaces/IPropertyToken.sol";
import {IPropertyTokenExit} from "../interfaces/IPropertyTokenExit.sol";
import {FeeKind, IPlatformFees} from "../interfaces/IPlatformFees.sol";
import {IRentDistributor} from "../interfaces/IRentDistributor.sol";
import {IdentityRecords} from "../identity/IdentityRecords.sol";

/// @title PropertyExit
/// @notice The exit of one property (issue 19). Deployed only as a clone whose immutable arguments are the token, its
/// governor, the payment token, the fee schedule and the rent distributor, made by
/// `PropertyTokenFactory.launchExit`; the token's admin then names it on the token (`setExit`, once), which lets it
/// close the token and burn units at redemption.
///
/// Sale: the manager deposits the proceeds of a sale the holders approved (at least its minimum price), on the very
/// supply they voted on (the governor's `supplyAtSnapshot`) and within one voting period after the vote's end (so it is
/// always the latest vote the holders decided: a later proposal cannot end sooner); the exit fee
/// leaves at once; the token closes for good (paused, issuance finalized, no controller move, no rent deposit). The
/// supply at that moment is the base of every payout: a holder's redemption burns all its units and pays
/// `units x proceeds / supplyAtClose`, rounded down. Since nothing but the exit's burns changes a balance after the
/// close, the units redeemed sum to at most the supply at the close, so the payouts sum to at most the proceeds; what
/// is left once all have redeemed is the rounding dust, less than one base unit per redeeming wallet, kept here. No
/// loop over holders: the deposit costs the same for 2 or 10,000 of them, each redemption is the holder's.
/// A claim never expires; a holder on hold (removed from the registry, frozen) redeems when the hold is lifted, or
/// the token's controller redeems for it to a registered (recovered) wallet.
///
/// Refinance: the capital the holders approved returning is distributed by the rent distributor, pro rata to the
/// units at the deposit, as a deposit of its own kind (`CapitalDeposited`, no fee), claimed like rent; the token
/// stays open.
///
/// Gasless (issue 20): redeemers and depositors are `_msgSender()` (ERC-2771, the platform's trusted forwarder, an
/// immutable of the implementation shared by every clone).
contract PropertyExit is IPropertyExit, ERC2771Context {
    using SafeERC20 for IERC20;

    /// @dev `DEFAULT_ADMIN_ROLE` of the token: the property's manager after a factory launch.
    bytes32 private constant _ADMIN_ROLE = 0x00;
    bytes32 private constant _CONTROLLER_ROLE = keccak256("CONTROLLER_ROLE");

    /// @dev The close, in the one slot a redemption reads and writes. Proceeds below 2^96 base units (a
    /// stablecoin of at most 8 decimals: 7.9e20 tokens); the supply is below 2^64 (the token caps issuance).
    struct Closing {
        uint96 proceeds;
        uint96 paidOut;
        uint64 supplyAtClose;
    }

    address private immutable _SELF;

    Closing private _closing;
    uint256 private _saleProposalId;
    mapping(uint256 proposalId => bool) private _capitalReturned;

    /// @param forwarder The platform's trusted forwarder (ERC-2771), zero for none.
    constructor(address forwarder) ERC2771Context(forwarder) {
        _SELF = address(this);
    }

    /// @inheritdoc IPropertyExit
    function depositProceeds(uint256 proposalId, uint256 amount) external {
        (address tokenAddress, address governor_, address payment, address fees, ) = _args();
        if (_closing.supplyAtClose != 0) revert ExitAlreadyClosed(_saleProposalId);
        address depositor = _checkManager(tokenAddress);
        Proposal memory p = _approved(governor_, proposalId, ProposalKind.Sale);
        // The execution window: one voting period after the vote's end. Proposals run one at a time, so any later
        // proposal ends no earlier than this deadline: within it, this sale is the latest vote the holders decided.
        uint256 deadline = uint256(p.endTime) + IPropertyGovernor(governor_).terms().votingPeriod;
        if (block.timestamp >= deadline) revert ExitSaleExpired(proposalId, deadline);
        if (amount < p.amount) revert ExitBelowMinimumPrice(proposalId, amount, p.amount);
        uint256 supply = IERC20(tokenAddress).totalSupply();
        if (supply == 0) revert ExitNoSupply();
        // The price was voted on these units: units issued (or redeemed) since belong to nobody who voted on it.
        if (supply != p.supplyAtSnapshot) revert ExitSupplyChanged(proposalId, p.supplyAtSnapshot, supply);
        _pullExactly(IERC20(payment), depositor, amount);
        (uint16 feeBps, address collector) = IPlatformFees(fees).feeOf(FeeKind.Exit, tokenAddress);
        uint256 fee = (amount * feeBps) / 10_000;
        if (fee != 0) IERC20(payment).safeTransfer(collector, fee);
        uint256 proceeds = amount - fee;
        // Supply < 2^64: the token caps issuance there.
        _closing = Closing({proceeds: SafeCast.toUint96(proceeds), paidOut: 0, supplyAtClose: uint64(supply)});
        _saleProposalId = proposalId;
        IPropertyTokenExit(tokenAddress).closeForExit();
        emit ProceedsDeposited(proposalId, depositor, amount, fee, collector, proceeds, supply);
    }

    /// @inheritdoc IPropertyExit
    function depositCapital(uint256 proposalId, uint256 amount) external {
        (address tokenAddress, address governor_, address payment, , address distributor) = _args();
        if (_closing.supplyAtClose != 0) revert ExitAlreadyClosed(_saleProposalId);
        address depositor = _checkManager(tokenAddress);
        if (amount == 0) revert ExitZeroAmount();
        Proposal memory p = _approved(governor_, proposalId, ProposalKind.Refinance);
        if (_capitalReturned[proposalId]) revert ExitCapitalAlreadyReturned(proposalId);
        _capitalReturned[proposalId] = true;
        _pullExactly(IERC20(payment), depositor, amount);
        IERC20(payment).forceApprove(distributor, amount);
        // The proposal's document (approved by the holders) is the statement the distribution pays out.
        IRentDistributor(distributor).depositCapital(tokenAddress, amount, p.documentHash);
        uint256 depositId = IRentDistributor(distributor).depositCountOf(tokenAddress);
        emit CapitalReturned(proposalId, depositor, amount, depositId);
    }

    /// @inheritdoc IPropertyExit
    function redeem() external returns (uint256 payout) {
        address holder = _msgSender();
        return _redeem(holder, holder, false);
    }

    /// @inheritdoc IPropertyExit
    function redeemFor(address holder, address to) external returns (uint256 payout) {
        (address tokenAddress, , , , ) = _args();
        address controller = _msgSender();
        if (!IAccessControl(tokenAddress).hasRole(_CONTROLLER_ROLE, controller)) {
            revert ExitUnauthorizedController(controller);
        }
        IIdentityRegistry registry = IIdentityRegistry(IPropertyToken(tokenAddress).identityRegistry());
        (uint256 toRecord, uint256 holderRecord) = registry.packedRecordsOf(to, holder);
        if (!IdentityRecords.isRegistered(toRecord)) revert ExitReceiverNotRegistered(to);
        // The holder's hold is ignored, never the receiver's: no path pays a frozen wallet (the record carries its
        // identity's registry freeze; the token's freeze is its identity's on this token).
        if (
            IdentityRecords.flags(toRecord) & IdentityRecords.FLAG_FROZEN != 0
            || IPropertyToken(tokenAddress).isFrozen(to)
        ) revert ExitReceiverFrozen(to);
        // To another identity (a court order) only while the issuer keeps control: once it gave control up
        // (`finalizeControllable`), a payout moves within the holder's identity (a removed wallet keeps its identity
        // in the registry), so no controller can pay itself a holder's share.
        if (
            IdentityRecords.identity(toRecord) != IdentityRecords.identity(holderRecord)
            && !IERC1644(tokenAddress).isControllable()
        ) revert ExitReceiverNotHolderIdentity(holder, to);
        return _redeem(holder, to, true);
    }

    /// @inheritdoc IPropertyExit
    function token() external view returns (address tokenAddress) {
        (tokenAddress, , , , ) = _args();
    }

    /// @inheritdoc IPropertyExit
    function governor() external view returns (address governor_) {
        (, governor_, , , ) = _args();
    }

    /// @inheritdoc IPropertyExit
    function paymentToken() external view returns (address payment) {
        (, , payment, , ) = _args();
    }

    /// @inheritdoc IPropertyExit
    function closing()
        external
        view
        returns (uint256 proposalId, uint256 proceeds, uint256 supplyAtClose, uint256 paidOut)
    {
        Closing memory c = _closing;
        return (_saleProposalId, c.proceeds, c.supplyAtClose, c.paidOut);
    }

    /// @inheritdoc IPropertyExit
    function payoutOf(address holder) external view returns (uint256) {
        (address tokenAddress, , , , ) = _args();
        Closing memory c = _closing;
        if (c.supplyAtClose == 0) return 0;
        return (IERC20(tokenAddress).balanceOf(holder) * c.proceeds) / c.supplyAtClose;
    }

    /// @inheritdoc IPropertyExit
    function isCapitalReturned(uint256 proposalId) external view returns (bool) {
        return _capitalReturned[proposalId];
    }

    // --------------------------------------------------------------------------------------------- internals

    /// @dev The one funnel of every payout: the token burns all of `holder`'s units (or reports the hold) and the
    /// share of the proceeds goes to `to`. The state is written before the transfer, and a second call finds no units.
    function _redeem(address holder, address to, bool evenIfHeld) private returns (uint256 payout) {
        (address tokenAddress, , address payment, , ) = _args();
        Closing memory c = _closing;
        if (c.supplyAtClose == 0) revert ExitNotClosed();
        (uint256 units, bool held) = IPropertyTokenExit(tokenAddress).redeemForExit(holder, evenIfHeld);
        if (units == 0) revert ExitNothingToRedeem(holder);
        if (held) revert ExitHolderOnHold(holder);
        // units < 2^64 and proceeds < 2^96: no overflow. Rounded down, so the sum over holders is at most the proceeds.
        payout = (units * c.proceeds) / c.supplyAtClose;
        uint256 paidOut = c.paidOut + payout;
        if (paidOut > c.proceeds) revert ExitOverPayment(paidOut, c.proceeds);
        _closing.paidOut = uint96(paidOut); // safe: at most the proceeds, a uint96 (checked just above)
        IERC20(payment).safeTransfer(to, payout);
        emit Redeemed(holder, to, units, payout);
    }

    /// @dev The proposal `proposalId` of the token's governor, which must be approved and of `kind`.
    function _approved(
        address governor_,
        uint256 proposalId,
        ProposalKind kind
    ) private view returns (Proposal memory p) {
        ProposalState s = IPropertyGovernor(governor_).state(proposalId);
        if (s != ProposalState.Approved) revert ExitProposalNotApproved(proposalId, s);
        p = IPropertyGovernor(governor_).proposal(proposalId);
        if (p.kind != kind) revert ExitWrongKind(proposalId, p.kind);
    }

    /// @dev The caller, who must hold the token's `DEFAULT_ADMIN_ROLE` (the manager).
    function _checkManager(address tokenAddress) private view returns (address caller) {
        caller = _msgSender();
        if (!IAccessControl(tokenAddress).hasRole(_ADMIN_ROLE, caller)) revert ExitNotManager(caller);
    }

    /// @dev Pulls `amount` of `payment` from `from`; refuses a token that delivers less (fee-on-transfer, rebasing),
    /// so the exit never promises proceeds it does not hold.
    function _pullExactly(IERC20 payment, address from, uint256 amount) private {
        uint256 before = payment.balanceOf(address(this));
        payment.safeTransferFrom(from, address(this), amount);
        uint256 received = payment.balanceOf(address(this)) - before;
        if (received != amount) revert ExitPaymentShortfall(amount, received);
    }

    /// @dev This clone's immutable arguments: token | governor | payment token | fees | distributor, 20 bytes each
    /// (`abi.encodePacked` by the factory). The implementation itself has none and refuses.
    function _args()
        private
        view
        returns (address tokenAddress, address governor_, address payment, address fees, address distributor)
    {
        if (address(this) == _SELF) revert ExitImplementationOnly();
        bytes memory packed = Clones.fetchCloneArgs(address(this));
        assembly ("memory-safe") {
            let p := add(packed, 0x20)
            tokenAddress := shr(96, mload(p))
            governor_ := shr(96, mload(add(p, 20)))
            payment := shr(96, mload(add(p, 40)))
            fees := shr(96, mload(add(p, 60)))
            distributor := shr(96, mload(add(p, 80)))
        }
    }
}
