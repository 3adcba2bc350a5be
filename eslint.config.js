// One ESLint configuration for every TypeScript workspace (strict, type-aware where it pays).
// Ignored: everything git ignores (what `npm start`, builds and tests write: ./data with the built web app, ./tmp,
// artifacts, generated code, reports). scripts/local/local.test.ts checks that every folder named in a .gitignore
// is ignored here too, so a new generated folder cannot be linted by accident.
import { readFileSync } from "node:fs";
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier/flat";

// Each workspace is a package: another workspace's files are imported by its package name (`@freehold/dev-kit/chain`,
// `@freehold/deployments/node`, `@freehold/backend/testing`), never by a relative path into its folder. A relative
// import leaves a workspace's folder when it climbs more `../` than the file lies deep in it; from the root
// workspace (contracts, scripts, test) it enters another workspace when it climbs to the root and goes into a
// workspace's folder. One `no-restricted-imports` entry per workspace and depth says exactly that; the entries of
// nested workspaces come after the root's, so theirs win for their files. Covers imports, `import type` and
// `export … from`; not `import()` expressions. Tested in packages/dev-kit/test/workspace-imports.test.ts.
const WORKSPACES = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")).workspaces;
const MAX_DEPTH = 12;
const SOURCES = "{ts,tsx,mts,cts,js,mjs}";
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const ups = (count) => (count === 0 ? "\\./" : `(?:\\./)?(?:\\.\\./){${count}}`);
const restrict = (files, regex) => ({
  files: [files],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            regex,
            message:
              "Import another workspace by its package name (@freehold/<workspace>/<export>), not by a relative path " +
              "into its files (docs/ARCHITECTURE.md, packages/dev-kit/README.md).",
          },
        ],
      },
    ],
  },
});
const depths = Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => depth);
const workspaceFolders = `(?:${WORKSPACES.map(escape).join("|")})(?:/|$)`;
const workspaceBoundaries = [
  ...depths.map((depth) =>
    restrict(`${"*/".repeat(depth)}*.${SOURCES}`, `^(?:${ups(depth)}${workspaceFolders}|${ups(depth + 1)})`),
  ),
  ...WORKSPACES.flatMap((workspace) =>
    depths.map((depth) => restrict(`${workspace}/${"*/".repeat(depth)}*.${SOURCES}`, `^${ups(depth + 1)}`)),
  ),
];

// Query keys (issue 15, web/src/api/queryKeys.ts): every TanStack Query key is built by a factory in that one module,
// so a query and the mutation that invalidates it cannot drift apart. Refuses an array literal (also `as const`) as a
// `queryKey` property or as the key argument of get/setQueryData anywhere else in web/src. A plugin rule of its own,
// so it adds to the "Web money and state" no-restricted-syntax block instead of replacing it. Tested in
// web/src/api/queryKeys.test.ts.
const isArrayLiteral = (node) =>
  node?.type === "ArrayExpression" ||
  ((node?.type === "TSAsExpression" || node?.type === "TSSatisfiesExpression") && isArrayLiteral(node.expression));
const queryKeyFactory = {
  meta: {
    type: "problem",
    schema: [],
    messages: {
      literal: "Build query keys with a factory from web/src/api/queryKeys.ts, not an array literal at the call site.",
    },
  },
  create: (context) => ({
    Property(node) {
      const name = node.key.type === "Identifier" ? node.key.name : node.key.value;
      if (!node.computed && name === "queryKey" && isArrayLiteral(node.value))
        context.report({ node: node.value, messageId: "literal" });
    },
    CallExpression(node) {
      const callee = node.callee;
      if (
        callee.type === "MemberExpression" &&
        /^(get|set)QueryData$/.test(callee.property.name ?? "") &&
        isArrayLiteral(node.arguments[0])
      )
        context.report({ node: node.arguments[0], messageId: "literal" });
    },
  }),
};

