import type { Actor } from "../auth/actor.ts";

declare global {
  namespace Express {
    interface Request {
      /** Set by the session middleware: the signed-in user, or null. */
      actor?: Actor | null;
    }
  }
}

export {};
