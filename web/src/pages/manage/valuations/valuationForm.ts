/**
 * The manager's valuation form, checked as the backend checks `POST /properties/{id}/valuations`
 * (backend/src/valuations/schemas.ts, on the shared scalars of `@freehold/rules`: an amount of more than zero,
 * liabilities of zero or more, a valuer, a calendar date), in the API's words, beside the field. The form adds what
 * it knows: a valuation is not dated in the future.
 */
import { amount as decimalAmount, DateOnly, PositiveMoney, Text } from "@freehold/rules/scalars";
import type { components, paths } from "../../../api/generated/openapi";

export type ValuationRecord = components["schemas"]["ValuationRecord"];
export type ValuationBody = NonNullable<
  paths["/properties/{id}/valuations"]["post"]["requestBody"]
>["content"]["application/json"];

export interface ValuationFormValues {
  /** "" = the method's own kind (the server's default). */
  kind: ValuationBody["kind"] | "";
  method: ValuationBody["method"];
  amount: string;
  liabilities: string;
  valuer: string;
  valuedOn: string;
  documentId: string;
}

export type ValuationField = "amount" | "liabilities" | "valuer" | "valuedOn";

export type ValuationCheck =
  { ok: true; body: ValuationBody } | { ok: false; errors: Partial<Record<ValuationField, string>> };

const Liabilities = decimalAmount("the liabilities");
const Valuer = Text(200, "Name who valued the property.");

/** The first message of a scalar's refusal, in the words the API's 400 uses. */
function firstIssue(result: { success: boolean; error?: { issues: readonly { message: string }[] } }) {
  return result.success ? undefined : (result.error?.issues[0]?.message ?? "Check this value.");
}

const plain = (text: string) => text.trim().replace(/,/g, "");

export function checkValuation(values: ValuationFormValues, currency: string, today: string): ValuationCheck {
  const amount = plain(values.amount);
  const liabilities = plain(values.liabilities) || "0";
  const valuer = values.valuer.trim();
  const found: Record<ValuationField, string | undefined> = {
    amount: firstIssue(PositiveMoney.safeParse(amount)),
    liabilities: firstIssue(Liabilities.safeParse(liabilities)),
    valuer: firstIssue(Valuer.safeParse(valuer)),
    valuedOn:
      values.valuedOn === ""
        ? "Enter the valuation date."
        : (firstIssue(DateOnly.safeParse(values.valuedOn)) ??
          (values.valuedOn > today ? "A valuation date cannot be in the future." : undefined)),
  };
  const errors = Object.fromEntries(Object.entries(found).filter(([, e]) => e !== undefined)) as Partial<
    Record<ValuationField, string>
  >;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: {
      amount,
      currency,
      method: values.method,
      ...(values.kind ? { kind: values.kind } : {}),
      valuer,
      valuedOn: values.valuedOn,
      liabilities,
      ...(values.documentId ? { documentId: values.documentId } : {}),
    },
  };
}
