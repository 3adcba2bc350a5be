import { usePageTitle } from "../../ui/usePageTitle";

export default function PropertyPage() {
  usePageTitle("PropertyPage");
  return <h1>PropertyPage</h1>;
}
