/**
 * Where the backend's signing key comes from (the one account that is both the compliance agent and the document
 * agent: one signer, one nonce sequence, src/chain/sender.ts). Exactly one source, validated at start:
 *  - `keystore`: an encrypted JSON keystore (Ethereum keystore v3, scrypt or pbkdf2), decrypted at start by ethers
 *    with a password from COMPLIANCE_AGENT_KEYSTORE_PASSWORD or a file (COMPLIANCE_AGENT_KEYSTORE_PASSWORD_FILE);
 *  - `external`: a JSON-RPC signer holding the key (web3signer, Clef) that signs with `eth_signTransaction`; the
 *    key never enters this process;
 *  - `plain`: COMPLIANCE_AGENT_KEY, a raw private key: local development only, refused in production unless
 *    ALLOW_PLAIN_AGENT_KEY=true says so explicitly.
 */
import { readFileSync } from "node:fs";
import { decryptKeystoreJsonSync } from "ethers";
import { getAddress, type Hex, type LocalAccount } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { externalSignerAccount } from "./external.ts";

export type KeySource =
  | { kind: "plain"; key: Hex }
  | { kind: "keystore"; file: string; password: string }
  | { kind: "external"; url: string; address: `0x${string}` };

export class KeySourceError extends Error {
  override name = "KeySourceError";
}

/** The `address` a keystore v3 file declares (unencrypted); no password needed. */
export function keystoreAddress(file: string): `0x${string}` {
  const json = JSON.parse(readFileSync(file, "utf8")) as { address?: unknown };
  if (typeof json.address !== "string") throw new KeySourceError(`${file}: not a keystore v3 file (no address)`);
  return getAddress(json.address.startsWith("0x") ? json.address : `0x${json.address}`);
}

/** The account the sender signs with. A keystore is decrypted here (once, at start); a wrong password says so. */
/** `label` names the signer in errors ("agent", "relayer"). */
export function loadAgentAccount(source: KeySource, label = "agent"): LocalAccount {
  switch (source.kind) {
    case "plain":
      return privateKeyToAccount(source.key);
    case "keystore": {
      let json: string;
      try {
        json = readFileSync(source.file, "utf8");
      } catch (error) {
        throw new KeySourceError(`cannot read the ${label} keystore ${source.file}: ${(error as Error).message}`);
      }
      let privateKey: string;
      try {
        privateKey = decryptKeystoreJsonSync(json, source.password).privateKey;
      } catch (error) {
        throw new KeySourceError(
          `cannot decrypt the ${label} keystore ${source.file} (wrong password or not a keystore v3 file): ${(error as Error).message.split(" (")[0]}`,
        );
      }
      return privateKeyToAccount(privateKey as Hex);
    }
    case "external":
      return externalSignerAccount(source.url, source.address);
  }
}