// Tables at phone width (issue 15, web/src/ui/Table.tsx): every data table is the shared <Table>, whose cells
// (<Cell label>) carry their column's name, so at phone width it becomes stacked cards instead of scrolling
// sideways. Refuses a bare <table> or <td> in web/src outside that component. Tested in web/src/ui/Table.test.tsx.
const responsiveTable = {
  meta: {
    type: "problem",
    schema: [],
    messages: {
      bare: "Use <Table> and <Cell label> from web/src/ui/Table, not a bare <{{tag}}>: it stacks into cards on a phone.",
    },
  },
  create: (context) => ({
    JSXOpeningElement(node) {
      if (node.name.type === "JSXIdentifier" && (node.name.name === "table" || node.name.name === "td"))
        context.report({ node, messageId: "bare", data: { tag: node.name.name } });
    },
  }),
};
const freeholdPlugin = { rules: { "query-key-factory": queryKeyFactory, "responsive-table": responsiveTable } };

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "data/**",
      "tmp/**",
      "backups/**",
      "backend/.data/**",
      "backend/storage/**",
      "subgraph/data/**",
      "artifacts/**",
      "cache/**",
      "types/**",
      "coverage/**",
      "**/dist/**",
      "deployments/generated/**",
      "subgraph/generated/**",
      "subgraph/build/**",
      "subgraph/src/**",
      "subgraph/test-host/fixture/src/**",
      "subgraph/test-host/fixture/generated/**",
      "subgraph/test-host/fixture/build/**",
      "subgraph/.mutants/**",
      "backend/src/generated/**",
      "web/test-results/**",
      "web/playwright-report/**",
      "**/*.cjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: { console: "readonly", process: "readonly", URL: "readonly", setTimeout: "readonly" },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  // Backend layers (issue 14; backend/test/layering.test.ts): a route translates HTTP to a service call and holds no
  // query; services (everything outside http/, openapi/, the route files and the composition roots) know nothing of
  // HTTP. The typescript-eslint variant of no-restricted-imports, so a workspace-wide no-restricted-imports block
  // cannot silently replace this one.
  {
    files: ["backend/src/*/routes.ts"],
    ignores: ["backend/src/http/routes.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)db/|(^|/)generated/prisma/(?!enums\\.ts$)|^@prisma/",
              message: "Routes call services; queries live with the domain's service (see docs/ARCHITECTURE.md).",
            },
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "MemberExpression[object.type='MemberExpression'][object.object.name='deps'][object.property.name=/^(db|pool)$/]",
          message: "Routes hold no query: move it to the domain's service.",
        },
        {
          selector: "MemberExpression[object.name='tx']",
          message: "Routes hold no query: pass tx to the domain's service.",
        },
      ],
    },
  },
  {
    files: ["backend/src/**/*.ts"],
    ignores: [
      "backend/src/http/**",
      "backend/src/openapi/**",
      "backend/src/*/routes.ts",
      "backend/src/server.ts",
      "backend/src/main.ts",
      "backend/src/**/*.test.ts",
    ],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)http/",
              message:
                "Services know nothing of HTTP: throw core/errors.ts refusals, use core/ for cursors, shared schemas and the uploaded file.",
            },
          ],
        },
      ],
    },
  },
  // Web money and state (issue 15, web/README.md "Formatting"): every amount, date and percentage the web app shows
  // goes through web/src/format (one Intl helper per kind, each amount with its currency or token), every address
  // through the <Address> component, and the payment token is never named in code (it comes from the deployment
  // record). Tested in web/src/format/lint-guard.test.ts. no-restricted-syntax, so the import boundaries above stay.
  {
    files: ["web/src/**/*.{ts,tsx}"],
    ignores: ["web/src/format/**", "web/src/**/*.test.{ts,tsx}"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.property.name=/^(toFixed|toPrecision|toLocaleString|toLocaleDateString|toLocaleTimeString)$/]",
          message:
            "Format numbers and dates with web/src/format (formatMoney, formatFiat, formatDate…): one locale, a unit on every amount.",
        },
        {
          selector:
            "NewExpression[callee.object.name='Intl'][callee.property.name=/^(NumberFormat|DateTimeFormat|RelativeTimeFormat|PluralRules)$/]",
          message: "Intl formatters live in web/src/format only: add a helper there.",
        },
        {
          selector:
            "ImportDeclaration[source.value='viem'] > ImportSpecifier[imported.name=/^(formatUnits|formatEther|formatGwei)$/]",
          message: "viem's formatUnits gives a bare number: use formatMoney(amount, coin) from web/src/format/amounts.",
        },
        {
          selector:
            ":matches(Literal[value=/\\b(USDC|USDT|tUSD)\\b/], TemplateElement[value.raw=/\\b(USDC|USDT|tUSD)\\b/], JSXText[value=/\\b(USDC|USDT|tUSD)\\b/])",
          message:
            "The payment token is the deployment record's (usePlatformCoin, useOfferingCoin, useStablecoin): never a hard-coded symbol.",
        },
        {
          selector: "ImportSpecifier[imported.name='shortAddress']",
          message:
            "Show addresses with <Address value={…} /> from web/src/ui/Address (copy, explorer link, known names).",
        },
      ],
    },
  },
  {
    files: ["web/src/**/*.{ts,tsx}"],
    ignores: ["web/src/api/queryKeys.ts"],
    plugins: { freehold: freeholdPlugin },
    rules: { "freehold/query-key-factory": "error" },
  },
  {
    files: ["web/src/**/*.tsx"],
    ignores: ["web/src/ui/Table.tsx"],
    plugins: { freehold: freeholdPlugin },
    rules: { "freehold/responsive-table": "error" },
  },
  ...workspaceBoundaries,
  // Last: turns off every rule that only concerns layout, so ESLint never fights Prettier (`npm run format`).
  prettier,
);
