import { Route, Routes } from "react-router";
import { usePageTitle } from "../../ui/usePageTitle";
import { RequireSignIn } from "../../wallet/RequireSignIn";
import { ManagedProperty } from "./ManagedProperty";
import { MyProperties } from "./MyProperties";
import { NewProperty } from "./NewProperty";
import "./manage.css";

export default function ManagePage() {
  usePageTitle("Manage properties");
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <div className="eyebrow">Property managers</div>
          <h1>Manage properties</h1>
        </div>
      </div>
      <RequireSignIn roles={["PROPERTY_MANAGER", "ADMIN"]} purpose="manage properties">
        <Routes>
          <Route index element={<MyProperties />} />
          <Route path="new" element={<NewProperty />} />
          <Route path="properties/:id" element={<ManagedProperty />} />
        </Routes>
      </RequireSignIn>
    </div>
  );
}
