import { useCaughtMail, type CaughtMail } from "../../api/devMail";
import { ApiError } from "../../api/client";
import { formatDateTime } from "../../format/dates";
import { Alert } from "../../ui/Alert";
import { EmptyState } from "../../ui/EmptyState";
import { Loading } from "../../ui/Skeleton";
import { usePageTitle } from "../../ui/usePageTitle";
import { framedHtml, linkPieces } from "./mailBody";
import "./dev.css";

function TextBody({ text }: { text: string }) {
  return (
    <pre className="mail__text">
      {linkPieces(text).map((piece, i) =>
        piece.kind === "text" ? (
          piece.text
        ) : (
          <a key={i} href={piece.href} target="_blank" rel="noreferrer">
            {piece.href}
          </a>
        ),
      )}
    </pre>
  );
}

function Message({ mail, open }: { mail: CaughtMail; open: boolean }) {
  const subject = mail.subject ?? "(no subject)";
  return (
    <details className="mail panel" open={open} data-testid="caught-mail">
      <summary>
        <strong>{subject}</strong>
        <span className="small muted">
          {" "}
          to {mail.to.join(", ") || "(nobody)"}, {formatDateTime(mail.receivedAt)}
        </span>
      </summary>
      <div className="stack mail__body">
        <p className="small muted">From {mail.from ?? "(unknown)"}</p>
        {mail.text ? (
          <section aria-label={`Text of “${subject}”`}>
            <h3 className="small">Text</h3>
            <TextBody text={mail.text} />
          </section>
        ) : null}
        {mail.html ? (
          <section aria-label={`HTML of “${subject}”`}>
            <h3 className="small">HTML</h3>
            {/* No scripts, no same origin: the email cannot touch the app; links open in a new tab. */}
            <iframe
              className="mail__html"
              title={`HTML of “${subject}”`}
              sandbox="allow-popups allow-popups-to-escape-sandbox"
              srcDoc={framedHtml(mail.html)}
            />
          </section>
        ) : null}
      </div>
    </details>
  );
}

export default function DevMailPage() {
  usePageTitle("Caught email (development)");
  const mail = useCaughtMail();
  return (
    <div className="stack" style={{ maxWidth: 960 }}>
      <div className="page-head">
        <div>
          <div className="eyebrow">Development</div>
          <h1>Caught email</h1>
          <p>
            Every email the backend sent to the local SMTP sink, newest first. Nothing leaves this machine. This page is
            not part of production builds.
          </p>
        </div>
      </div>
      {mail.isPending ? (
        <Loading label="Asking the local mail sink" />
      ) : mail.isError ? (
        <Alert tone="warn" title="The local mail sink does not answer">
          <p>
            {mail.error instanceof ApiError && mail.error.status === 404
              ? "This backend has no mail sink: it runs one only under `npm start` (NODE_ENV=development)."
              : mail.error.message}
          </p>
        </Alert>
      ) : mail.data.length === 0 ? (
        <EmptyState title="No email caught yet">
          <p>Set and verify an address in your notification settings, or act so that someone is notified.</p>
        </EmptyState>
      ) : (
        mail.data.map((m, i) => <Message key={m.seq} mail={m} open={i === 0} />)
      )}
    </div>
  );
}
