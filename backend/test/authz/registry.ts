/** Matrix rows for the registry routes (auth, users, audit, properties, titles, documents, leases). */
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import {
  API,
  createProperty,
  etag,
  leaseInput,
  propertyWithTitle,
  titleInput,
  unit,
  uploadDocument,
  verifiedProperty,
} from "../support/fixtures.ts";
import { EVERYONE, SEES_DRAFT, SIGNED_IN, STAKE, type MatrixRow, type World } from "./types.ts";

async function draftProperty(w: World) {
  return createProperty(w.t, w.owner);
}

async function draftWithDoc(w: World) {
  const p = await draftProperty(w);
  const doc = await uploadDocument(w.t, w.owner, p.id, "IMAGE", `img ${Math.random()}`);
  return { p, doc: doc.body as { id: string } };
}

async function draftLease(w: World) {
  const p = await draftProperty(w);
  const u = await unit(w.t, w.owner, p.id);
  const res = await w.t.as(w.owner).post(`${API}/leases`, leaseInput(p.id, u.id));
  return { p, lease: res.body as { id: string; version: number } };
}

async function activeLease(w: World) {
  const { p, lease } = await draftLease(w);
  const act = await w.t
    .as(w.owner)
    .post(`${API}/leases/${lease.id}/transitions`, { to: "ACTIVE" }, { headers: etag(lease.version) });
  const schedule = await w.t.as(w.owner).get(`${API}/leases/${lease.id}/schedule`);
  return { p, lease: act.body as { id: string; version: number }, entryId: schedule.body[0].id as string };
}

async function titleWithEncumbrance(w: World) {
  const { title } = await propertyWithTitle(w.t, w.owner);
  const enc = await w.t.as(w.owner).post(`${API}/titles/${title.id}/encumbrances`, {
    kind: "LIEN",
    holder: "Tax office",
    description: "Unpaid tax",
    registeredOn: "2024-01-01",
  });
  return { title, enc: enc.body as { id: string } };
}

const p = (path: string) => `${API}${path}`;

