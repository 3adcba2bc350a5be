/** AccessControl roles by name: `DEFAULT_ADMIN_ROLE` is zero, every other role is keccak256 of its name. */
import { ZeroHash, id } from "ethers";
import { OperatorError } from "./errors.js";

export const DEFAULT_ADMIN_ROLE = "DEFAULT_ADMIN_ROLE";

export function roleId(name: string): string {
  return name === DEFAULT_ADMIN_ROLE ? ZeroHash : id(name);
}

interface AbiFragment {
  type?: string;
  name?: string;
  inputs?: readonly unknown[];
}

/** The roles a contract declares: its constant getters named `*_ROLE` (from the ABI). */
export function rolesOf(abi: readonly unknown[]): string[] {
  return (abi as readonly AbiFragment[])
    .filter((f) => f.type === "function" && f.name?.endsWith("_ROLE") && (f.inputs?.length ?? 0) === 0)
    .map((f) => f.name!)
    .sort();
}

/** Checks that `role` is one the contract declares; the error lists the ones it does. */
export function assertRole(contractName: string, abi: readonly unknown[], role: string): void {
  const roles = rolesOf(abi);
  if (!roles.includes(role)) {
    throw new OperatorError(`${contractName} has no role ${role}; its roles are: ${roles.join(", ") || "(none)"}`);
  }
}
