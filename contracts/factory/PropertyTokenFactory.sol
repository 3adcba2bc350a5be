// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {FeeKind, IPlatformFees} from "../interfaces/IPlatformFees.sol";
import {IPropertyTokenFactory, LaunchParams} from "../interfaces/IPropertyTokenFactory.sol";
import {IPropertyTokenFactoryErrors} from "../interfaces/IPropertyTokenFactoryErrors.sol";
import {IPropertyToken, TokenInit} from "../interfaces/IPropertyToken.sol";
import {IRentDistributor} from "../interfaces/IRentDistributor.sol";
import {IPropertyTokenExit} from "../interfaces/IPropertyTokenExit.sol";
import {IPropertyOffering, OfferingTerms} from "../interfaces/IPropertyOffering.sol";
import {IPropertyOfferingErrors} from "../interfaces/IPropertyOfferingErrors.sol";
import {OfferingTermsCodec} from "../offering/OfferingTermsCodec.sol";
import {GovernorTerms} from "../interfaces/IPropertyGovernor.sol";
import {GovernorTermsCodec} from "../governance/GovernorTermsCodec.sol";

/// @title PropertyTokenFactory
/// @notice Launches a property in one transaction: a minimal-proxy clone of the token implementation and a clone of
/// the offering implementation whose terms are its immutable arguments (no storage written for them), the token
/// initialized with the caller as admin, controller, agent and pauser, the offering as its only issuer and the
/// platform's document agent (if set) as its only `DOCUMENTS_ROLE` holder, wired to the platform's identity registry,
/// rent distributor and settlement, and registered with the distributor. The offering's platform fee is the primary
/// fee `PlatformFees` gives the token at launch (with the property's launch discount, which the factory binds to the
/// new token first when the admin granted it to the launching manager: it holds `LAUNCHER_ROLE` there), fixed in the offering's terms: an open offering keeps the fee it
/// started with, whatever the schedule does later.
/// Implementations and document agent can be changed for new launches by the admin; launched properties never
/// change.
contract PropertyTokenFactory is IPropertyTokenFactory, IPropertyTokenFactoryErrors, AccessControl {
    /// @notice May launch properties.
    bytes32 public constant PROPERTY_MANAGER_ROLE = keccak256("PROPERTY_MANAGER_ROLE");
    address private immutable _REGISTRY;
    address private immutable _DISTRIBUTOR;
    address private immutable _SETTLEMENT;
    address private immutable _FEES;

    /// @notice Implementation cloned for each new property token.
    address public tokenImplementation;
    /// @notice Implementation cloned for each new offering.
    address public offeringImplementation;
    /// @notice Receives `DOCUMENTS_ROLE` on each new token (the backend key that anchors documents); zero = nobody.
    address public documentAgent;

    /// @dev The record of what this factory launched: each token and its offering (one slot per launch). Who trusts
    /// the platform (API, web app, `Settlement`) checks this record, never the bytecode: anyone can clone the
    /// implementations.
    mapping(address token => address offering) private _offeringOf;

    /// @inheritdoc IPropertyTokenFactory
    address public governorImplementation;
    /// @dev Each token's holder-vote governor (issue 19), made by `launchGovernor`.
    mapping(address token => address governor) private _governorOf;

    /// @inheritdoc IPropertyTokenFactory
    address public exitImplementation;
    /// @dev Each token's exit (issue 19), made by `launchExit`.
    mapping(address token => address exit) private _exitOf;

    /// @param admin Receives `DEFAULT_ADMIN_ROLE`.
    /// @param registry The platform's identity registry.
    /// @param distributor The platform's rent distributor (the factory needs its `REGISTRAR_ROLE`).
    /// @param settlement_ The platform's settlement contract.
    /// @param tokenImpl The property token implementation.
    /// @param offeringImpl The offering implementation.
    /// @param fees The platform's fee schedule (its primary fee goes into each new offering's terms).
    constructor(
        address admin,
        address registry,
        address distributor,
        address settlement_,
        address tokenImpl,
        address offeringImpl,
        address fees
    ) {
        if (admin == address(0)) revert FactoryInvalidAddress("admin");
        if (registry == address(0)) revert FactoryInvalidAddress("identityRegistry");
        if (distributor == address(0)) revert FactoryInvalidAddress("rentDistributor");
        if (settlement_ == address(0)) revert FactoryInvalidAddress("settlement");
        if (fees.code.length == 0) revert FactoryInvalidAddress("platformFees");
        _REGISTRY = registry;
        _DISTRIBUTOR = distributor;
        _SETTLEMENT = settlement_;
        _FEES = fees;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setImplementations(tokenImpl, offeringImpl);
    }

    /// @inheritdoc IPropertyTokenFactory
    function launch(
        LaunchParams calldata params
    ) external onlyRole(PROPERTY_MANAGER_ROLE) returns (address token, address offering) {
        if (bytes(params.name).length == 0 || bytes(params.symbol).length == 0) revert FactoryEmptyName();
        token = Clones.clone(tokenImplementation);
        // A discount granted to the property before launch becomes the token's, before the terms read the fee; only
        // when the admin granted it to this manager (the property id is the caller's word: audit finding 5).
        IPlatformFees(_FEES).bindLaunchOverrides(params.propertyId, token, msg.sender);
        offering = Clones.cloneWithImmutableArgs(
            offeringImplementation,
            OfferingTermsCodec.encode(_terms(token, params))
        );
        IPropertyToken(token).initialize(
            TokenInit({
                name: params.name,
                symbol: params.symbol,
                identityRegistry: _REGISTRY,
                admin: msg.sender,
                issuer: offering,
                controller: msg.sender,
                agent: msg.sender,
                documentAgent: documentAgent,
                pauser: msg.sender,
                rentDistributor: _DISTRIBUTOR,
                settlement: _SETTLEMENT
            })
        );
        IRentDistributor(_DISTRIBUTOR).registerToken(token, params.paymentToken);
        _offeringOf[token] = offering;
        emit PropertyLaunched(params.propertyId, token, offering, msg.sender, params.name, params.symbol);
    }

    /// @inheritdoc IPropertyTokenFactory
    function launchGovernor(
        address token,
        GovernorTerms calldata terms
    ) external onlyRole(PROPERTY_MANAGER_ROLE) returns (address governor) {
        if (_offeringOf[token] == address(0)) revert FactoryUnknownToken(token);
        if (!IAccessControl(token).hasRole(DEFAULT_ADMIN_ROLE, msg.sender))
            revert FactoryNotTokenAdmin(token, msg.sender);
        if (_governorOf[token] != address(0)) revert FactoryGovernorExists(token, _governorOf[token]);
        address implementation = governorImplementation;
        if (implementation == address(0)) revert FactoryInvalidAddress("governorImplementation");
        GovernorTerms memory t = terms;
        GovernorTermsCodec.validate(t);
        governor = Clones.cloneWithImmutableArgs(implementation, GovernorTermsCodec.encode(token, t));
        _governorOf[token] = governor;
        emit GovernorLaunched(token, governor, t.votingPeriod, t.quorumBps, t.approvalBps, t.proposerThreshold);
    }

    /// @inheritdoc IPropertyTokenFactory
    function launchExit(address token) external onlyRole(PROPERTY_MANAGER_ROLE) returns (address exit) {
        if (_offeringOf[token] == address(0)) revert FactoryUnknownToken(token);
        if (!IAccessControl(token).hasRole(DEFAULT_ADMIN_ROLE, msg.sender))
            revert FactoryNotTokenAdmin(token, msg.sender);
        if (_exitOf[token] != address(0)) revert FactoryExitExists(token, _exitOf[token]);
        address governor = _governorOf[token];
        if (governor == address(0)) revert FactoryNoGovernor(token);
        address implementation = exitImplementation;
        if (implementation == address(0)) revert FactoryInvalidAddress("exitImplementation");
        address paymentToken = IRentDistributor(_DISTRIBUTOR).paymentTokenOf(token);
        exit = Clones.cloneWithImmutableArgs(
            implementation,
            abi.encodePacked(token, governor, paymentToken, _FEES, _DISTRIBUTOR)
        );
        _exitOf[token] = exit;
        emit ExitLaunched(token, exit, governor, paymentToken);
        // Named on the token here, not by its admin: the token takes its exit from a platform factory only.
        IPropertyTokenExit(token).setExit(exit);
    }

    /// @inheritdoc IPropertyTokenFactory
    function setExitImplementation(address exitImplementation_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (exitImplementation_.code.length == 0) revert FactoryInvalidAddress("exitImplementation");
        exitImplementation = exitImplementation_;
        emit ExitImplementationUpdated(exitImplementation_);
    }

    /// @inheritdoc IPropertyTokenFactory
    function exitOf(address token) external view returns (address) {
        return _exitOf[token];
    }

    /// @inheritdoc IPropertyTokenFactory
    function setGovernorImplementation(address governorImplementation_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (governorImplementation_.code.length == 0) revert FactoryInvalidAddress("governorImplementation");
        governorImplementation = governorImplementation_;
        emit GovernorImplementationUpdated(governorImplementation_);
    }

    /// @inheritdoc IPropertyTokenFactory
    function governorOf(address token) external view returns (address) {
        return _governorOf[token];
    }

    /// @inheritdoc IPropertyTokenFactory
    function isToken(address token) external view returns (bool) {
        return _offeringOf[token] != address(0);
    }

    /// @inheritdoc IPropertyTokenFactory
    function offeringOf(address token) external view returns (address) {
        return _offeringOf[token];
    }

    /// @inheritdoc IPropertyTokenFactory
    function isOffering(address offering) external view returns (bool) {
        if (offering.code.length == 0) return false;
        // The offering names its token in its terms (the first word of `terms()`); the record must name it back.
        (bool ok, bytes memory data) = offering.staticcall(abi.encodeCall(IPropertyOffering.terms, ()));
        if (!ok || data.length < 32 * 14) return false;
        address token = abi.decode(data, (address));
        return token != address(0) && _offeringOf[token] == offering;
    }

    /// @notice The platform's identity registry (also the token implementation's).
    /// @return The registry.
    function identityRegistry() external view returns (address) {
        return _REGISTRY;
    }

    /// @notice The platform's rent distributor, wired into every launched token.
    /// @return The distributor.
    function rentDistributor() external view returns (address) {
        return _DISTRIBUTOR;
    }

    /// @notice The platform's settlement contract, wired into every launched token.
    /// @return The settlement contract.
    function settlement() external view returns (address) {
        return _SETTLEMENT;
    }

    /// @notice The platform's fee schedule, read at each launch for the offering's primary fee.
    /// @return The `PlatformFees` contract.
    function platformFees() external view returns (address) {
        return _FEES;
    }

    /// @inheritdoc IPropertyTokenFactory
    function setImplementations(address tokenImpl, address offeringImpl) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setImplementations(tokenImpl, offeringImpl);
    }

    /// @inheritdoc IPropertyTokenFactory
    function setDocumentAgent(address documentAgent_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        documentAgent = documentAgent_;
        emit DocumentAgentUpdated(documentAgent_);
    }

    /// @dev Validates the manager's offering parameters and completes them with the primary fee the schedule gives
    /// `token` now (the platform's, or the token's lower override).
    function _terms(address token, LaunchParams calldata p) private view returns (OfferingTerms memory t) {
        if (p.paymentToken == address(0)) revert IPropertyOfferingErrors.OfferingInvalidTerms("paymentToken");
        if (p.treasury == address(0)) revert IPropertyOfferingErrors.OfferingInvalidTerms("treasury");
        if (p.pricePerUnit == 0) revert IPropertyOfferingErrors.OfferingInvalidTerms("pricePerUnit");
        if (p.softCap == 0 || p.softCap > p.hardCap) revert IPropertyOfferingErrors.OfferingInvalidTerms("caps");
        if (p.maxTicket == 0 || p.minTicket > p.maxTicket || p.minTicket > p.hardCap) {
            revert IPropertyOfferingErrors.OfferingInvalidTerms("tickets");
        }
        if (!(p.startTime < p.endTime && block.timestamp < p.endTime)) {
            revert IPropertyOfferingErrors.OfferingInvalidTerms("times");
        }
        (uint16 feeBps, address feeRecipient) = IPlatformFees(_FEES).feeOf(FeeKind.Primary, token);
        t = OfferingTerms({
            token: token,
            partition: p.partition,
            paymentToken: p.paymentToken,
            pricePerUnit: SafeCast.toUint128(p.pricePerUnit),
            softCap: SafeCast.toUint64(p.softCap),
            hardCap: SafeCast.toUint64(p.hardCap),
            minTicket: SafeCast.toUint64(p.minTicket),
            maxTicket: SafeCast.toUint64(p.maxTicket),
            startTime: SafeCast.toUint40(p.startTime),
            endTime: SafeCast.toUint40(p.endTime),
            treasury: p.treasury,
            feeBps: feeBps,
            feeRecipient: feeRecipient,
            issuer: msg.sender
        });
    }

    function _setImplementations(address tokenImpl, address offeringImpl) private {
        if (tokenImpl.code.length == 0) revert FactoryInvalidAddress("tokenImplementation");
        if (offeringImpl.code.length == 0) revert FactoryInvalidAddress("offeringImplementation");
        tokenImplementation = tokenImpl;
        offeringImplementation = offeringImpl;
        emit ImplementationsUpdated(tokenImpl, offeringImpl);
    }
}
