/**
 * Is the code at an address the compiled contract? Compares the runtime bytecode on chain with the artifact's,
 * masking the immutable variables (their values are set at construction, so they differ per deployment).
 */

export interface CompiledContract {
  contractName: string;
  abi: readonly unknown[];
  bytecode: string;
  deployedBytecode: string;
  immutableReferences?: Record<string, readonly { start: number; length: number }[]>;
}

/** Reads compiled contracts by name (Hardhat's `artifacts` fits). */
export interface ArtifactSource {
  readArtifact(name: string): Promise<CompiledContract>;
}

function strip(hex: string): string {
  return (hex.startsWith("0x") ? hex.slice(2) : hex).toLowerCase();
}

/** Runtime code with every immutable reference zeroed, as lowercase hex without `0x`. */
export function maskImmutables(code: string, immutableReferences: CompiledContract["immutableReferences"]): string {
  const bytes = strip(code).split("");
  for (const refs of Object.values(immutableReferences ?? {})) {
    for (const { start, length } of refs) {
      for (let i = start * 2; i < (start + length) * 2 && i < bytes.length; i++) bytes[i] = "0";
    }
  }
  return bytes.join("");
}

export type CodeCheck = "match" | "empty" | "different";

/** Compares the code deployed at an address with a compiled contract's runtime code. */
export function compareCode(onChain: string, artifact: CompiledContract): CodeCheck {
  if (strip(onChain).length === 0) return "empty";
  const expected = maskImmutables(artifact.deployedBytecode, artifact.immutableReferences);
  const actual = maskImmutables(onChain, artifact.immutableReferences);
  return expected === actual ? "match" : "different";
}
