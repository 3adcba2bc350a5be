/** Lease routes: draft, workflow, schedule, payments, overdue detection and rent collected per period. */
import { z } from "zod";
import { keyRingOf } from "../http/deps.ts";
import { defineRoute, type RouteSpec } from "../http/route.ts";
import { IdParams, parseDateOnly } from "../core/schemas.ts";
import {
  AsOfQuery,
  CollectedQuery,
  CollectedView,
  CreateLeaseBody,
  LeasePage,
  LeaseTransitionBody,
  LeaseView,
  ListLeasesQuery,
  OverdueQuery,
  PaymentBody,
  PaymentView,
  RentSummaryView,
  ScheduleEntryView,
  presentLease,
  presentPayment,
} from "./schemas.ts";
import { rentSummary } from "./summary.ts";
import {
  createLease,
  getLease,
  getSchedule,
  listLeases,
  listOverdue,
  recordPayment,
  rentCollected,
  transitionLease,
} from "./service.ts";

const MANAGERS = ["ADMIN", "PROPERTY_MANAGER"] as const;
const READERS = ["ADMIN", "PROPERTY_MANAGER", "COMPLIANCE_OFFICER"] as const;

const today = (): Date => parseDateOnly(new Date().toISOString().slice(0, 10));
const asOfDate = (asOf: string | undefined): Date => (asOf ? parseDateOnly(asOf) : today());

export const leaseRoutes: RouteSpec[] = [
  defineRoute({
    method: "post",
    path: "/leases",
    summary: "Draft a lease on a unit",
    tags: ["leases"],
    access: MANAGERS,
    idempotent: true,
    body: CreateLeaseBody,
    responses: { 201: { description: "Drafted", schema: LeaseView } },
    handler: async ({ deps, actor, body, transaction }) =>
      transaction(async (tx) => {
        const lease = await createLease(tx, deps.config, actor, body);
        return { status: 201, body: presentLease(lease, keyRingOf(deps)), version: lease.version };
      }),
  }),
  defineRoute({
    method: "get",
    path: "/leases",
    summary: "Leases the caller manages, reviews or rents",
    tags: ["leases"],
    access: "authenticated",
    query: ListLeasesQuery,
    responses: { 200: { description: "A page of leases", schema: LeasePage } },
    handler: async ({ deps, actor, query }) => {
      const page = await listLeases(deps.db, actor, query);
      return {
        status: 200,
        body: { items: page.items.map((l) => presentLease(l, keyRingOf(deps))), nextCursor: page.nextCursor },
      };
    },
  }),
  defineRoute({
    method: "get",
    path: "/leases/overdue",
    summary: "Overdue rent across the caller's leases",
    tags: ["leases"],
    access: READERS,
    query: OverdueQuery,
    responses: { 200: { description: "Overdue schedule entries", schema: z.array(ScheduleEntryView) } },
    handler: async ({ deps, actor, query }) => ({
      status: 200,
      body: await listOverdue(deps.db, actor, asOfDate(query.asOf), query.propertyId),
    }),
  }),
  defineRoute({
    method: "get",
    path: "/leases/:id",
    summary: "A lease",
    tags: ["leases"],
    access: "authenticated",
    params: IdParams,
    responses: { 200: { description: "The lease", schema: LeaseView } },
    handler: async ({ deps, actor, params }) => {
      const lease = await getLease(deps.db, actor, params.id);
      return { status: 200, body: presentLease(lease, keyRingOf(deps)), version: lease.version };
    },
  }),
  defineRoute({
    method: "post",
    path: "/leases/:id/transitions",
    summary: "Activate (generates the rent schedule), terminate, expire or cancel a lease",
    tags: ["leases"],
    access: MANAGERS,
    params: IdParams,
    ifMatch: true,
    body: LeaseTransitionBody,
    responses: { 200: { description: "Moved", schema: LeaseView } },
    handler: async ({ deps, actor, params, body, expectedVersion, transaction }) =>
      transaction(async (tx) => {
        const lease = await transitionLease(tx, actor, params.id, expectedVersion, body, today());
        return { status: 200, body: presentLease(lease, keyRingOf(deps)), version: lease.version };
      }),
  }),
  defineRoute({
    method: "get",
    path: "/leases/:id/schedule",
    summary: "Rent schedule with what was paid and what is overdue",
    tags: ["leases"],
    access: "authenticated",
    params: IdParams,
    query: AsOfQuery,
    responses: { 200: { description: "Schedule entries", schema: z.array(ScheduleEntryView) } },
    handler: async ({ deps, actor, params, query }) => ({
      status: 200,
      body: await getSchedule(deps.db, actor, params.id, asOfDate(query.asOf)),
    }),
  }),
  defineRoute({
    method: "post",
    path: "/leases/:id/payments",
    summary: "Record a rent payment against a schedule entry",
    tags: ["leases"],
    access: MANAGERS,
    params: IdParams,
    idempotent: true,
    body: PaymentBody,
    responses: { 201: { description: "Recorded", schema: PaymentView } },
    handler: async ({ actor, params, body, transaction }) =>
      transaction(async (tx) => ({
        status: 201,
        body: presentPayment(await recordPayment(tx, actor, params.id, body)),
      })),
  }),
  defineRoute({
    method: "get",
    path: "/properties/:id/rent-collected",
    summary: "Gross, fees and net rent collected per month",
    tags: ["leases"],
    access: READERS,
    params: IdParams,
    query: CollectedQuery,
    responses: { 200: { description: "Per-month totals", schema: CollectedView } },
    handler: async ({ deps, actor, params, query }) => ({
      status: 200,
      body: await rentCollected(deps.db, actor, params.id, parseDateOnly(query.from), parseDateOnly(query.to)),
    }),
  }),
  defineRoute({
    method: "get",
    path: "/properties/:id/rent-summary",
    summary:
      "Occupancy, contracted rent, gross yield, net rent collected over 12 months and overdue count (no tenant data)",
    tags: ["leases"],
    access: "public",
    params: IdParams,
    responses: { 200: { description: "The property's rent figures", schema: RentSummaryView } },
    handler: async ({ deps, actor, params }) => ({
      status: 200,
      body: await rentSummary(deps.db, actor, params.id, today()),
    }),
  }),
];
