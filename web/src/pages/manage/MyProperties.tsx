import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useApi } from "../../api/ApiContext";
import { data } from "../../api/client";
import { propertyKeys } from "../../api/queryKeys";
import { Badge } from "../../ui/Badge";
import { Loading } from "../../ui/Skeleton";
import { useSignedIn } from "../../wallet/session";
import { locationOf, STATUS_LABELS } from "../marketplace/labels";
import { Cell, Table } from "../../ui/Table";

export function MyProperties() {
  const api = useApi();
  const { session } = useSignedIn();
  const list = useQuery({
    queryKey: propertyKeys.mine(session?.id),
    queryFn: ({ signal }) =>
      data(api.GET("/properties", { params: { query: { scope: "mine", sort: "createdAt", order: "desc" } }, signal })),
    enabled: Boolean(session),
  });
  return (
    <section className="stack" aria-labelledby="mine">
      <div className="row">
        <h2 id="mine" style={{ margin: 0 }}>
          Your properties
        </h2>
        <span className="spacer" />
        <Link className="btn btn--primary" to="/manage/new">
          Register a property
        </Link>
      </div>
      {list.isPending ? <Loading label="Loading your properties" /> : null}
      {list.data?.items.length === 0 ? <p className="panel muted">You have not registered a property yet.</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <Table className="panel">
          <thead>
            <tr>
              <th scope="col">Property</th>
              <th scope="col">Location</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((p) => (
              <tr key={p.id}>
                <Cell label="Property">
                  <Link to={`/manage/properties/${p.id}`}>{p.name}</Link>
                </Cell>
                <Cell label="Location">{locationOf(p.address)}</Cell>
                <Cell label="Status">
                  <Badge tone={STATUS_LABELS[p.status].tone}>{STATUS_LABELS[p.status].label}</Badge>
                </Cell>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </section>
  );
}
