/**
 * Secrets of the local stack, generated once into the data folder (gitignored, mode 0600) and reused by every
 * later start: the KYC encryption key (a new one would make stored identity data unreadable) and the embedded
 * PostgreSQL password (set when the cluster is created). They are never printed. Production takes its secrets
 * from the environment instead (docs/PRODUCTION.md).
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface LocalSecrets {
  /** `KYC_ENCRYPTION_KEYS` entry: `local:<base64 of 32 bytes>`. */
  kycEncryptionKeys: string;
  postgresPassword: string;
}

function isSecrets(value: unknown): value is LocalSecrets {
  const v = value as Partial<LocalSecrets> | null;
  return (
    typeof v?.kycEncryptionKeys === "string" &&
    /^local:[A-Za-z0-9+/]{43}=$/.test(v.kycEncryptionKeys) &&
    typeof v.postgresPassword === "string" &&
    v.postgresPassword.length >= 16
  );
}

export function loadOrCreateSecrets(file: string): { secrets: LocalSecrets; created: boolean } {
  if (existsSync(file)) {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (!isSecrets(parsed))
      throw new Error(
        `${file} is not a valid secrets file; remove it together with the data it protects (npm start -- --reset)`,
      );
    return { secrets: parsed, created: false };
  }
  const secrets: LocalSecrets = {
    kycEncryptionKeys: `local:${randomBytes(32).toString("base64")}`,
    postgresPassword: randomBytes(24).toString("base64url"),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  return { secrets, created: true };
}
