import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { useApi } from "../../api/ApiContext";
import { data } from "../../api/client";
import { propertyKeys } from "../../api/queryKeys";
import { Alert } from "../../ui/Alert";
import { Badge } from "../../ui/Badge";
import { Field } from "../../ui/Field";
import { Loading } from "../../ui/Skeleton";
import { locationOf } from "../marketplace/labels";

function Review({ id }: { id: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const detail = useQuery({
    queryKey: propertyKeys.detail(id),
    queryFn: ({ signal }) => data(api.GET("/properties/{id}", { params: { path: { id } }, signal })),
  });
  const [reason, setReason] = useState("");
  const act = useMutation({
    mutationFn: async (step: "verifyTitle" | "rejectTitle" | "verify" | "reject") => {
      const p = await data(api.GET("/properties/{id}", { params: { path: { id } } }));
      const title = p.title;
      if (step === "verifyTitle" || step === "rejectTitle") {
        if (!title) throw new Error("No title filed");
        const current = await data(api.GET("/titles/{id}", { params: { path: { id: title.id } } }));
        if (!current) throw new Error("No title filed");
        const params = { path: { id: title.id }, header: { "If-Match": `"${current.version}"` } };
        return step === "rejectTitle"
          ? data(api.POST("/titles/{id}/reject", { params, body: { reason } }))
          : data(api.POST("/titles/{id}/verify", { params }));
      }
      return data(
        api.POST("/properties/{id}/transitions", {
          params: { path: { id }, header: { "If-Match": `"${p.version}"` } },
          body: { to: step === "verify" ? "VERIFIED" : "REJECTED", ...(step === "reject" ? { reason } : {}) },
        }),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: propertyKeys.all }),
  });
  if (!detail.data) return <Loading label="Loading" />;
  const p = detail.data;
  const title = p.title;
  return (
    <div className="stack" style={{ gap: "0.5rem" }}>
      <p className="small">
        Title:{" "}
        {title ? (
          <>
            {title.titleNumber} ({title.jurisdiction}), {title.registryOffice}, owner of record {title.ownerOfRecord}{" "}
            <Badge tone={title.status === "VERIFIED" ? "ok" : title.status === "REJECTED" ? "bad" : "warn"}>
              {title.status.toLowerCase()}
            </Badge>
          </>
        ) : (
          "not filed"
        )}
      </p>
      <Field label="Reason (for a rejection)">
        {(ids) => <input {...ids} className="input" value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="row">
        {title?.status === "PENDING" ? (
          <>
            <button
              type="button"
              className="btn btn--secondary btn--small"
              disabled={act.isPending}
              onClick={() => act.mutate("verifyTitle")}
            >
              Verify title
            </button>
            <button
              type="button"
              className="btn btn--danger btn--small"
              disabled={act.isPending || !reason.trim()}
              onClick={() => act.mutate("rejectTitle")}
            >
              Reject title
            </button>
          </>
        ) : null}
        <button
          type="button"
          className="btn btn--primary btn--small"
          disabled={act.isPending || title?.status !== "VERIFIED"}
          onClick={() => act.mutate("verify")}
        >
          Verify property
        </button>
        <button
          type="button"
          className="btn btn--danger btn--small"
          disabled={act.isPending || !reason.trim()}
          onClick={() => act.mutate("reject")}
        >
          Reject property
        </button>
      </div>
      {act.error ? (
        <Alert tone="bad" title="Not recorded">
          <p>{act.error.message}</p>
        </Alert>
      ) : null}
    </div>
  );
}

/** Properties submitted for verification: check the land title, then verify or reject the property. */
export function PropertyReviews() {
  const api = useApi();
  const list = useQuery({
    queryKey: propertyKeys.reviewQueue(),
    queryFn: ({ signal }) =>
      data(
        api.GET("/properties", {
          params: { query: { scope: "all", status: "SUBMITTED", sort: "createdAt", order: "asc" } },
          signal,
        }),
      ),
  });
  return (
    <section className="stack" aria-labelledby="property-reviews">
      <h2 id="property-reviews">Properties awaiting verification</h2>
      {list.isPending ? <Loading label="Loading" /> : null}
      {list.data?.items.length === 0 ? <p className="panel muted">No property is waiting for verification.</p> : null}
      {list.data?.items.map((p) => (
        <article key={p.id} className="panel stack" aria-labelledby={`review-${p.id}`}>
          <h3 id={`review-${p.id}`} style={{ margin: 0 }}>
            <Link to={`/properties/${p.id}`}>{p.name}</Link>
          </h3>
          <p className="muted small" style={{ margin: 0 }}>
            {locationOf(p.address)}
          </p>
          <Review id={p.id} />
        </article>
      ))}
    </section>
  );
}
