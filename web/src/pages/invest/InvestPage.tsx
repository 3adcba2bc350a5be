import { usePageTitle } from "../../ui/usePageTitle";

export default function InvestPage() {
  usePageTitle("InvestPage");
  return <h1>InvestPage</h1>;
}
