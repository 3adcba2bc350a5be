import { NavLink, Route, Routes } from "react-router";
import { usePageTitle } from "../../ui/usePageTitle";
import { useSignedIn } from "../../wallet/session";
import { RequireSignIn } from "../../wallet/RequireSignIn";
import { AuditTrail } from "./AuditTrail";
import { FeesPage } from "./FeesPage";
import { KycQueue } from "./KycQueue";
import { KycReview } from "./KycReview";
import { PropertyReviews } from "./PropertyReviews";
import { RoleManagement } from "./RoleManagement";
import { ValuationQueue } from "./ValuationQueue";
import "./admin.css";

export default function AdminPage() {
  usePageTitle("Compliance");
  const { hasRole } = useSignedIn();
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <div className="eyebrow">Compliance</div>
          <h1>Compliance and administration</h1>
        </div>
      </div>
      <RequireSignIn roles={["ADMIN", "COMPLIANCE_OFFICER"]} purpose="review applications">
        <nav className="segmented" aria-label="Compliance sections">
          <NavLink to="/admin" end>
            KYC queue
          </NavLink>
          <NavLink to="/admin/properties">Properties and titles</NavLink>
          <NavLink to="/admin/valuations">Valuations</NavLink>
          <NavLink to="/admin/audit">Audit trail</NavLink>
          {hasRole("ADMIN") ? <NavLink to="/admin/roles">Roles</NavLink> : null}
          {hasRole("ADMIN") ? <NavLink to="/admin/fees">Fees</NavLink> : null}
        </nav>
        <Routes>
          <Route index element={<KycQueue />} />
          <Route path="kyc/:id" element={<KycReview />} />
          <Route path="properties" element={<PropertyReviews />} />
          <Route path="valuations" element={<ValuationQueue />} />
          <Route path="audit" element={<AuditTrail />} />
          <Route path="roles" element={<RoleManagement />} />
          <Route path="fees" element={<FeesPage />} />
        </Routes>
      </RequireSignIn>
    </div>
  );
}
