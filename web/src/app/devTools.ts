/**
 * Development tools (the caught-mail page) are compiled in only for the Vite dev server and for a build made with
 * `VITE_DEV_TOOLS=true` (the local stack's `npm start`): Vite replaces both at build time, so a production build
 * keeps neither the route nor its chunk.
 */
export const DEV_TOOLS: boolean = import.meta.env.DEV || import.meta.env.VITE_DEV_TOOLS === "true";