export const rows: MatrixRow[] = [
  // --- auth
  { route: "POST /auth/nonce", allow: EVERYONE, request: async () => ({ path: p("/auth/nonce") }) },
  {
    route: "POST /auth/verify",
    allow: EVERYONE,
    request: async (w) => {
      const account = privateKeyToAccount(generatePrivateKey());
      const nonce = (await w.t.anonymous.post(p("/auth/nonce"))).body.nonce as string;
      const message = createSiweMessage({
        address: account.address,
        chainId: w.t.config.siwe.chainId,
        domain: w.t.config.siwe.domain,
        nonce,
        uri: w.t.config.webOrigin,
        version: "1",
      });
      return { path: p("/auth/verify"), body: { message, signature: await account.signMessage({ message }) } };
    },
  },
  {
    route: "POST /auth/logout",
    allow: SIGNED_IN,
    request: async () => ({ path: p("/auth/logout"), freshSession: true }),
  },
  { route: "GET /auth/me", allow: SIGNED_IN, request: async () => ({ path: p("/auth/me") }) },
  { route: "GET /auth/session", allow: EVERYONE, request: async () => ({ path: p("/auth/session") }) },
  // --- users
  { route: "GET /users", allow: ["admin"], request: async () => ({ path: p("/users") }) },
  { route: "GET /users/:id", allow: ["admin"], request: async (w) => ({ path: p(`/users/${(await w.t.user()).id}`) }) },
  {
    route: "PATCH /users/me",
    allow: SIGNED_IN,
    request: async (w, caller) => {
      const id = caller === "anonymous" ? w.users.investor.id : w.users[caller].id;
      const { version } = await w.t.db.user.findUniqueOrThrow({ where: { id } });
      return { path: p("/users/me"), body: { displayName: `name ${version}` }, headers: etag(version) };
    },
  },
  {
    route: "PUT /users/:id/roles",
    allow: ["admin"],
    request: async (w) => ({
      path: p(`/users/${(await w.t.user()).id}/roles`),
      body: { roles: ["INVESTOR", "PROPERTY_MANAGER"] },
      headers: etag(1),
    }),
  },
  // --- audit
  { route: "GET /audit", allow: ["officer", "admin"], request: async () => ({ path: p("/audit") }) },
  { route: "GET /audit/verify", allow: ["officer", "admin"], request: async () => ({ path: p("/audit/verify") }) },
  // --- properties
  {
    route: "POST /properties",
    allow: ["owner", "otherManager", "admin"],
    request: async () => ({
      path: p("/properties"),
      body: { name: "Matrix", type: "LAND", addressLine1: "1 Road", city: "Évora", country: "PT", currency: "EUR" },
    }),
  },
  { route: "GET /properties", allow: EVERYONE, request: async () => ({ path: p("/properties?limit=5") }) },
  {
    route: "GET /properties/:id",
    allow: SEES_DRAFT,
    request: async (w) => ({ path: p(`/properties/${(await draftProperty(w)).id}`) }),
  },
  {
    route: "PATCH /properties/:id",
    allow: STAKE,
    request: async (w) => ({
      path: p(`/properties/${(await draftProperty(w)).id}`),
      body: { name: "Edited" },
      headers: etag(1),
    }),
  },
  {
    route: "POST /properties/:id/transitions",
    allow: STAKE,
    request: async (w) => ({
      path: p(`/properties/${(await draftProperty(w)).id}/transitions`),
      body: { to: "SUBMITTED" },
      headers: etag(1),
    }),
  },
  {
    route: "GET /properties/:id/history",
    allow: SEES_DRAFT,
    request: async (w) => ({ path: p(`/properties/${(await draftProperty(w)).id}/history`) }),
  },
  {
    route: "POST /properties/:id/documents",
    allow: STAKE,
    request: async (w) => {
      const form = new FormData();
      form.append("kind", "SURVEY");
      form.append("file", new Blob([`survey ${Math.random()}`]), "survey.pdf");
      return { path: p(`/properties/${(await draftProperty(w)).id}/documents`), form };
    },
  },
  {
    route: "GET /properties/:id/documents",
    allow: SEES_DRAFT,
    request: async (w) => ({ path: p(`/properties/${(await draftProperty(w)).id}/documents`) }),
  },
  {
    route: "GET /properties/:id/documents/:documentId/content",
    allow: SEES_DRAFT,
    request: async (w) => {
      const { p: prop, doc } = await draftWithDoc(w);
      return { path: p(`/properties/${prop.id}/documents/${doc.id}/content`) };
    },
  },
  {
    route: "POST /properties/:id/units",
    allow: STAKE,
    request: async (w) => ({ path: p(`/properties/${(await draftProperty(w)).id}/units`), body: { label: "Z-9" } }),
  },
  {
    route: "GET /properties/:id/units",
    allow: SEES_DRAFT,
    request: async (w) => ({ path: p(`/properties/${(await draftProperty(w)).id}/units`) }),
  },
  // --- titles
  {
    route: "POST /properties/:id/title",
    allow: STAKE,
    request: async (w) => {
      const prop = await draftProperty(w);
      const doc = await uploadDocument(w.t, w.owner, prop.id, "TITLE_DEED", `deed ${Math.random()}`);
      return { path: p(`/properties/${prop.id}/title`), body: titleInput(doc.body.id) };
    },
  },
  {
    route: "GET /titles/:id",
    allow: SEES_DRAFT,
    request: async (w) => ({ path: p(`/titles/${(await propertyWithTitle(w.t, w.owner)).title.id}`) }),
  },
  {
    route: "PATCH /titles/:id",
    allow: STAKE,
    request: async (w) => ({
      path: p(`/titles/${(await propertyWithTitle(w.t, w.owner)).title.id}`),
      body: { parcelId: "P-2" },
      headers: etag(1),
    }),
  },
  {
    route: "POST /titles/:id/verify",
    allow: ["officer"],
    request: async (w) => ({
      path: p(`/titles/${(await propertyWithTitle(w.t, w.owner)).title.id}/verify`),
      headers: etag(1),
    }),
  },
  {
    route: "POST /titles/:id/reject",
    allow: ["officer"],
    request: async (w) => ({
      path: p(`/titles/${(await propertyWithTitle(w.t, w.owner)).title.id}/reject`),
      body: { reason: "No" },
      headers: etag(1),
    }),
  },
  {
    route: "POST /titles/:id/encumbrances",
    allow: ["owner", "officer", "admin"],
    request: async (w) => ({
      path: p(`/titles/${(await propertyWithTitle(w.t, w.owner)).title.id}/encumbrances`),
      body: { kind: "EASEMENT", holder: "Utility", description: "Right of way", registeredOn: "2020-01-01" },
    }),
  },
  {
    route: "POST /titles/:id/encumbrances/:encumbranceId/release",
    allow: ["owner", "officer", "admin"],
    request: async (w) => {
      const { title, enc } = await titleWithEncumbrance(w);
      return { path: p(`/titles/${title.id}/encumbrances/${enc.id}/release`), body: { releasedOn: "2025-01-01" } };
    },
  },
  {
    route: "POST /titles/:id/transfers",
    allow: ["officer", "admin"],
    request: async (w) => {
      const { title } = await verifiedProperty(w.t, w.owner, w.users.officer);
      return {
        path: p(`/titles/${title.id}/transfers`),
        body: { newOwner: "New SPV", acquiredOn: "2026-01-01", instrument: "Deed 1" },
        headers: etag(title.version),
      };
    },
  },
  {
    route: "GET /titles/:id/ownership",
    allow: SEES_DRAFT,
    request: async (w) => ({ path: p(`/titles/${(await propertyWithTitle(w.t, w.owner)).title.id}/ownership`) }),
  },
  {
    route: "GET /documents/check",
    allow: EVERYONE,
    request: async () => ({ path: p(`/documents/check?sha256=${"ab".repeat(32)}`) }),
  },
  {
    route: "POST /documents/check",
    allow: EVERYONE,
    request: async () => {
      const form = new FormData();
      form.append("file", new Blob(["anything"]), "x.pdf");
      return { path: p("/documents/check"), form };
    },
  },
  // --- leases
  {
    route: "POST /leases",
    allow: STAKE,
    request: async (w) => {
      const prop = await draftProperty(w);
      const u = await unit(w.t, w.owner, prop.id);
      return { path: p("/leases"), body: leaseInput(prop.id, u.id) };
    },
  },
  { route: "GET /leases", allow: SIGNED_IN, request: async () => ({ path: p("/leases") }) },
  {
    route: "GET /leases/overdue",
    allow: ["owner", "otherManager", "officer", "admin"],
    request: async () => ({ path: p("/leases/overdue?asOf=2026-06-01") }),
  },
  {
    route: "GET /leases/:id",
    allow: SEES_DRAFT,
    request: async (w) => ({ path: p(`/leases/${(await draftLease(w)).lease.id}`) }),
  },
  {
    route: "POST /leases/:id/transitions",
    allow: STAKE,
    request: async (w) => ({
      path: p(`/leases/${(await draftLease(w)).lease.id}/transitions`),
      body: { to: "ACTIVE" },
      headers: etag(1),
    }),
  },
  {
    route: "GET /leases/:id/schedule",
    allow: SEES_DRAFT,
    request: async (w) => ({ path: p(`/leases/${(await draftLease(w)).lease.id}/schedule`) }),
  },
  {
    route: "POST /leases/:id/payments",
    allow: STAKE,
    request: async (w) => {
      const { lease, entryId } = await activeLease(w);
      return {
        path: p(`/leases/${lease.id}/payments`),
        body: { scheduleEntryId: entryId, amount: "100.00", paidOn: "2026-01-03", method: "CASH" },
      };
    },
  },
  {
    route: "GET /properties/:id/rent-collected",
    allow: SEES_DRAFT,
    request: async (w) => ({
      path: p(`/properties/${(await draftProperty(w)).id}/rent-collected?from=2026-01-01&to=2026-12-01`),
    }),
  },
];
