/**
 * The marketplace's initial JavaScript, from a production build's Vite manifest: the entry chunk, the marketplace
 * page's chunk (the router loads it at once on `/`) and every chunk either imports statically, each gzipped at
 * level 9 as a CDN serves it. Budget (issue 15): 200 KB. Checked by the every-page walk on the e2e build.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { abis } from "../src/contracts/abi";

export const MARKETPLACE_BUDGET_GZIP_BYTES = 200 * 1024;
const MARKETPLACE_PAGE = "src/pages/marketplace/MarketplacePage.tsx";

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

export interface InitialJs {
  files: { file: string; bytes: number; gzipBytes: number }[];
  gzipBytes: number;
}

export function marketplaceInitialJs(outDir: string): InitialJs {
  const manifest = JSON.parse(readFileSync(join(outDir, ".vite", "manifest.json"), "utf8")) as Record<
    string,
    ManifestChunk
  >;
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (!entry || !manifest[MARKETPLACE_PAGE])
    throw new Error(`the build's manifest has no entry or no ${MARKETPLACE_PAGE} chunk (build with manifest: true)`);
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const imported of manifest[key]!.imports ?? []) visit(imported);
  };
  visit(entry);
  visit(MARKETPLACE_PAGE);
  const files = [...seen]
    .map((key) => manifest[key]!.file)
    .filter((file) => file.endsWith(".js"))
    .sort()
    .map((file) => {
      const raw = readFileSync(join(outDir, file));
      return { file, bytes: raw.length, gzipBytes: gzipSync(raw, { level: 9 }).length };
    });
  return { files, gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0) };
}

/**
 * The custom errors of the platform's contracts (web/src/contracts/abi.ts) that stand as ABI entries
 * (`name:"X",type:"error"`, any quotes) in `files` of the build in `outDir`: which chunks carry the contracts' ABIs.
 */
export function platformAbiErrorsIn(outDir: string, files: string[]): string[] {
  const text = files.map((file) => readFileSync(join(outDir, file), "utf8")).join("\n");
  const names = new Set(
    Object.values(abis).flatMap((abi) => abi.flatMap((item) => (item.type === "error" ? [item.name] : []))),
  );
  return [...names].filter((name) => new RegExp(`name:[\`"']${name}[\`"'],type:[\`"']error[\`"']`).test(text)).sort();
}
