import { isRouteErrorResponse, Link, useRouteError } from "react-router";

/** Shown when a page fails to load (for instance a new deployment replaced its chunk). */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
  return (
    <main className="app-main">
      <div className="panel stack" role="alert">
        <h1>This page could not be shown</h1>
        <p>
          Reload the page to try again. Nothing you signed is affected: transactions live on chain, not in this page.
        </p>
        <details className="technical">
          <summary>Technical details</summary>
          <code>{message}</code>
        </details>
        <p>
          <Link to="/">Back to the marketplace</Link>
        </p>
      </div>
    </main>
  );
}
