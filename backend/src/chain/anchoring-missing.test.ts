/**
 * What document anchoring sends (missingDocuments, one statement for every token) against the rules written out
 * over the same registry in TypeScript, for generated registries: tokens (several per property, on another chain,
 * of unknown properties, offerings that share the property id), titles in every status, documents with and without
 * valuations in every status, draft and closed periods, and DocumentUpdated events on the right token, another token
 * and another chain, in either letter case. The end-to-end behaviour is anchoring.test.ts's.
 */
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { missingDocuments } from "./anchoring.ts";

const CHAIN = 31337;
const sha = (text: string): string => createHash("sha256").update(text).digest("hex");

const registry = fc.array(
  fc.record({
    title: fc.constantFrom("none", "PENDING", "VERIFIED", "REJECTED"),
    docs: fc.array(
      fc.record({
        valuations: fc.array(fc.constantFrom("RECORDED", "APPROVED", "REJECTED"), { maxLength: 2 }),
        /** 0: on the property's token, 1: on another token, 2: on another chain; -1: none */
        anchored: fc.integer({ min: -1, max: 2 }),
        upper: fc.boolean(),
      }),
      { maxLength: 3 },
    ),
    periods: fc.array(fc.record({ closed: fc.boolean(), anchored: fc.boolean() }), { maxLength: 2 }),
    /** PropertyToken contracts of the property on this chain (a relaunch makes two). */
    tokens: fc.integer({ min: 0, max: 2 }),
    elsewhere: fc.boolean(),
  }),
  { minLength: 1, maxLength: 4 },
);

