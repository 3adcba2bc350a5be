// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title MockPermitStablecoin (test only)
/// @notice A stablecoin deployed apart from the platform with EIP-2612 permit the way USDC has it: an EIP-712
/// domain with its own `version()` (USDC: "2"), `DOMAIN_SEPARATOR()` and `nonces()`, and no EIP-5267
/// `eip712Domain()`. So whoever signs a permit must learn the domain elsewhere (the deployment record).
contract MockPermitStablecoin is ERC20 {
    /// @dev keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)")
    bytes32 private constant PERMIT_TYPEHASH = 0x6e71edae12b1b97f4d1f60370fef10105fa2faae0126114a169c64845d6126c9;
    /// @dev keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
    bytes32 private constant DOMAIN_TYPEHASH = 0x8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f;

    uint8 private immutable _DECIMALS;
    string private _version;

    /// @notice Permits used per owner (EIP-2612).
    mapping(address owner => uint256) public nonces;

    /// @notice The permit's deadline has passed.
    error PermitExpired(uint256 deadline);
    /// @notice The permit was not signed by `owner`.
    error PermitInvalidSigner(address signer, address owner);

    /// @param name_ Token name, also the EIP-712 domain name.
    /// @param symbol_ Token symbol.
    /// @param decimals_ Number of decimals (6 for USDC).
    /// @param version_ EIP-712 domain version ("2" for USDC).
    constructor(
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        string memory version_
    ) ERC20(name_, symbol_) {
        _DECIMALS = decimals_;
        _version = version_;
    }

    /// @notice The decimals chosen at deployment.
    /// @return The number of decimals.
    function decimals() public view override returns (uint8) {
        return _DECIMALS;
    }

    /// @notice The EIP-712 domain version.
    /// @return The version string.
    function version() external view returns (string memory) {
        return _version;
    }

    /// @notice The EIP-712 domain separator permits are signed under (EIP-2612).
    /// @return The separator for this chain and contract.
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() public view returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    DOMAIN_TYPEHASH,
                    keccak256(bytes(name())),
                    keccak256(bytes(_version)),
                    block.chainid,
                    address(this)
                )
            );
    }

    /// @notice Sets `spender`'s allowance over `owner`'s coins from `owner`'s signature (EIP-2612).
    /// @param owner Holder of the coins, who signed.
    /// @param spender Receives the allowance.
    /// @param value Allowance in base units.
    /// @param deadline Last second the signature is valid.
    /// @param v Signature recovery byte.
    /// @param r Signature r.
    /// @param s Signature s.
    function permit(
        address owner,
        address spender,
        uint256 value,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        if (block.timestamp > deadline) revert PermitExpired(deadline);
        uint256 nonce = nonces[owner];
        ++nonces[owner];
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, nonce, deadline));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", DOMAIN_SEPARATOR(), structHash));
        address signer = ECDSA.recover(digest, v, r, s);
        if (signer != owner) revert PermitInvalidSigner(signer, owner);
        _approve(owner, spender, value);
    }

    /// @notice Mints test coins to anyone (test only).
    /// @param to Receiver.
    /// @param amount Amount in base units.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
