/**
 * The packages the API needs at run time, read from the code: every module reachable from the entry point
 * (`src/main.ts`) by static imports, re-exports and `import()`, parsed with the TypeScript compiler (type-only
 * imports are erased and skipped). Files listed as development-only (the embedded PostgreSQL) are a boundary:
 * reaching one through `import()` is allowed (the branch runs only outside production) and it is not followed;
 * importing one statically is reported, since a lean install could not even start. Used by
 * test/production-deps.test.ts and `npm run size:production`.
 */
import { existsSync, readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import path from "node:path";
import ts from "typescript";

export interface RuntimeImports {
  /** Every module followed, relative to the backend folder. */
  files: string[];
  /** Package name -> the first module (relative) that imports it. */
  packages: Map<string, string>;
  /** Development-only modules imported statically (`importer -> module`). */
  staticDevOnly: string[];
}

interface Edge {
  specifier: string;
  dynamic: boolean;
}

/** `@scope/name/sub` -> `@scope/name`; `name/sub` -> `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

function typeOnly(clause: ts.ImportClause | undefined): boolean {
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    !clause.name &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((e) => e.isTypeOnly)
  );
}

function edges(file: string): Edge[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: Edge[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && !typeOnly(node.importClause)) {
      found.push({ specifier: node.moduleSpecifier.text, dynamic: false });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      !node.isTypeOnly
    ) {
      found.push({ specifier: node.moduleSpecifier.text, dynamic: false });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (!argument || !ts.isStringLiteralLike(argument))
        throw new Error(`${file}: import() of a computed specifier cannot be checked`);
      found.push({ specifier: argument.text, dynamic: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function resolveRelative(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, base.replace(/\.js$/, ".ts"), `${base}.ts`, path.join(base, "index.ts")]) {
    if (existsSync(candidate) && candidate.endsWith(".ts")) return candidate;
  }
  throw new Error(`${from}: cannot resolve ${specifier}`);
}

export function runtimeImports(root: string, entry: string, devOnly: readonly string[]): RuntimeImports {
  const rel = (file: string): string => path.relative(root, file);
  const boundary = new Set(devOnly.map((f) => path.resolve(root, f)));
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const staticDevOnly: string[] = [];
  const queue = [path.resolve(root, entry)];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const { specifier, dynamic } of edges(file)) {
      if (specifier.startsWith(".")) {
        const target = resolveRelative(file, specifier);
        if (boundary.has(target)) {
          if (!dynamic) staticDevOnly.push(`${rel(file)} -> ${rel(target)}`);
          continue;
        }
        queue.push(target);
      } else if (!isBuiltin(specifier)) {
        const name = packageName(specifier);
        if (!packages.has(name)) packages.set(name, rel(file));
      }
    }
  }
  return { files: [...seen].map(rel).sort(), packages, staticDevOnly };
}
