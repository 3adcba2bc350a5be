/**
 * Who takes part in a journey, set up the one way every journey needs it. The browser journeys share one backend and
 * one chain (in CI, in any order), so only the platform's staff wallets are shared: the first admin (who is also the
 * compliance officer) and the property manager the deploy script allowed to launch. Every wallet whose state a
 * journey changes (KYC, balances, orders, sign-in) is the journey's own (`ownWallet`); `journey-data.test.ts` refuses
 * a development wallet of that kind in two journeys.
 */
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { rpc } from "@freehold/dev-kit/chain";
import { ApiSession, grantRoles } from "./api";
import { e2eEnv } from "./env";
import { ensureSanctionsList } from "./kyc";
import { DEV_KEYS } from "./wallet";

/** The development wallets every journey may use: staff whose roles journeys only confirm, never change. */
export const STAFF_KEYS = ["officer", "manager", "agent"] as const satisfies readonly (keyof typeof DEV_KEYS)[];

/** `key` signed in to the backend through the API (SIWE, as the app does). */
export function signInApi(key: Hex): Promise<ApiSession> {
  const env = e2eEnv();
  return ApiSession.signIn(env.apiUrl!, env.appUrl, env.chainId, key);
}

/**
 * The backend's configured first admin (DEV_KEYS.officer) signed in, also compliance officer and investor, with a
 * sanctions list active (KYC approval screens against it).
 */
export async function signInAdmin(): Promise<ApiSession> {
  const admin = await signInApi(DEV_KEYS.officer);
  await grantRoles(admin, admin, ["ADMIN", "COMPLIANCE_OFFICER", "INVESTOR"]);
  await ensureSanctionsList(admin);
  return admin;
}

/** A wallet signed in with `roles` granted by `admin` (the property manager: DEV_KEYS.manager, PROPERTY_MANAGER). */
export async function signInWithRoles(admin: ApiSession, key: Hex, roles: string[]): Promise<ApiSession> {
  const session = await signInApi(key);
  await grantRoles(admin, session, roles);
  return session;
}

/** The property manager (DEV_KEYS.manager: the deploy script let it launch on chain) with the manager role. */
export function signInManager(admin: ApiSession): Promise<ApiSession> {
  return signInWithRoles(admin, DEV_KEYS.manager, ["PROPERTY_MANAGER"]);
}

/** A wallet of the journey's own, never seen by another journey: a fresh key with 100 ETH for gas. */
export async function ownWallet(): Promise<Hex> {
  const key = generatePrivateKey();
  await rpc(e2eEnv().rpcUrl, "anvil_setBalance", [privateKeyToAccount(key).address, "0x56BC75E2D63100000"]);
  return key;
}
