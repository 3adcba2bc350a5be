import { usePageTitle } from "../../ui/usePageTitle";

export default function MarketPage() {
  usePageTitle("MarketPage");
  return <h1>MarketPage</h1>;
}
