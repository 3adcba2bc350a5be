/**
 * Matrix rows for the KYC and AML routes (owned by the KYC/AML engineer). The applicant is always
 * `world.users.investor`; reviews are done by `world.users.officer`. Each request builds its own application in
 * the state the route needs (the investor's previous live application is closed first, since an investor may
 * have only one).
 */
import { randomInt } from "node:crypto";
import { editSample, inDays, listForm, sampleFiles, submission, uploadForm } from "../../src/kyc/kyc.fixtures.ts";
import { API, etag } from "../support/fixtures.ts";
import { SIGNED_IN, type Caller, type MatrixRow, type World } from "./types.ts";

const p = (path: string) => `${API}${path}`;
const REVIEWERS: readonly Caller[] = ["officer", "admin"];
const APPLICANT_OR_REVIEWER: readonly Caller[] = ["investor", "officer", "admin"];
const LIVE = ["SUBMITTED", "UNDER_REVIEW", "MORE_INFO_REQUESTED", "APPROVED"] as const;

async function ensureList(w: World): Promise<void> {
  if ((await w.t.db.sanctionsListVersion.count({ where: { active: true } })) > 0) return;
  const res = await w.t.as(w.users.officer).post(p("/aml/lists"), undefined, { raw: listForm(await sampleFiles()) });
  if (res.status !== 201) throw new Error(`list: ${res.status} ${res.text}`);
}

async function closeLiveApplications(w: World, applicant = w.users.investor): Promise<void> {
  await w.t.db.kycApplication.updateMany({
    where: { applicantId: applicant.id, status: { in: [...LIVE] } },
    data: { status: "REJECTED", rejectionReason: "closed by the authorization matrix fixture" },
  });
  // an open hit on any application of the wallet blocks the next approval (issue 12.1): the fixture clears them
  await w.t.db.amlScreening.updateMany({
    where: { application: { applicantId: w.users.investor.id }, status: "PENDING_REVIEW" },
    data: { status: "FALSE_POSITIVE", decisionReason: "cleared by the authorization matrix fixture" },
  });
}

type Stage = "submitted" | "documented" | "review" | "info" | "approved";

async function version(w: World, id: string): Promise<number> {
  return (await w.t.db.kycApplication.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
}

async function application(
  w: World,
  stage: Stage,
  names: Record<string, unknown> = {},
): Promise<{ id: string; version: number; documentId: string | null }> {
  await ensureList(w);
  await closeLiveApplications(w);
  const investor = w.t.as(w.users.investor);
  const officer = w.t.as(w.users.officer);
  const created = await investor.post(p("/kyc/applications"), submission(names));
  if (created.status !== 201) throw new Error(`submit: ${created.status} ${created.text}`);
  const id = created.body.id as string;
  let documentId: string | null = null;
  const step = async (res: Promise<{ status: number; text: string }>, what: string) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
  };
  if (stage !== "submitted") {
    const doc = await investor.post(p(`/kyc/applications/${id}/documents`), undefined, { raw: uploadForm("PASSPORT") });
    if (doc.status !== 201) throw new Error(`document: ${doc.status} ${doc.text}`);
    documentId = doc.body.id as string;
  }
  if (stage === "review" || stage === "info" || stage === "approved") {
    await step(
      officer.post(p(`/kyc/applications/${id}/review`), undefined, { headers: etag(await version(w, id)) }),
      "review",
    );
  }
  if (stage === "info") {
    await step(
      officer.post(
        p(`/kyc/applications/${id}/request-info`),
        { message: "More please" },
        { headers: etag(await version(w, id)) },
      ),
      "request-info",
    );
  }
  if (stage === "approved") {
    await step(
      officer.post(
        p(`/kyc/applications/${id}/approve`),
        { country: 250, accredited: false, kycExpiresAt: inDays(365) },
        { headers: etag(await version(w, id)) },
      ),
      "approve",
    );
  }
  return { id, version: await version(w, id), documentId };
}

async function screeningOf(w: World, applicationId: string) {
  return w.t.db.amlScreening.findFirstOrThrow({ where: { applicationId }, orderBy: { createdAt: "desc" } });
}

