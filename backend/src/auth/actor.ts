/** Who is making a request, and the role checks every service uses. */
import type { Role } from "../generated/prisma/enums.ts";

export interface Actor {
  id: string;
  address: string;
  roles: Role[];
}

export const ROLES = ["ADMIN", "COMPLIANCE_OFFICER", "PROPERTY_MANAGER", "INVESTOR"] as const satisfies readonly Role[];

export function hasRole(actor: Actor | null | undefined, ...roles: Role[]): boolean {
  return !!actor && actor.roles.some((r) => roles.includes(r));
}

export const isAdmin = (actor: Actor | null | undefined): boolean => hasRole(actor, "ADMIN");
export const isOfficer = (actor: Actor | null | undefined): boolean => hasRole(actor, "COMPLIANCE_OFFICER");
