import { Link } from "react-router";
import { usePageTitle } from "../ui/usePageTitle";

export default function NotFoundPage() {
  usePageTitle("Page not found");
  return (
    <div className="empty panel">
      <h1>Page not found</h1>
      <p>The address may be mistyped, or the page has moved.</p>
      <Link className="btn btn--primary" to="/">
        Browse properties
      </Link>
    </div>
  );
}
