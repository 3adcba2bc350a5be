/** The compliance agent's identity-registry writes for one KYC application (`GET /kyc/applications/:id/onchain`). */
import { useQuery } from "@tanstack/react-query";
import { useApi } from "./ApiContext";

export type RegistryWriteStatus = "PENDING" | "SENT" | "CONFIRMED" | "FAILED";

export interface RegistryWrite {
  id: string;
  seq: number;
  kind: "REGISTER" | "UPDATE" | "REMOVE" | "FREEZE" | "UNFREEZE";
  reason: string;
  status: RegistryWriteStatus;
  attempts: number;
  txHash: string | null;
  /** Reviewers only; null for the investor. */
  lastError: string | null;
  createdAt: string;
  processedAt: string | null;
}

/** Still moving: the agent has not reached an outcome yet. */
export const inFlight = (w: RegistryWrite): boolean => w.status === "PENDING" || w.status === "SENT";

export function useRegistryWrites(applicationId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ["kyc", "onchain", applicationId ?? ""] as const,
    queryFn: ({ signal }) => api.get<{ items: RegistryWrite[] }>(`/kyc/applications/${applicationId}/onchain`, undefined, signal),
    enabled: applicationId !== undefined,
    // Poll while a write is on its way, so its status moves on screen without a reload.
    refetchInterval: (query) => (query.state.data?.items.some(inFlight) ? 2_000 : false),
  });
}
