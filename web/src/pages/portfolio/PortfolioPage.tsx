import { usePageTitle } from "../../ui/usePageTitle";

export default function PortfolioPage() {
  usePageTitle("PortfolioPage");
  return <h1>PortfolioPage</h1>;
}
