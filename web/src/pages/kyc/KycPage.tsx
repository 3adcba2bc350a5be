import { useState } from "react";
import { useKycApplications } from "../../api/kyc";
import { Alert } from "../../ui/Alert";
import { Loading } from "../../ui/Skeleton";
import { usePageTitle } from "../../ui/usePageTitle";
import { RequireSignIn } from "../../wallet/RequireSignIn";
import { KycForm } from "./KycForm";
import { KycStatusPanel } from "./KycStatusPanel";

function KycContent() {
  const applications = useKycApplications();
  const [startOver, setStartOver] = useState(false);
  if (applications.isPending) return <Loading label="Loading your verification" />;
  if (applications.isError)
    return (
      <Alert tone="bad" title="Your verification status could not be loaded">
        <p>{applications.error.message}</p>
      </Alert>
    );
  const latest = [...applications.data.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  if (!latest || startOver) return <KycForm onSubmitted={() => setStartOver(false)} />;
  return <KycStatusPanel application={latest} onStartOver={() => setStartOver(true)} />;
}

export default function KycPage() {
  usePageTitle("Identity verification");
  return (
    <div className="stack" style={{ maxWidth: 860 }}>
      <div className="page-head">
        <div>
          <div className="eyebrow">Verification</div>
          <h1>Identity verification (KYC)</h1>
          <p>Required once before you invest. Your documents are encrypted and checked by our compliance team.</p>
        </div>
      </div>
      <RequireSignIn purpose="verify your identity">
        <KycContent />
      </RequireSignIn>
    </div>
  );
}
