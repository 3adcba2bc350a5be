/**
 * `npm run codegen`: builds the generated code a fresh clone lacks (contract ABIs, the Prisma client),
 * only where its sources changed, as `npm start` does. The benchmarks run it first: they import that code.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prepareGeneratedCode } from "./prepare.js";

await prepareGeneratedCode(
  (line) => console.log(`[prepare] ${line}`),
  mkdtempSync(join(tmpdir(), "freehold-prepare-")),
  true,
);
