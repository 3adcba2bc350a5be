// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title MockDaiStylePermitStablecoin (test only)
/// @notice A stablecoin whose `permit` is DAI's, not EIP-2612's: it has `DOMAIN_SEPARATOR()`, `nonces()` and
/// `version()` like an EIP-2612 token, but `permit(holder, spender, nonce, expiry, allowed, v, r, s)`. An
/// EIP-2612 permit signed for it moves nothing, so the deploy must record it as having no permit.
contract MockDaiStylePermitStablecoin is ERC20 {
    /// @dev keccak256("Permit(address holder,address spender,uint256 nonce,uint256 expiry,bool allowed)")
    bytes32 private constant PERMIT_TYPEHASH = 0xea2aa0a1be11a07ed86d755c93467f4f82362b452371d1ba94d1715123511acb;
    /// @dev keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
    bytes32 private constant DOMAIN_TYPEHASH = 0x8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f;

    /// @notice Permits used per holder.
    mapping(address holder => uint256) public nonces;

    /// @notice The permit is not valid (wrong signer, nonce or expiry).
    error PermitInvalid();

    /// @param name_ Token name, also the EIP-712 domain name.
    /// @param symbol_ Token symbol.
    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) {}

    /// @notice Six decimals (DAI itself has 18, which the platform refuses for other reasons).
    /// @return The number of decimals.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice The EIP-712 domain version.
    /// @return "1".
    function version() external pure returns (string memory) {
        return "1";
    }

    /// @notice The EIP-712 domain separator.
    /// @return The separator for this chain and contract.
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() public view returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    DOMAIN_TYPEHASH,
                    keccak256(bytes(name())),
                    keccak256(bytes("1")),
                    block.chainid,
                    address(this)
                )
            );
    }

    /// @notice DAI's permit: allows `spender` everything (`allowed`) or nothing, from `holder`'s signature.
    /// @param holder Signer and owner of the coins.
    /// @param spender Receives the allowance.
    /// @param nonce The holder's current nonce.
    /// @param expiry Last second the signature is valid (0: never expires).
    /// @param allowed Unlimited allowance, or none.
    /// @param v Signature recovery byte.
    /// @param r Signature r.
    /// @param s Signature s.
    function permit(
        address holder,
        address spender,
        uint256 nonce,
        uint256 expiry,
        bool allowed,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        bytes32 digest = keccak256(
            abi.encodePacked(
                "\x19\x01",
                DOMAIN_SEPARATOR(),
                keccak256(abi.encode(PERMIT_TYPEHASH, holder, spender, nonce, expiry, allowed))
            )
        );
        // solhint-disable-next-line gas-strict-inequalities
        if (
            ECDSA.recover(digest, v, r, s) != holder
            || nonce != nonces[holder]
            || (expiry != 0 && block.timestamp > expiry)
        ) {
            revert PermitInvalid();
        }
        ++nonces[holder];
        _approve(holder, spender, allowed ? type(uint256).max : 0);
    }

    /// @notice Mints test coins to anyone (test only).
    /// @param to Receiver.
    /// @param amount Amount in base units.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
