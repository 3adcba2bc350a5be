/**
 * Signed checkpoints of the audit trail's head, kept outside the database. The hash chain shows an edited or
 * removed entry in the middle, but whoever can delete rows can also delete the last ones (or rewrite the whole
 * tail and recompute its hashes) and the chain still verifies. A checkpoint file states "entry <seq> has hash
 * <h>", signed with an Ed25519 key from the configuration; the database cannot rewrite it. Verification then
 * reports the tail `truncated` (the anchored entry is gone) or `rewritten` (it is there with another hash).
 *
 * One file per checkpoint, `audit-<seq>.json`, written to a temporary name and renamed (atomic), so several
 * instances may run the job at once: they write the same content. Entries after the latest checkpoint are
 * only as safe as the database until the next one (AUDIT_CHECKPOINT_INTERVAL_SECONDS).
 */
import { createPrivateKey, createPublicKey, randomUUID, sign, verify, type KeyObject } from "node:crypto";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import type { Config } from "../config/index.ts";
import type { Db, Tx } from "../db/client.ts";
import { startPeriodicJob, type PeriodicJob } from "../jobs/periodic.ts";
import { canonicalJson } from "./chain.ts";

/** What a checkpoint states, and the signature over its canonical JSON. */
export interface AuditCheckpoint {
  version: 1;
  /** The anchored entry: the head of the chain when the checkpoint was taken. */
  seq: number;
  headHash: string;
  /** Entries in the chain up to and including `seq`. */
  entries: number;
  signedAt: string;
  keyId: string;
  /** Base64 Ed25519 signature over the canonical JSON of the fields above. */
  signature: string;
}

export interface CheckpointKey {
  id: string;
  /** 32-byte Ed25519 seed. */
  seed: Buffer;
}

// PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

function privateKey(seed: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
}

const FILE = /^audit-(\d{12})\.json$/;
const fileName = (seq: number) => `audit-${String(seq).padStart(12, "0")}.json`;

function signedPart(c: Omit<AuditCheckpoint, "signature">): string {
  return canonicalJson({
    version: c.version,
    seq: c.seq,
    headHash: c.headHash,
    entries: c.entries,
    signedAt: c.signedAt,
    keyId: c.keyId,
  });
}

export type LatestCheckpoint =
  | { state: "none" }
  | { state: "valid"; checkpoint: AuditCheckpoint }
  /** The newest file does not carry a valid signature of a configured key: someone wrote or altered it. */
  | { state: "invalid"; file: string; reason: string };

export class CheckpointStore {
  private readonly signer: { id: string; key: KeyObject };
  private readonly verifiers: Map<string, KeyObject>;

  /** `keys`: the first signs, all of them verify (rotation). */
  constructor(
    readonly dir: string,
    keys: CheckpointKey[],
  ) {
    const first = keys[0];
    if (!first) throw new Error("a checkpoint store needs at least one key");
    this.signer = { id: first.id, key: privateKey(first.seed) };
    this.verifiers = new Map(keys.map((k) => [k.id, createPublicKey(privateKey(k.seed))]));
  }

  /** The public key that verifies new checkpoints (SPKI PEM), for whoever audits the files independently. */
  publicKeyPem(): string {
    return this.verifiers.get(this.signer.id)!.export({ type: "spki", format: "pem" }).toString();
  }

  sign(head: { seq: number; headHash: string; entries: number }, at = new Date()): AuditCheckpoint {
    const unsigned = { version: 1 as const, ...head, signedAt: at.toISOString(), keyId: this.signer.id };
    return {
      ...unsigned,
      signature: sign(null, Buffer.from(signedPart(unsigned)), this.signer.key).toString("base64"),
    };
  }

