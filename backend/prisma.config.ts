/**
 * Prisma CLI configuration: multi-file schema, committed migrations, and the offline JS schema engine driven
 * through the CLI-only adapter. The CLI needs DATABASE_URL only for commands that touch a database;
 * `scripts/new-migration.ts` starts an embedded server and sets it.
 */
import path from "node:path";
import { defineConfig } from "prisma/config";
import { createCliAdapter } from "./prisma/cli-adapter.ts";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => {
    const url = process.env["DATABASE_URL"];
    if (!url) throw new Error("DATABASE_URL is required for Prisma CLI commands that reach a database");
    return createCliAdapter(url);
  },
});