describe("document anchoring: what a pass sends", () => {
  let t: TestContext;
  let checker: TestUser;

  before(async () => {
    t = await createTestContext();
    checker = await t.user("COMPLIANCE_OFFICER");
  });
  after(async () => t?.close());

  it("class: for any registry and chain, exactly the unanchored documents and closed statements of verified properties' tokens", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(registry, async (properties) => {
        await t.db.$executeRawUnsafe(
          `TRUNCATE chain_events, chain_contracts, valuations, financial_periods, land_titles, property_documents, properties CASCADE`,
        );
        const expected: string[] = [];
        const event = async (address: string, chainId: number, hash: string) =>
          t.db
            .$executeRaw`INSERT INTO chain_events ("chainId", "blockNumber", "logIndex", "blockHash", "txHash", "blockTime",
              address, contract, name, args)
            VALUES (${chainId}, ${++n}, 0, ${"0x" + "1".repeat(64)}, ${"0x" + "2".repeat(64)}, now(), ${address},
              'PropertyToken', 'DocumentUpdated', ${JSON.stringify({ documentHash: hash })}::jsonb)`;
        for (const [i, p] of properties.entries()) {
          const property = await t.db.property.create({
            data: {
              ownerId: t.admin.id,
              name: `P${i}`,
              type: "RESIDENTIAL",
              addressLine1: "1 Rua",
              city: "Lisboa",
              country: "PT",
              currency: "EUR",
            },
          });
          const tokens = Array.from({ length: p.tokens }, () => `0x${randomUUID().replace(/-/g, "").padEnd(40, "0")}`);
          const other = `0x${"e".repeat(38)}${i.toString(16).padStart(2, "0")}`;
          for (const address of tokens)
            await t.db.chainContract.create({
              data: {
                chainId: CHAIN,
                address,
                kind: "PropertyToken",
                propertyId: propertyIdToBytes32(property.id),
                fromBlock: 1,
              },
            });
          if (p.elsewhere) {
            await t.db.chainContract.create({
              data: {
                chainId: CHAIN + 1,
                address: other,
                kind: "PropertyToken",
                propertyId: propertyIdToBytes32(property.id),
                fromBlock: 1,
              },
            });
            await t.db.chainContract.create({
              data: {
                chainId: CHAIN,
                address: `0x${randomUUID().replace(/-/g, "").padEnd(40, "f")}`,
                kind: "PropertyOffering",
                propertyId: propertyIdToBytes32(property.id),
                fromBlock: 1,
              },
            });
          }
          const verified = p.title === "VERIFIED";
          const docIds: string[] = [];
          for (const [j, d] of p.docs.entries()) {
            const hash = sha(`${property.id}:${j}`);
            const doc = await t.db.propertyDocument.create({
              data: {
                propertyId: property.id,
                kind: "SURVEY",
                fileName: `d${j}.pdf`,
                contentType: "application/pdf",
                sizeBytes: 1,
                sha256: hash,
                uploadedById: t.admin.id,
              },
            });
            docIds.push(doc.id);
            for (const status of d.valuations)
              await t.db.valuation.create({
                data: {
                  propertyId: property.id,
                  kind: "APPRAISAL",
                  amount: "100000",
                  currency: "EUR",
                  method: "APPRAISAL",
                  valuer: "V",
                  valuedOn: new Date("2026-01-01"),
                  documentId: doc.id,
                  status,
                  recordedById: t.admin.id,
                  ...(status === "RECORDED"
                    ? {}
                    : {
                        decidedById: checker.id,
                        decidedAt: new Date(),
                        ...(status === "REJECTED" ? { decisionReason: "no" } : {}),
                      }),
                },
              });
            const shown = `0x${d.upper ? hash.toUpperCase() : hash}`;
            if (d.anchored === 0) for (const address of tokens.slice(0, 1)) await event(address, CHAIN, shown);
            if (d.anchored === 1) await event(other, CHAIN, shown);
            if (d.anchored === 2) await event(tokens[0] ?? other, CHAIN + 1, shown);
            const eligible = d.valuations.length === 0 || d.valuations.includes("APPROVED");
            for (const [k, address] of tokens.entries())
              if (verified && eligible && !(d.anchored === 0 && k === 0)) expected.push(`${address} ${doc.id}`);
          }
          if (p.title !== "none") {
            const deed =
              docIds[0] ??
              (
                await t.db.propertyDocument.create({
                  data: {
                    propertyId: property.id,
                    kind: "TITLE_DEED",
                    fileName: "deed.pdf",
                    contentType: "application/pdf",
                    sizeBytes: 1,
                    sha256: sha(`deed:${property.id}`),
                    uploadedById: t.admin.id,
                  },
                })
              ).id;
            if (docIds.length === 0) for (const address of tokens) if (verified) expected.push(`${address} ${deed}`);
            await t.db.landTitle.create({
              data: {
                propertyId: property.id,
                jurisdiction: "PT",
                titleNumber: `T-${property.id}`,
                parcelId: "1",
                registryOffice: "Lisboa",
                ownerOfRecord: "Owner",
                tenure: "FREEHOLD",
                areaSqm: "100",
                documentId: deed,
                documentSha256: (await t.db.propertyDocument.findUniqueOrThrow({ where: { id: deed } })).sha256,
                status: p.title,
                ...(verified ? { verifiedById: checker.id, verifiedAt: new Date() } : {}),
              },
            });
          }
          for (const [m, period] of p.periods.entries()) {
            const statement = `statement ${property.id} ${m}`;
            const row = await t.db.financialPeriod.create({
              data: {
                propertyId: property.id,
                year: 2026,
                month: m + 1,
                currency: "EUR",
                createdById: t.admin.id,
                ...(period.closed
                  ? {
                      status: "CLOSED",
                      closedById: t.admin.id,
                      closedAt: new Date(),
                      statement,
                      statementSha256: sha(statement),
                    }
                  : {}),
              },
            });
            if (period.anchored) for (const address of tokens) await event(address, CHAIN, `0x${sha(statement)}`);
            if (period.closed && !period.anchored && verified)
              for (const address of tokens) expected.push(`${address} ${row.id}`);
          }
        }
        const pending = await missingDocuments(t.db, CHAIN);
        assert.deepEqual(pending.map((d) => `${d.token} ${d.documentId}`).sort(), expected.sort());
        for (const d of pending) {
          assert.match(d.uri, /^\/api\/v1\/(properties\/[0-9a-f-]{36}\/documents|financial-periods)\/[0-9a-f-]{36}/);
          assert.ok(d.uri.includes(d.documentId));
        }
      }),
      { numRuns: 25 },
    );
  });
});
