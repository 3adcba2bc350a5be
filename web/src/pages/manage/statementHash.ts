/**
 * The statement hash a rent deposit pays out (issue 16): the SHA-256 of the closed period's statement, as the
 * platform shows document hashes (64 hex digits, a leading 0x accepted), turned into the bytes32 the distributor
 * takes. Zero names no statement and is refused here as on chain.
 */
import type { Hex } from "viem";

export type StatementHashInput = { ok: true; value: Hex } | { ok: false; error: string };

export function parseStatementHash(input: string): StatementHashInput {
  const text = input.trim().toLowerCase().replace(/^0x/, "");
  if (text === "") return { ok: false, error: "Enter the SHA-256 of the period statement this rent pays out." };
  if (!/^[0-9a-f]{64}$/.test(text)) {
    return { ok: false, error: "A SHA-256 is 64 hexadecimal characters (0-9, a-f)." };
  }
  if (/^0+$/.test(text)) return { ok: false, error: "An all-zero hash names no statement." };
  return { ok: true, value: `0x${text}` };
}
