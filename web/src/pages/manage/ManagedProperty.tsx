import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Link, useParams } from "react-router";
import { useProperty } from "../../api/properties";
import { propertyKeys } from "../../api/queryKeys";
import type { PropertyDetail } from "../../api/types";
import { Alert } from "../../ui/Alert";
import { Badge } from "../../ui/Badge";
import { Loading } from "../../ui/Skeleton";
import { STATUS_LABELS } from "../marketplace/labels";
import { DetailsPanel } from "./DetailsPanel";
import { DocumentsPanel } from "./DocumentsPanel";
import { FinancialsPanel } from "./financials/FinancialsPanel";
import { LaunchPanel } from "./LaunchPanel";
import { LeasesPanel } from "./LeasesPanel";
import type { ManageTab } from "./nextActions";
import { PropertyOverview } from "./PropertyOverview";
import { Tabs, type TabDef } from "./Tabs";
import { TitlePanel } from "./TitlePanel";
import { ValuationsPanel } from "./valuations/ValuationsPanel";
import { GovernancePanel } from "../../governance/manage/GovernancePanel";

const VERIFIED = ["VERIFIED", "TOKENIZED", "OFFERING", "CLOSED", "REFUNDING", "FUNDED"];

function sections(p: PropertyDetail): TabDef<ManageTab>[] {
  const tabs: TabDef<ManageTab>[] = [
    { key: "details", label: "Details", render: () => <DetailsPanel property={p} /> },
    { key: "documents", label: "Photos & documents", render: () => <DocumentsPanel property={p} /> },
    { key: "title", label: "Land title", render: () => <TitlePanel property={p} /> },
    { key: "valuations", label: "Valuations", render: () => <ValuationsPanel property={p} /> },
  ];
  if (p.status !== "ARCHIVED")
    tabs.push({ key: "leases", label: "Leases & rent", render: () => <LeasesPanel property={p} /> });
  tabs.push({ key: "financials", label: "Financials", render: () => <FinancialsPanel property={p} /> });
  if (VERIFIED.includes(p.status))
    tabs.push({
      key: "tokenization",
      label: "Tokenization",
      render: () => (
        <section className="panel stack" aria-labelledby="tokenization">
          <h2 id="tokenization">Tokenization</h2>
          <LaunchPanel property={p} />
        </section>
      ),
    });
  if (p.chain)
    tabs.push({
      key: "governance",
      label: "Votes & exit",
      render: () => (
        <section className="panel stack" aria-label="Votes and exit">
          <GovernancePanel property={p} />
        </section>
      ),
    });
  return tabs;
}

/** One property in the manager's console: the overview first, the long sections behind tabs (`?tab=leases`). */
export function ManagedProperty() {
  const { id = "" } = useParams();
  const query = useProperty(id);
  const queryClient = useQueryClient();
  // Once verified the record follows the chain (the backend's sync, a few blocks behind): refresh it meanwhile so the
  // overview's status, money raised and next actions catch up with a launch, a sale or a finalization by themselves.
  const followsChain = query.data ? VERIFIED.includes(query.data.status) : false;
  useEffect(() => {
    if (!followsChain) return undefined;
    const timer = setInterval(() => void queryClient.invalidateQueries({ queryKey: propertyKeys.detail(id) }), 5_000);
    return () => clearInterval(timer);
  }, [followsChain, id, queryClient]);
  if (query.isPending) return <Loading label="Loading the property" />;
  if (query.isError)
    return (
      <Alert tone="bad" title="The property could not be loaded">
        <p>{query.error.message}</p>
      </Alert>
    );
  const p = query.data;
  const status = STATUS_LABELS[p.status];
  return (
    <div className="stack" data-testid="managed-property">
      <p className="small">
        <Link to="/manage">← Your properties</Link>
      </p>
      <div className="row">
        <h2 style={{ margin: 0 }}>{p.name}</h2>
        <Badge tone={status.tone}>{status.label}</Badge>
      </div>
      {p.status === "REJECTED" ? (
        <Alert tone="bad" title="The registry did not verify this property">
          <p>
            <strong>Review feedback:</strong> {p.rejectionReason ?? "No reason given."}
          </p>
        </Alert>
      ) : null}
      {p.title?.status === "REJECTED" ? (
        <Alert tone="bad" title="The land title was rejected">
          <p>
            <strong>Review feedback:</strong> {p.title.rejectionReason}
          </p>
        </Alert>
      ) : null}
      <PropertyOverview property={p} />
      <Tabs label="Property sections" idPrefix="manage" tabs={sections(p)} />
    </div>
  );
}
