import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { ConfigError, parseConfig } from "./config/config";
import "./styles/global.css";

const root = createRoot(document.getElementById("root")!);

try {
  const config = parseConfig(import.meta.env);
  root.render(
    <StrictMode>
      <App config={config} />
    </StrictMode>,
  );
} catch (error) {
  const problems = error instanceof ConfigError ? error.problems : [String(error)];
  root.render(
    <main className="app-main">
      <div className="alert alert--bad" role="alert">
        <div>
          <h1 className="alert__title">Freehold is misconfigured</h1>
          <p>This build cannot start. An operator must fix its environment:</p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      </div>
    </main>,
  );
}