  check(value: unknown): string | undefined {
    const c = value as Partial<AuditCheckpoint> | null;
    if (
      !c ||
      c.version !== 1 ||
      !Number.isSafeInteger(c.seq) ||
      typeof c.headHash !== "string" ||
      !Number.isSafeInteger(c.entries)
    )
      return "malformed";
    if (typeof c.signedAt !== "string" || typeof c.keyId !== "string" || typeof c.signature !== "string")
      return "malformed";
    const key = this.verifiers.get(c.keyId);
    if (!key) return `unknown key ${c.keyId}`;
    const ok = verify(null, Buffer.from(signedPart(c as AuditCheckpoint)), key, Buffer.from(c.signature, "base64"));
    return ok ? undefined : "bad signature";
  }

  async write(checkpoint: AuditCheckpoint): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const target = path.join(this.dir, fileName(checkpoint.seq));
    const temporary = `${target}.${randomUUID()}.tmp`;
    await writeFile(temporary, `${JSON.stringify(checkpoint, null, 2)}\n`, { flag: "wx" });
    await rename(temporary, target);
    return target;
  }

  /** The checkpoint with the highest sequence number; a forged or altered newest file is reported, not skipped. */
  async latest(): Promise<LatestCheckpoint> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { state: "none" };
      throw error;
    }
    const newest = names
      .filter((n) => FILE.test(n))
      .sort()
      .at(-1);
    if (!newest) return { state: "none" };
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(path.join(this.dir, newest), "utf8"));
    } catch {
      return { state: "invalid", file: newest, reason: "not JSON" };
    }
    const problem = this.check(parsed);
    if (problem) return { state: "invalid", file: newest, reason: problem };
    const checkpoint = parsed as AuditCheckpoint;
    if (fileName(checkpoint.seq) !== newest)
      return { state: "invalid", file: newest, reason: "file name and content disagree" };
    return { state: "valid", checkpoint };
  }
}

/** The store the configuration names, or undefined when checkpoints are not configured (allowed outside production). */
export function checkpointStore(config: Pick<Config, "auditCheckpoint">): CheckpointStore | undefined {
  return config.auditCheckpoint
    ? new CheckpointStore(config.auditCheckpoint.dir, config.auditCheckpoint.keys)
    : undefined;
}

/** The current head of the chain, or undefined when the trail is empty. */
export async function auditHead(db: Db | Tx): Promise<{ seq: number; headHash: string; entries: number } | undefined> {
  const last = await db.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  if (!last) return undefined;
  const entries = await db.auditEntry.count({ where: { seq: { lte: last.seq } } });
  return { seq: last.seq, headHash: last.hash, entries };
}

/** Writes a checkpoint of the current head if it moved since the latest one; returns it (or undefined). */
export async function takeCheckpoint(db: Db, store: CheckpointStore): Promise<AuditCheckpoint | undefined> {
  const head = await auditHead(db);
  if (!head) return undefined;
  const latest = await store.latest();
  if (latest.state === "valid" && latest.checkpoint.seq >= head.seq) return undefined;
  const checkpoint = store.sign(head);
  await store.write(checkpoint);
  return checkpoint;
}

export type CheckpointJob = PeriodicJob<AuditCheckpoint | undefined>;

/** Runs `takeCheckpoint` at start, every `intervalMs` and at stop; runs never overlap; failures are logged. */
export function startAuditCheckpointJob(options: {
  db: Db;
  store: CheckpointStore;
  logger: Pick<Logger, "info" | "error">;
  intervalMs: number;
}): CheckpointJob {
  const { db, store, logger } = options;
  const checkpoint = async (): Promise<AuditCheckpoint | undefined> => {
    const written = await takeCheckpoint(db, store);
    if (written) logger.info({ seq: written.seq, headHash: written.headHash }, "audit checkpoint written");
    return written;
  };
  // A clean shutdown anchors the last head it saw.
  return startPeriodicJob(checkpoint, {
    intervalMs: options.intervalMs,
    fallback: undefined,
    atStart: true,
    atStop: true,
    onError: (error) => logger.error({ err: error }, "audit checkpoint failed"),
  });
}
