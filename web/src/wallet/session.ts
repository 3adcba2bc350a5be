/**
 * The backend session (SIWE, httpOnly cookie): who is signed in, signing in and out. The session belongs to one
 * address; when the wallet switches accounts the app treats the user as signed out for that account.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getAddress } from "viem";
import { useConnection, useSignMessage } from "wagmi";
import { useApi } from "../api/ApiContext";
import { data } from "../api/client";
import { sessionKeys } from "../api/queryKeys";
import type { Role, SessionUser } from "../api/types";
import { useAppConfig } from "../app/AppConfigContext";
import { buildSiweMessage } from "./siwe";

/**
 * The signed-in user, or `null` when signed out. `GET /auth/session` answers 200 either way, so an anonymous visit
 * makes no failed request (the browser would log a 401 from `/auth/me` as a console error).
 */
export function useSession() {
  const api = useApi();
  return useQuery({
    queryKey: sessionKeys.session,
    queryFn: async ({ signal }) => (await data(api.GET("/auth/session", { signal }))).user,
    staleTime: 60_000,
    retry: false,
  });
}

/** The session only if it belongs to the connected wallet. */
export function useSignedIn(): {
  session: SessionUser | null;
  mismatch: boolean;
  hasRole: (role: Role) => boolean;
  isLoading: boolean;
} {
  const { address } = useConnection();
  const { data, isLoading } = useSession();
  const session = data ?? null;
  const matches = Boolean(session && address && getAddress(session.address) === getAddress(address));
  const current = matches ? session : null;
  return {
    session: current,
    mismatch: Boolean(session && address && !matches),
    hasRole: (role) => Boolean(current?.roles.includes(role)),
    isLoading,
  };
}

export function useSignIn() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { chainId } = useAppConfig();
  const { address } = useConnection();
  const { mutateAsync: signMessage } = useSignMessage();
  return useMutation({
    mutationFn: async () => {
      if (!address) throw new Error("Connect a wallet first.");
      const { nonce } = await data(api.POST("/auth/nonce"));
      const message = buildSiweMessage({ address, chainId, nonce, origin: window.location.origin });
      const signature = await signMessage({ message });
      return data(api.POST("/auth/verify", { body: { message, signature } }));
    },
    onSuccess: (session) => queryClient.setQueryData(sessionKeys.session, session),
  });
}

export function useSignOut() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => data(api.POST("/auth/logout")),
    onSettled: () => {
      // Drop every cached answer rather than invalidate: an invalidation refetches the active queries at once, and
      // the signed-in user's own (the bell's unread count) are still enabled until React renders the signed-out
      // state, so each would be refused with a 401. Components rebuild their queries on that render.
      queryClient.clear();
      queryClient.setQueryData(sessionKeys.session, null);
    },
  });
}
