import { usePageTitle } from "../../ui/usePageTitle";

export default function KycPage() {
  usePageTitle("KycPage");
  return <h1>KycPage</h1>;
}
