/** The production build served like a CDN with `/api` proxied: shared with the local stack (`npm start`). */
export { serveBuild, type StaticServer } from "@freehold/dev-kit/static-server";
