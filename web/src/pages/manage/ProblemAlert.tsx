import { ApiError } from "../../api/client";
import { Alert } from "../../ui/Alert";

/** What a refusal from the backend says (problem+json: title, detail, field errors), or any other error's message. */
/** `subject`: what a stale version (412) is about, in the user's words ("lease", "property"). */
export function problemLines(error: Error, subject = "lease"): { title: string; lines: string[] } {
  if (!(error instanceof ApiError)) return { title: error.message, lines: [] };
  const p = error.problem;
  if (p.status === 412)
    return {
      title: `This ${subject} changed since the page loaded it`,
      lines: ["The list has been refreshed: check it and try again."],
    };
  const fields = (p.errors ?? []).map((e) => `${e.path.replace(/^body\./, "")}: ${e.message}`);
  return { title: p.title, lines: [...(p.detail && p.detail !== p.title ? [p.detail] : []), ...fields] };
}

export function ProblemAlert({ error, title, subject }: { error: Error; title: string; subject?: string }) {
  const problem = problemLines(error, subject);
  return (
    <Alert tone="bad" title={title}>
      <p>{problem.title}</p>
      {problem.lines.length ? (
        <ul>
          {problem.lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
