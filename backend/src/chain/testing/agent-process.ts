/**
 * One compliance-agent pass in its own process, for the crash tests: FAULT=before-broadcast kills the process
 * (SIGKILL, no clean-up) once the signed transactions are stored; FAULT=after-broadcast kills it right after the
 * first transaction is on the wire, before that is recorded.
 */
import { createDb } from "../../db/client.ts";
import { loadChainConfig } from "../config.ts";
import { createComplianceAgent } from "../index.ts";

const die = (): never => {
  process.kill(process.pid, "SIGKILL");
  throw new Error("unreachable");
};
const fault = process.env["FAULT"];
const config = loadChainConfig(process.env)!;
const db = createDb(process.env["DATABASE_URL"]!, 2);
const agent = createComplianceAgent({
  db,
  config,
  registry: process.env["REGISTRY"] as `0x${string}`,
  faults: fault === "before-broadcast" ? { beforeBroadcast: die } : undefined,
  senderFaults: fault === "after-broadcast" ? { afterBroadcast: die } : undefined,
});
await agent.tick();
await db.$disconnect();
