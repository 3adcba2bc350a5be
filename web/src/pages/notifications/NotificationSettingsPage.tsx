import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useApi } from "../../api/ApiContext";
import {
  notificationKeys,
  setEmailAddress,
  setEmailPreference,
  useEmailAddress,
  usePreferences,
  type NotificationEvent,
  type NotificationPreference,
} from "../../api/notifications";
import { Alert } from "../../ui/Alert";
import { Badge } from "../../ui/Badge";
import { Field } from "../../ui/Field";
import { Loading } from "../../ui/Skeleton";
import { usePageTitle } from "../../ui/usePageTitle";
import { RequireSignIn } from "../../wallet/RequireSignIn";
import { useSignedIn } from "../../wallet/session";
import { EVENT_LABELS } from "./labels";
import "./notifications.css";

function EmailAddress() {
  const api = useApi();
  const queryClient = useQueryClient();
  const email = useEmailAddress();
  const [address, setAddress] = useState("");
  const save = useMutation({
    mutationFn: (value: string) => setEmailAddress(api, value),
    onSuccess: (status) => {
      queryClient.setQueryData(notificationKeys.email(), status);
      setAddress("");
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (address.trim()) save.mutate(address.trim());
  }
  return (
    <section className="panel stack" aria-labelledby="email-address">
      <h2 id="email-address">Email address</h2>
      {email.isPending ? (
        <Loading label="Loading your email address" />
      ) : email.isError ? (
        <Alert tone="bad" title="Your email address could not be loaded">
          <p>{email.error.message}</p>
        </Alert>
      ) : email.data.address ? (
        <p className="row" data-testid="email-status">
          <span style={{ overflowWrap: "anywhere" }}>{email.data.address}</span>
          {email.data.verified ? <Badge tone="ok">Verified</Badge> : <Badge tone="warn">Not verified yet</Badge>}
        </p>
      ) : (
        <p className="muted" data-testid="email-status">
          No email address yet: notifications reach you in this app only.
        </p>
      )}
      {email.data && email.data.address && !email.data.verified ? (
        <p className="small">
          We emailed a confirmation link to this address. Open it in this browser while signed in; until then no other
          email is sent to it.
        </p>
      ) : null}
      <form className="stack" onSubmit={submit} noValidate>
        <Field
          label={email.data?.address ? "New email address" : "Email address"}
          hint="Kept encrypted; used only for the notifications you choose below. A new address needs confirming."
          error={save.isError ? save.error.message : undefined}
        >
          {(control) => (
            <input
              {...control}
              type="email"
              autoComplete="email"
              value={address}
              onChange={(e) => setAddress(e.target.value)}
              maxLength={254}
            />
          )}
        </Field>
        <div>
          <button type="submit" className="btn btn--primary" disabled={save.isPending || !address.trim()}>
            {save.isPending ? "Saving…" : "Send a confirmation link"}
          </button>
        </div>
        {save.isSuccess ? (
          <p className="small" role="status">
            Saved. Check your inbox for the confirmation link.
          </p>
        ) : null}
      </form>
    </section>
  );
}

function Preferences() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { hasRole } = useSignedIn();
  const preferences = usePreferences();
  // The value a click chose, shown until the save settles: the query's optimistic update below reaches the box a
  // tick later, and until then React put the controlled box back, so a click seemed to do nothing.
  const [chosen, setChosen] = useState<Partial<Record<NotificationEvent, boolean>>>({});
  const save = useMutation({
    mutationFn: ({ event, email }: { event: NotificationEvent; email: boolean }) =>
      setEmailPreference(api, event, email),
    onSettled: (_data, _error, { event }) => setChosen(({ [event]: _settled, ...rest }) => rest),
    // The box flips at once (a checkbox that waits for the server looks broken); a refusal puts it back.
    onMutate: ({ event, email }) => {
      const before = queryClient.getQueryData<{ items: NotificationPreference[] }>(notificationKeys.preferences());
      if (before)
        queryClient.setQueryData(notificationKeys.preferences(), {
          items: before.items.map((p) => (p.event === event ? { ...p, email } : p)),
        });
      return { before };
    },
    onError: (_error, _vars, context) => {
      if (context?.before) queryClient.setQueryData(notificationKeys.preferences(), context.before);
    },
    onSuccess: (list) => queryClient.setQueryData(notificationKeys.preferences(), list),
  });
  // Managers' events are listed to managers only; everyone else never receives them.
  const shown = (p: NotificationPreference) =>
    EVENT_LABELS[p.event].audience === "investors" || hasRole("PROPERTY_MANAGER") || hasRole("ADMIN");
  return (
    <section className="panel stack" aria-labelledby="email-preferences">
      <h2 id="email-preferences">Emails</h2>
      <p className="small muted">
        Every notification appears in your inbox. Choose which ones are also emailed to your verified address; each
        email also has a link to stop that kind.
      </p>
      {preferences.isPending ? (
        <Loading label="Loading your preferences" />
      ) : preferences.isError ? (
        <Alert tone="bad" title="Your preferences could not be loaded">
          <p>{preferences.error.message}</p>
        </Alert>
      ) : (
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend className="visually-hidden">Email me when</legend>
          <ul className="preferences">
            {preferences.data.items.filter(shown).map((p) => (
              <li key={p.event}>
                <label>
                  <input
                    type="checkbox"
                    checked={chosen[p.event] ?? p.email}
                    onChange={(e) => {
                      const email = e.target.checked;
                      setChosen((c) => ({ ...c, [p.event]: email }));
                      save.mutate({ event: p.event, email });
                    }}
                    data-event={p.event}
                  />
                  <span>{EVENT_LABELS[p.event].label}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      {save.isError ? (
        <Alert tone="bad" title="Your choice could not be saved">
          <p>{save.error.message}</p>
        </Alert>
      ) : save.isSuccess ? (
        <p className="small" role="status">
          Saved.
        </p>
      ) : null}
    </section>
  );
}

export default function NotificationSettingsPage() {
  usePageTitle("Notification settings");
  return (
    <div className="stack" style={{ maxWidth: 860 }}>
      <div className="page-head">
        <div>
          <div className="eyebrow">Notifications</div>
          <h1>Email and preferences</h1>
          <p>
            Where and when we tell you. <Link to="/notifications">Back to your notifications</Link>
          </p>
        </div>
      </div>
      <RequireSignIn purpose="choose your notifications">
        <EmailAddress />
        <Preferences />
      </RequireSignIn>
    </div>
  );
}
