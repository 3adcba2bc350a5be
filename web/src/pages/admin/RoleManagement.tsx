import { useState } from "react";
import { useSetRoles, useUsers, type PlatformUser } from "../../api/admin";
import { ROLES } from "../../api/enums";
import type { Role } from "../../api/types";
import { Alert } from "../../ui/Alert";
import { Loading } from "../../ui/Skeleton";
import { Address as AddressText } from "../../ui/Address";
import { useSignedIn } from "../../wallet/session";
import { ROLE_LABELS } from "./labels";
import { Cell, Table } from "../../ui/Table";

interface Change {
  user: PlatformUser;
  role: Role;
  grant: boolean;
}

/** A person's name, or their wallet's short form when they gave none (sentences need a subject). */
const nameOf = (u: PlatformUser) => u.displayName ?? `wallet ${u.address.slice(0, 6)}…${u.address.slice(-4)}`;
const sentence = (c: Change) =>
  c.grant
    ? `Give ${nameOf(c.user)} the ${ROLE_LABELS[c.role]} role`
    : `Take the ${ROLE_LABELS[c.role]} role from ${nameOf(c.user)}`;

/**
 * Admins grant and revoke platform roles, one confirmed change at a time (the backend refuses removing the last
 * admin). An officer who is not an admin gets a clear "admins only" page and no request that would be refused.
 */
export function RoleManagement() {
  const { hasRole } = useSignedIn();
  const admin = hasRole("ADMIN");
  const users = useUsers(admin);
  const setRoles = useSetRoles();
  const [pending, setPending] = useState<Change | null>(null);
  const [done, setDone] = useState<{ change: Change; roles: Role[] } | null>(null);

  if (!admin)
    return (
      <section className="stack" aria-labelledby="roles-title">
        <h2 id="roles-title">Roles</h2>
        <Alert tone="info" title="Admins only">
          <p>Only an admin can see and change who holds which role. Ask an admin if someone needs a role.</p>
        </Alert>
      </section>
    );

  const confirm = (change: Change) => {
    const roles = change.grant
      ? [...change.user.roles, change.role]
      : change.user.roles.filter((r) => r !== change.role);
    setRoles.mutate(
      { user: change.user, roles },
      {
        onSuccess: (user) => {
          setDone({ change, roles: user.roles });
          setPending(null);
        },
      },
    );
  };

  return (
    <section className="stack" aria-labelledby="roles-title">
      <h2 id="roles-title">Roles</h2>
      <p className="muted">Tick or clear a role, then confirm. Every change is written to the audit trail.</p>
      {pending ? (
        <div
          className="panel stack"
          role="alertdialog"
          aria-labelledby="confirm-role"
          aria-describedby="confirm-role-who"
        >
          <h3 id="confirm-role" style={{ margin: 0 }}>
            {sentence(pending)}?
          </h3>
          <p id="confirm-role-who" className="muted">
            Wallet <AddressText value={pending.user.address} noCopy />
          </p>
          <div className="row">
            <button type="button" className="btn" disabled={setRoles.isPending} onClick={() => confirm(pending)}>
              {setRoles.isPending ? "Saving…" : "Confirm"}
            </button>
            <button type="button" className="btn btn--secondary" onClick={() => setPending(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {setRoles.error ? (
        <Alert tone="bad" title="The roles were not changed">
          <p>{setRoles.error.message}</p>
        </Alert>
      ) : null}
      {done && !pending ? (
        <Alert tone="ok" title="Roles changed">
          <p>
            {done.change.grant
              ? `${nameOf(done.change.user)} now has the ${ROLE_LABELS[done.change.role]} role.`
              : `${nameOf(done.change.user)} no longer has the ${ROLE_LABELS[done.change.role]} role.`}{" "}
            Roles now: {done.roles.map((r) => ROLE_LABELS[r]).join(", ")}.
          </p>
        </Alert>
      ) : null}
      {users.isPending ? <Loading label="Loading users" /> : null}
      {users.isError ? (
        <Alert tone="bad" title="Users could not be loaded">
          <p>{users.error.message}</p>
        </Alert>
      ) : null}
      {users.data ? (
        <div className="panel admin-table">
          <Table>
            <thead>
              <tr>
                <th scope="col">Person</th>
                {ROLES.map((r) => (
                  <th scope="col" key={r}>
                    {ROLE_LABELS[r]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id}>
                  <Cell label="Person">
                    {u.displayName ? <strong>{u.displayName}</strong> : <span className="muted">No name given</span>}
                    <div className="small">
                      <AddressText value={u.address} />
                    </div>
                  </Cell>
                  {ROLES.map((r) => {
                    const has = u.roles.includes(r);
                    return (
                      <Cell label={ROLE_LABELS[r]} key={r}>
                        <input
                          type="checkbox"
                          aria-label={`${ROLE_LABELS[r]} role for ${nameOf(u)} (${u.address})`}
                          checked={has}
                          disabled={setRoles.isPending || pending !== null || (has && u.roles.length === 1)}
                          onChange={() => {
                            setDone(null);
                            setRoles.reset();
                            setPending({ user: u, role: r, grant: !has });
                          }}
                        />
                      </Cell>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ) : null}
    </section>
  );
}
