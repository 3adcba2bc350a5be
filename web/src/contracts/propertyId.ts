/**
 * The on-chain id of a registry property (`LaunchParams.propertyId`, indexed in `PropertyLaunched`): the UUID's
 * 16 bytes, left-aligned in a bytes32. Reversible, so an indexer can link an event back to the registry row.
 */
import type { Hex } from "viem";

export function propertyIdToBytes32(uuid: string): Hex {
  const hex = uuid.replace(/-/g, "").toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error(`Not a UUID: ${uuid}`);
  return `0x${hex}${"0".repeat(32)}`;
}

export function bytes32ToPropertyId(value: Hex): string {
  const hex = value.slice(2, 34);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
