// One ESLint configuration for every TypeScript workspace (strict, type-aware where it pays).
// Ignored: everything git ignores (what `npm start`, builds and tests write: ./data with the built web app, ./tmp,
// artifacts, generated code, reports). scripts/local/local.test.ts checks that every folder named in a .gitignore
// is ignored here too, so a new generated folder cannot be linted by accident.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "data/**",
      "tmp/**",
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
);
