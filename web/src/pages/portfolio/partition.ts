import { hexToString } from "viem";

export const ORDINARY_PARTITION = `0x${"0".repeat(64)}` as const;

/** A token class's name: the bytes32 partition as text ("Ordinary units" for the default one). */
export function partitionName(partition: string): string {
  if (partition === ORDINARY_PARTITION) return "Ordinary units";
  try {
    return hexToString(partition as `0x${string}`, { size: 32 }).replace(/\0+$/, "") || partition.slice(0, 10);
  } catch {
    return partition.slice(0, 10);
  }
}