export const rows: MatrixRow[] = [
  // --- KYC
  {
    // the first admin is also an investor (default role), so it may apply too
    route: "POST /kyc/applications",
    allow: ["investor", "admin"],
    request: async (w) => {
      await ensureList(w);
      await closeLiveApplications(w);
      return { path: p("/kyc/applications"), body: submission() };
    },
  },
  {
    // The application and its identity document in one request (all or nothing); investors only.
    route: "POST /kyc/applications/with-document",
    allow: ["investor", "admin"],
    request: async (w, caller) => {
      await ensureList(w);
      if (caller !== "anonymous") await closeLiveApplications(w, w.users[caller]);
      const form = uploadForm("PASSPORT");
      form.set("application", JSON.stringify(submission()));
      return { path: p("/kyc/applications/with-document"), form };
    },
  },
  { route: "GET /kyc/applications", allow: SIGNED_IN, request: async () => ({ path: p("/kyc/applications") }) },
  {
    route: "GET /kyc/applications/:id",
    allow: APPLICANT_OR_REVIEWER,
    request: async (w) => ({ path: p(`/kyc/applications/${(await application(w, "submitted")).id}`) }),
  },
  {
    route: "GET /kyc/applications/:id/history",
    allow: APPLICANT_OR_REVIEWER,
    request: async (w) => ({ path: p(`/kyc/applications/${(await application(w, "submitted")).id}/history`) }),
  },
  {
    route: "GET /kyc/applications/:id/onchain",
    allow: APPLICANT_OR_REVIEWER,
    request: async (w) => ({ path: p(`/kyc/applications/${(await application(w, "submitted")).id}/onchain`) }),
  },
  {
    route: "POST /kyc/applications/:id/documents",
    allow: ["investor"],
    request: async (w) => ({
      path: p(`/kyc/applications/${(await application(w, "submitted")).id}/documents`),
      form: uploadForm("PROOF_OF_ADDRESS"),
    }),
  },
  {
    route: "GET /kyc/applications/:id/documents/:documentId/content",
    allow: APPLICANT_OR_REVIEWER,
    request: async (w) => {
      const app = await application(w, "documented");
      return { path: p(`/kyc/applications/${app.id}/documents/${app.documentId}/content`) };
    },
  },
  {
    route: "POST /kyc/applications/:id/documents/:documentId/refuse",
    allow: REVIEWERS,
    request: async (w) => {
      const app = await application(w, "review");
      return {
        path: p(`/kyc/applications/${app.id}/documents/${app.documentId}/refuse`),
        body: { reason: "The document is not readable", note: "Blurred scan" },
        headers: etag(app.version),
      };
    },
  },
  {
    route: "POST /kyc/applications/:id/review",
    allow: REVIEWERS,
    request: async (w) => {
      const app = await application(w, "documented");
      return { path: p(`/kyc/applications/${app.id}/review`), headers: etag(app.version) };
    },
  },
  {
    route: "POST /kyc/applications/:id/request-info",
    allow: REVIEWERS,
    request: async (w) => {
      const app = await application(w, "review");
      return {
        path: p(`/kyc/applications/${app.id}/request-info`),
        body: { message: "A clearer passport scan, please" },
        headers: etag(app.version),
      };
    },
  },
  {
    route: "POST /kyc/applications/:id/resubmit",
    allow: ["investor"],
    request: async (w) => {
      const app = await application(w, "info");
      return { path: p(`/kyc/applications/${app.id}/resubmit`), body: {}, headers: etag(app.version) };
    },
  },
  {
    route: "POST /kyc/applications/:id/approve",
    allow: REVIEWERS,
    request: async (w) => {
      const app = await application(w, "review");
      return {
        path: p(`/kyc/applications/${app.id}/approve`),
        body: { country: 250, accredited: false, kycExpiresAt: inDays(365) },
        headers: etag(app.version),
      };
    },
  },
  {
    route: "POST /kyc/applications/:id/reject",
    allow: REVIEWERS,
    request: async (w) => {
      const app = await application(w, "review");
      return {
        path: p(`/kyc/applications/${app.id}/reject`),
        body: { reason: "Illegible document" },
        headers: etag(app.version),
      };
    },
  },
  {
    route: "POST /kyc/applications/:id/revoke",
    allow: REVIEWERS,
    request: async (w) => {
      const app = await application(w, "approved");
      return {
        path: p(`/kyc/applications/${app.id}/revoke`),
        body: { reason: "Account closed" },
        headers: etag(app.version),
      };
    },
  },
  { route: "POST /kyc/expire-due", allow: REVIEWERS, request: async () => ({ path: p("/kyc/expire-due") }) },
  {
    route: "POST /kyc/key-rotation",
    allow: ["admin"],
    request: async () => ({ path: p("/kyc/key-rotation"), body: {} }),
  },
  // --- AML
  {
    route: "POST /aml/lists",
    allow: REVIEWERS,
    request: async () => {
      const ent = 900_000_000 + randomInt(99_999_999);
      const row = `${ent},"MATRIX FIXTURE ENTITY ${ent}",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `;
      return { path: p("/aml/lists"), form: listForm(editSample(await sampleFiles(), { extraSdnRows: [row] })) };
    },
  },
  { route: "GET /aml/lists", allow: REVIEWERS, request: async () => ({ path: p("/aml/lists") }) },
  {
    route: "GET /aml/lists/active",
    allow: REVIEWERS,
    request: async (w) => {
      await ensureList(w);
      return { path: p("/aml/lists/active") };
    },
  },
  {
    route: "POST /aml/check",
    allow: REVIEWERS,
    request: async (w) => {
      await ensureList(w);
      return {
        path: p("/aml/check"),
        body: { names: ["Jane Doe"], wallets: ["0x098b716b8aaf21512996dc57eb0615e2383e2f96"] },
      };
    },
  },
  {
    route: "GET /aml/screenings",
    allow: REVIEWERS,
    request: async () => ({ path: p("/aml/screenings?status=PENDING_REVIEW") }),
  },
  {
    route: "GET /aml/screenings/:id",
    allow: REVIEWERS,
    request: async (w) => ({
      path: p(`/aml/screenings/${(await screeningOf(w, (await application(w, "submitted")).id)).id}`),
    }),
  },
  {
    route: "POST /aml/screenings/:id/decision",
    allow: REVIEWERS,
    request: async (w) => {
      const app = await application(w, "submitted", { givenNames: "Ebrahim", familyName: "Raisi" });
      const screening = await screeningOf(w, app.id);
      if (screening.status !== "PENDING_REVIEW")
        throw new Error(`expected a pending screening, got ${screening.status}`);
      return {
        path: p(`/aml/screenings/${screening.id}/decision`),
        body: { decision: "FALSE_POSITIVE", reason: "Different date of birth" },
        headers: etag(screening.version),
      };
    },
  },
  {
    route: "POST /aml/applications/:id/screen",
    allow: REVIEWERS,
    request: async (w) => ({
      path: p(`/aml/applications/${(await application(w, "submitted")).id}/screen`),
      body: { manualFlags: ["adverse_media"] },
    }),
  },
];
