import { describe, expect, it } from "vitest";
import type { PropertyView } from "../../api/types";
import { blankPropertyFields, propertyBody, propertyFieldValues } from "./propertyFields";

const filled = {
  ...blankPropertyFields(),
  name: " Cais do Sodré Warehouse ",
  addressLine1: "Rua Nova do Carvalho 8",
  city: "Lisbon",
  floorAreaSqm: "3200",
  yearBuilt: "1908",
};

describe("property form bodies", () => {
  it("leaves empty optional fields out when registering, and sends numbers as numbers", () => {
    expect(propertyBody(filled, "create")).toEqual({
      name: "Cais do Sodré Warehouse",
      type: "RESIDENTIAL",
      description: undefined,
      addressLine1: "Rua Nova do Carvalho 8",
      city: "Lisbon",
      postalCode: undefined,
      country: "PT",
      floorAreaSqm: "3200",
      yearBuilt: 1908,
      floors: undefined,
    });
  });

  it("clears an emptied optional field with null when editing", () => {
    const body = propertyBody({ ...filled, floorAreaSqm: " ", yearBuilt: "" }, "update");
    expect(body["floorAreaSqm"]).toBeNull();
    expect(body["yearBuilt"]).toBeNull();
    expect(body["description"]).toBeNull();
  });

  it("round-trips a property's details through the edit form unchanged", () => {
    const p = {
      name: "Rua das Flores",
      type: "RETAIL",
      description: "Shops",
      address: {
        line1: "Rua das Flores 1",
        line2: null,
        city: "Porto",
        region: null,
        postalCode: "4050",
        country: "PT",
      },
      specifications: { floorAreaSqm: "120.5", yearBuilt: 1890, floors: 3 },
    } as unknown as PropertyView;
    expect(propertyBody(propertyFieldValues(p), "update")).toEqual({
      name: "Rua das Flores",
      type: "RETAIL",
      description: "Shops",
      addressLine1: "Rua das Flores 1",
      city: "Porto",
      postalCode: "4050",
      country: "PT",
      floorAreaSqm: "120.5",
      yearBuilt: 1890,
      floors: 3,
    });
  });
});
