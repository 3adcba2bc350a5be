import { usePageTitle } from "../../ui/usePageTitle";

export default function ManagePage() {
  usePageTitle("ManagePage");
  return <h1>ManagePage</h1>;
}
