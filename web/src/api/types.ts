/**
 * Names the web app uses for the backend's shapes: every one an alias of a schema in the generated types
 * (generated/openapi.ts, from backend/openapi.json by `npm run openapi`), none written by hand. Amounts on chain are
 * strings of base units (JSON has no bigint); fiat amounts from the registry are decimal strings.
 */
import type { components, paths } from "./generated/openapi";

type Schemas = components["schemas"];

export type Role = Schemas["Role"];
/** `User` (`GET /auth/me`, `POST /auth/verify`). */
export type SessionUser = Schemas["User"];
export type PropertyType = Schemas["PropertyType"];
/** The registry's property state machine (backend/src/properties/workflow.ts): TOKENIZED to FUNDED follow the chain. */
export type PropertyStatus = Schemas["PropertyStatus"];
export type PropertyView = Schemas["Property"];
export type PropertySummary = Schemas["PropertySummary"];
/** The marketplace fields of a search result and of a detail: cover image, gross yield, the launched offering. */
export type PropertyMarketFields = Pick<PropertySummary, "coverImageUrl" | "yieldBps" | "chain">;
/** The latest offering the chain sync recorded. */
export type PropertyChainInfo = NonNullable<PropertySummary["chain"]>;
export type PropertyDocument = Schemas["PropertyDocument"];
export type LandTitle = Schemas["LandTitle"];
export type Valuation = Schemas["Valuation"];
export type PropertyUnit = Schemas["PropertyUnit"];
export type PropertyDetail = Schemas["PropertyDetail"];
export type DocumentMatch = Schemas["DocumentMatch"];
export type DocumentCheck = Schemas["DocumentCheck"];

/** A page of a cursor-paginated list: the document's page shape, for any item. */
export type Page<T> = Omit<Schemas["PropertyPage"], "items"> & { items: T[] };

type PropertyQuery = NonNullable<paths["/properties"]["get"]["parameters"]["query"]>;
/** The marketplace's filters: `GET /properties`'s query, where "" (an unset select) means any. */
export type PropertyFilters = Pick<PropertyQuery, "q" | "country" | "scope" | "sort" | "order" | "cursor"> & {
  type?: PropertyQuery["type"] | "";
  status?: PropertyQuery["status"] | "";
};
