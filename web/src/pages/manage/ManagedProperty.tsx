import { useQueryClient } from "@tanstack/react-query";
import { useEffect, type ReactNode } from "react";
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
import { formatDate } from "../../format/dates";
import { useExit } from "../../governance/exitFacts";
import { followsChain, landingTab, noticeText, offeredTabs, TAB_LABELS, type OfferedTab } from "./manageTabs";
import type { ManageTab } from "./nextActions";
import { PropertyOverview } from "./PropertyOverview";
import { Tabs, type TabDef } from "./Tabs";
import { TitlePanel } from "./TitlePanel";
import { ValuationsPanel } from "./valuations/ValuationsPanel";
import { GovernancePanel } from "../../governance/manage/GovernancePanel";

/** A sold or archived property's tokenization: when and why its offering closed, above the record of it. */
function RecordNote({ property: p }: { property: PropertyDetail }) {
  const exit = useExit(p.status === "EXITED" ? p.chain?.tokenAddress : undefined);
  const soldAt = exit.data?.sale?.blockTime;
  return (
    <Alert tone="info">
      {p.status === "EXITED"
        ? `This property was sold${soldAt ? ` on ${formatDate(soldAt)}` : ""}: its offering is closed. Its token and offering stay here as a record; the holders' redemptions are under Votes & exit.`
        : `This property was archived on ${formatDate(p.statusChangedAt)}: its offering is closed. Its token and offering stay here as a record.`}
    </Alert>
  );
}

function render(p: PropertyDetail, tab: OfferedTab): () => ReactNode {
  switch (tab.key) {
    case "details":
      return () => <DetailsPanel property={p} />;
    case "documents":
      return () => <DocumentsPanel property={p} />;
    case "title":
      return () => <TitlePanel property={p} />;
    case "valuations":
      return () => <ValuationsPanel property={p} />;
    case "leases":
      return () => <LeasesPanel property={p} />;
    case "financials":
      return () => <FinancialsPanel property={p} />;
    case "tokenization":
      return () => (
        <section className="panel stack" aria-labelledby="tokenization">
          <h2 id="tokenization">Tokenization</h2>
          {tab.readOnly ? <RecordNote property={p} /> : null}
          <LaunchPanel property={p} record={tab.readOnly ?? false} />
        </section>
      );
    case "governance":
      return () => (
        <section className="panel stack" aria-label="Votes and exit">
          <GovernancePanel property={p} />
        </section>
      );
  }
}

/** The sections the property's state offers (manageTabs.ts), and where a link's `?tab=` lands, with its note. */
function PropertyTabs({ property: p }: { property: PropertyDetail }) {
  const offered = offeredTabs(p);
  const tabs: TabDef<ManageTab>[] = offered.map((t) => ({ key: t.key, label: t.label, render: render(p, t) }));
  const landing = (asked: string) => {
    const { tab, notice } = landingTab(p, asked);
    return notice ? { key: tab, note: noticeText(notice, { label: TAB_LABELS[tab] }) } : undefined;
  };
  return <Tabs label="Property sections" idPrefix="manage" tabs={tabs} landing={landing} />;
}

/** One property in the manager's console: the overview first, the long sections behind tabs (`?tab=leases`). */
export function ManagedProperty() {
  const { id = "" } = useParams();
  const query = useProperty(id);
  const queryClient = useQueryClient();
  // Once verified the record follows the chain (the backend's sync, a few blocks behind): refresh it meanwhile so the
  // overview's status, money raised and next actions catch up with a launch, a sale or a finalization by themselves.
  const polling = query.data ? followsChain(query.data.status) : false;
  useEffect(() => {
    if (!polling) return undefined;
    const timer = setInterval(() => void queryClient.invalidateQueries({ queryKey: propertyKeys.detail(id) }), 5_000);
    return () => clearInterval(timer);
  }, [polling, id, queryClient]);
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
      <PropertyTabs property={p} />
    </div>
  );
}
