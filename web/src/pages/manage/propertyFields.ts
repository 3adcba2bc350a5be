/** The descriptive fields of a property as the register and edit forms hold them (strings), and their request bodies. */
import type { PropertyView } from "../../api/types";

export type PropertyFieldValues = Record<
  | "name"
  | "type"
  | "description"
  | "addressLine1"
  | "city"
  | "postalCode"
  | "country"
  | "floorAreaSqm"
  | "yearBuilt"
  | "floors",
  string
>;

export const blankPropertyFields = (): PropertyFieldValues => ({
  name: "",
  type: "RESIDENTIAL",
  description: "",
  addressLine1: "",
  city: "",
  postalCode: "",
  country: "PT",
  floorAreaSqm: "",
  yearBuilt: "",
  floors: "",
});

/** A property's current details as form values (what the edit form starts from). */
export function propertyFieldValues(p: PropertyView): PropertyFieldValues {
  const text = (v: string | number | null) => (v === null ? "" : String(v));
  return {
    name: p.name,
    type: p.type,
    description: text(p.description),
    addressLine1: p.address.line1,
    city: p.address.city,
    postalCode: text(p.address.postalCode),
    country: p.address.country,
    floorAreaSqm: text(p.specifications.floorAreaSqm),
    yearBuilt: text(p.specifications.yearBuilt),
    floors: text(p.specifications.floors),
  };
}

/**
 * The body of `POST /properties` (`mode: "create"`: an empty optional field is left out) or `PATCH /properties/:id`
 * (`"update"`: an emptied optional field is sent as null, which clears it). Numbers are sent as numbers; anything the
 * backend refuses comes back as a field error under `body.<field>`.
 */
export function propertyBody(v: PropertyFieldValues, mode: "create" | "update"): Record<string, unknown> {
  const empty = mode === "create" ? undefined : null;
  const optional = (s: string) => (s.trim() === "" ? empty : s.trim());
  const number = (s: string) => (s.trim() === "" ? empty : Number(s));
  return {
    name: v.name.trim(),
    type: v.type,
    description: optional(v.description),
    addressLine1: v.addressLine1.trim(),
    city: v.city.trim(),
    postalCode: optional(v.postalCode),
    country: v.country,
    floorAreaSqm: optional(v.floorAreaSqm),
    yearBuilt: number(v.yearBuilt),
    floors: number(v.floors),
  };
}
