import { z } from "zod";
import type { User } from "../generated/prisma/client.ts";
import { ROLES } from "../auth/actor.ts";
import { Cursor, EthAddress, Limit } from "../core/schemas.ts";
import type { KeyRing } from "../crypto/key-ring.ts";
import { openDisplayName } from "./display-name.ts";

export const RoleSchema = z.enum(ROLES).meta({ id: "Role" });

export const UserView = z
  .object({
    id: z.uuid(),
    address: EthAddress,
    displayName: z.string().nullable(),
    roles: z.array(RoleSchema),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "User" });

export function presentUser(u: User, ring: KeyRing): z.infer<typeof UserView> {
  return {
    id: u.id,
    address: u.address,
    displayName: openDisplayName(ring, u),
    roles: u.roles,
    version: u.version,
    createdAt: u.createdAt.toISOString(),
  };
}

/**
 * The email address is not a profile field: it is personal data kept encrypted and verified by a link
 * (`POST /me/email`, notifications). A body with `email` is refused (400, unknown key).
 */
export const UpdateProfileBody = z
  .object({
    displayName: z.string().trim().min(1).max(120).nullable().optional(),
  })
  .strict();

export const SetRolesBody = z
  .object({
    roles: z
      .array(RoleSchema)
      .min(1)
      .max(4)
      .refine((r) => new Set(r).size === r.length, "roles must not repeat"),
  })
  .strict();

export const ListUsersQuery = z.object({ role: RoleSchema.optional(), limit: Limit, cursor: Cursor });

export const UserPage = z
  .object({ items: z.array(UserView), nextCursor: z.string().nullable() })
  .meta({ id: "UserPage" });
