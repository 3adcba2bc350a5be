import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../api/ApiContext";
import { userKeys } from "../../api/queryKeys";
import type { Role, SessionUser } from "../../api/types";
import { Alert } from "../../ui/Alert";
import { Loading } from "../../ui/Skeleton";
import { Address as AddressText } from "../../ui/Address";

const ROLES: { role: Role; label: string }[] = [
  { role: "INVESTOR", label: "Investor" },
  { role: "PROPERTY_MANAGER", label: "Property manager" },
  { role: "COMPLIANCE_OFFICER", label: "Compliance officer" },
  { role: "ADMIN", label: "Admin" },
];

/** Admins grant and revoke platform roles (the backend refuses removing the last admin). */
export function RoleManagement() {
  const api = useApi();
  const queryClient = useQueryClient();
  const users = useQuery({
    queryKey: userKeys.list(),
    queryFn: ({ signal }) => api.get<{ items: SessionUser[] }>("/users", { limit: 100 }, signal),
  });
  const setRoles = useMutation({
    mutationFn: (input: { user: SessionUser; roles: Role[] }) =>
      api.put<SessionUser>(
        `/users/${input.user.id}/roles`,
        { roles: input.roles },
        { "If-Match": `"${input.user.version}"` },
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
  return (
    <section className="stack" aria-labelledby="roles-title">
      <h2 id="roles-title">Roles</h2>
      {setRoles.error ? (
        <Alert tone="bad" title="The roles were not changed">
          <p>{setRoles.error.message}</p>
        </Alert>
      ) : null}
      {users.isPending ? <Loading label="Loading users" /> : null}
      {users.isError ? (
        <Alert tone="bad" title="Users could not be loaded">
          <p>{users.error.message}</p>
        </Alert>
      ) : null}
      {users.data ? (
        <table className="table panel">
          <thead>
            <tr>
              <th scope="col">Wallet</th>
              {ROLES.map((r) => (
                <th scope="col" key={r.role}>
                  {r.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {users.data.items.map((u) => (
              <tr key={u.id}>
                <td>
                  <AddressText value={u.address} name={u.displayName} />
                </td>
                {ROLES.map((r) => {
                  const has = u.roles.includes(r.role);
                  return (
                    <td key={r.role}>
                      <input
                        type="checkbox"
                        aria-label={`${r.label} role for ${u.address}`}
                        checked={has}
                        disabled={setRoles.isPending || (has && u.roles.length === 1)}
                        onChange={() =>
                          setRoles.mutate({
                            user: u,
                            roles: has ? u.roles.filter((x) => x !== r.role) : [...u.roles, r.role],
                          })
                        }
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
