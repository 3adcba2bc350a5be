import { usePageTitle } from "../../ui/usePageTitle";

export default function AdminPage() {
  usePageTitle("AdminPage");
  return <h1>AdminPage</h1>;
}
