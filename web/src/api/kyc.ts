/** KYC applications: the investor's own, and the reviewers' queue. Shapes follow the backend's OpenAPI document. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "./ApiContext";
import { kycKeys } from "./queryKeys";
import { binary, data, formData, type ApiClient } from "./client";
import type { components, paths } from "./generated/openapi";

type Schemas = components["schemas"];

export type KycApplicationSummary = Schemas["KycApplicationSummary"];
export type KycApplication = Schemas["KycApplication"];
export type KycStatus = KycApplicationSummary["status"];
export type KycIdentity = Schemas["KycIdentity"];
export type KycDocument = Schemas["KycDocument"];
export type KycDocumentKind = KycDocument["kind"];
export type KycStatusChange = Schemas["KycStatusChange"];
export type SanctionsMatch = Schemas["SanctionsMatch"];
export type AmlScreening = Schemas["AmlScreening"];

export function useKycApplications(status?: KycStatus, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: kycKeys.list(status),
    queryFn: ({ signal }) => data(api.GET("/kyc/applications", { params: { query: { status, limit: 50 } }, signal })),
    enabled,
  });
}

export function useKycApplication(id: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: kycKeys.detail(id ?? ""),
    queryFn: ({ signal }) => data(api.GET("/kyc/applications/{id}", { params: { path: { id: id! } }, signal })),
    enabled: Boolean(id),
  });
}

export function useKycHistory(id: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: kycKeys.history(id ?? ""),
    queryFn: ({ signal }) => data(api.GET("/kyc/applications/{id}/history", { params: { path: { id: id! } }, signal })),
    enabled: Boolean(id),
  });
}

export function useScreenings(applicationId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: kycKeys.screenings(applicationId ?? ""),
    queryFn: ({ signal }) =>
      data(api.GET("/aml/screenings", { params: { query: { applicationId, limit: 10 } }, signal })),
    enabled: Boolean(applicationId),
  });
}

let sequence = 0;
/** A fresh Idempotency-Key for one user action (a retried request reuses it; a new action gets a new one). */
export function newIdempotencyKey(): string {
  return `web-${Date.now().toString(36)}-${(++sequence).toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export async function submitKyc(
  api: ApiClient,
  body: { identity: KycIdentity; pepDeclared: boolean; accreditationClaimed: boolean },
  identityDocument: { kind: KycIdentity["document"]["type"]; file: File },
  others: { kind: KycDocumentKind; file: File }[] = [],
) {
  // The application and its identity document in one request: a refused file leaves no application (finding M1)
  const app = await data(
    api.POST("/kyc/applications/with-document", {
      params: { header: { "Idempotency-Key": newIdempotencyKey() } },
      body: { application: JSON.stringify(body), kind: identityDocument.kind, file: binary(identityDocument.file) },
      bodySerializer: formData,
    }),
  );
  // Further documents (proof of address) follow; the application is complete without them, and one refused here
  // can be sent while the application awaits review.
  const refused: { kind: KycDocumentKind; message: string }[] = [];
  for (const { kind, file } of others)
    await uploadKycDocument(api, app.id, kind, file).catch((e: unknown) =>
      refused.push({ kind, message: e instanceof Error ? e.message : String(e) }),
    );
  return { app, refused };
}

export function uploadKycDocument(api: ApiClient, applicationId: string, kind: KycDocumentKind, file: File) {
  return data(
    api.POST("/kyc/applications/{id}/documents", {
      params: { path: { id: applicationId }, header: { "Idempotency-Key": newIdempotencyKey() } },
      body: { kind, file: binary(file) },
      bodySerializer: formData,
    }),
  );
}

type KycActionName = "review" | "approve" | "reject" | "request-info" | "resubmit" | "revoke";
type KycActionOperation<A extends KycActionName> = paths[`/kyc/applications/{id}/${A}`]["post"];
/** An action and its body as the document has it (`review` takes none). */
export type KycAction = {
  [A in KycActionName]: {
    action: A;
    body?: KycActionOperation<A> extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;
  };
}[KycActionName];

/** A reviewer action on an application: read its current version, then write with If-Match. */
export function useKycAction(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ action, body }: KycAction) => {
      const current = await data(api.GET("/kyc/applications/{id}", { params: { path: { id } } }));
      return data(
        api.POST(`/kyc/applications/{id}/${action}`, {
          params: { path: { id }, header: { "If-Match": `"${current.version}"` } },
          // KycAction pairs each action with its own body; the union of paths cannot, so the body is checked there.
          body: body as never,
        }),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: kycKeys.all }),
  });
}

export type RefuseDocumentBody = NonNullable<
  paths["/kyc/applications/{id}/documents/{documentId}/refuse"]["post"]["requestBody"]
>["content"]["application/json"];

/** A reviewer refuses one document with a standard reason (and a note for reviewers); If-Match as any decision. */
export function useRefuseDocument(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ documentId, body }: { documentId: string; body: RefuseDocumentBody }) => {
      const current = await data(api.GET("/kyc/applications/{id}", { params: { path: { id } } }));
      return data(
        api.POST("/kyc/applications/{id}/documents/{documentId}/refuse", {
          params: { path: { id, documentId }, header: { "If-Match": `"${current.version}"` } },
          body,
        }),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: kycKeys.all }),
  });
}

/** One identity-registry write of the compliance agent; `lastError` only for reviewers (null for the investor). */
export type RegistryWrite = Schemas["KycOnchainWrite"];
export type RegistryWriteStatus = RegistryWrite["status"];

/** Still moving: the agent has not reached an outcome yet. */
export const inFlight = (w: RegistryWrite): boolean => w.status === "PENDING" || w.status === "SENT";

/** The compliance agent's identity-registry writes for one application (`GET /kyc/applications/:id/onchain`). */
export function useRegistryWrites(applicationId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: kycKeys.onchain(applicationId ?? ""),
    queryFn: ({ signal }) =>
      data(api.GET("/kyc/applications/{id}/onchain", { params: { path: { id: applicationId! } }, signal })),
    enabled: applicationId !== undefined,
    // Poll while a write is on its way, so its status moves on screen without a reload.
    refetchInterval: (query) => (query.state.data?.items.some(inFlight) ? 2_000 : false),
  });
}

export { kycKeys };
