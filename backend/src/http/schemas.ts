/** Schemas of the HTTP layer itself (the problem document every refusal is rendered as). */
import { z } from "zod";

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    /** Field by field, on a validation refusal (validation_failed). */
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .catchall(z.unknown())
  .meta({ id: "Problem" });
