// One ESLint configuration for every TypeScript workspace (strict, type-aware where it pays).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
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
