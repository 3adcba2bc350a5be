/**
 * Reads `schema.graphql` and checks entities the way graph-node does when a mapping calls `store.set`:
 * the entity type exists; every attribute is a field of that type; no derived field is stored; every
 * non-null field is present and not null; each value has the kind its GraphQL type maps to (references take the
 * kind of the referenced entity's id; enum values are among the enum's values); the `id` attribute equals the
 * id passed to `store.set`. Immutable entities are enforced by the store (see store.ts).
 */
import { Kind, parse, type FieldDefinitionNode, type TypeNode } from "graphql";
import { type EntityData, type StoreValue, type StoreValueKind } from "./store-values.js";

export interface FieldType {
  /** Scalar, enum or entity name. */
  name: string;
  nonNull: boolean;
  list: boolean;
  itemNonNull: boolean;
}

export interface EntityField {
  name: string;
  type: FieldType;
  /** For `@derivedFrom(field: "x")`: the field `x` of the referenced type that points back here. */
  derivedFrom?: string;
}

export interface EntityType {
  name: string;
  immutable: boolean;
  fields: Map<string, EntityField>;
}

const SCALAR_KINDS: Record<string, StoreValueKind> = {
  ID: "String",
  String: "String",
  Bytes: "Bytes",
  Int: "Int",
  Int8: "Int8",
  BigInt: "BigInt",
  BigDecimal: "BigDecimal",
  Boolean: "Bool",
  Timestamp: "Timestamp",
};

/** Names graph-node's API schema defines itself (a subgraph using them is rejected or breaks queries). */
const RESERVED_TYPES = new Set(["Query", "Subscription", "Block_height", "BlockChangedFilter", "OrderDirection"]);

function fieldType(node: TypeNode): FieldType {
  let nonNull = false;
  let inner = node;
  if (inner.kind === Kind.NON_NULL_TYPE) {
    nonNull = true;
    inner = inner.type;
  }
  if (inner.kind === Kind.LIST_TYPE) {
    const item = inner.type;
    const itemNonNull = item.kind === Kind.NON_NULL_TYPE;
    const named = itemNonNull ? item.type : item;
    if (named.kind !== Kind.NAMED_TYPE) throw new Error("nested lists are not supported by the test host");
    return { name: named.name.value, nonNull, list: true, itemNonNull };
  }
  if (inner.kind !== Kind.NAMED_TYPE) throw new Error("unexpected type node");
  return { name: inner.name.value, nonNull, list: false, itemNonNull: false };
}

export class EntitySchema {
  readonly entities = new Map<string, EntityType>();
  readonly enums = new Map<string, Set<string>>();

  constructor(source: string) {
    const document = parse(source);
    for (const def of document.definitions) {
      if (def.kind === Kind.ENUM_TYPE_DEFINITION) {
        this.enums.set(def.name.value, new Set((def.values ?? []).map((v) => v.name.value)));
      } else if (def.kind === Kind.OBJECT_TYPE_DEFINITION) {
        if (RESERVED_TYPES.has(def.name.value) || def.name.value.startsWith("_")) {
          throw new Error(`type name ${def.name.value} is reserved by graph-node's GraphQL API`);
        }
        const entity = def.directives?.find((d) => d.name.value === "entity");
        if (!entity) throw new Error(`type ${def.name.value} has no @entity directive`);
        const immutableArg = entity.arguments?.find((a) => a.name.value === "immutable");
        if (entity.arguments?.some((a) => a.name.value === "timeseries")) {
          throw new Error(`${def.name.value}: timeseries entities are not supported by the test host`);
        }
        const immutable = immutableArg?.value.kind === Kind.BOOLEAN ? immutableArg.value.value : false;
        const fields = new Map<string, EntityField>();
        for (const f of def.fields ?? ([] as readonly FieldDefinitionNode[])) {
          const directive = f.directives?.find((d) => d.name.value === "derivedFrom");
          const arg = directive?.arguments?.find((a) => a.name.value === "field")?.value;
          if (directive && arg?.kind !== Kind.STRING)
            throw new Error(`${def.name.value}.${f.name.value}: @derivedFrom needs field`);
          const derivedFrom = arg?.kind === Kind.STRING ? arg.value : undefined;
          fields.set(f.name.value, { name: f.name.value, type: fieldType(f.type), derivedFrom });
        }
        if (!fields.has("id")) throw new Error(`entity ${def.name.value} has no id field`);
        this.entities.set(def.name.value, { name: def.name.value, immutable, fields });
      } else if (def.kind !== Kind.SCHEMA_DEFINITION && def.kind !== Kind.DIRECTIVE_DEFINITION) {
        throw new Error(`schema definition of kind ${def.kind} is not supported by the test host`);
      }
    }
    this.checkDerivedFields();
  }

  /** graph-node's deploy-time check: a derived field names a field of the derived type that points back here. */
  private checkDerivedFields(): void {
    for (const type of this.entities.values()) {
      for (const field of type.fields.values()) {
        if (!field.derivedFrom) continue;
        const target = this.entities.get(field.type.name);
        const back = target?.fields.get(field.derivedFrom);
        if (!target || !back || back.type.name !== type.name) {
          throw new Error(
            `${type.name}.${field.name}: @derivedFrom(field: "${field.derivedFrom}") must name a field of ${field.type.name} of type ${type.name}`,
          );
        }
      }
    }
  }

  entity(name: string): EntityType {
    const type = this.entities.get(name);
    if (!type) throw new Error(`Entity type ${name} is not defined in the schema`);
    return type;
  }

  /** The store value kind a named GraphQL type holds (scalars, enums as strings, references as the target's id). */
  kindOf(typeName: string): StoreValueKind {
    const scalar = SCALAR_KINDS[typeName];
    if (scalar) return scalar;
    if (this.enums.has(typeName)) return "String";
    const target = this.entities.get(typeName);
    if (target) return this.kindOf(target.fields.get("id")!.type.name);
    throw new Error(`unknown GraphQL type ${typeName}`);
  }

  /** Throws the error graph-node would raise for an invalid entity; `id` is the key passed to `store.set`. */
  validate(entityName: string, id: string, data: EntityData): void {
    const type = this.entity(entityName);
    const where = `${entityName}[${id}]`;
    for (const [name, value] of data) {
      const field = type.fields.get(name);
      if (!field) throw new Error(`${where}: attribute \`${name}\` is not a field of ${entityName} in the schema`);
      if (field.derivedFrom) throw new Error(`${where}: \`${name}\` is derived (@derivedFrom) and must not be stored`);
      this.checkValue(where, field, value);
    }
    for (const field of type.fields.values()) {
      if (field.derivedFrom || !field.type.nonNull) continue;
      const value = data.get(field.name);
      if (!value || value.kind === "Null")
        throw new Error(`${where}: missing value for non-nullable field \`${field.name}\``);
    }
    const idValue = data.get("id")!;
    const stored =
      idValue.kind === "Bytes" ? idValue.value.toLowerCase() : String((idValue as { value: unknown }).value);
    const key = idValue.kind === "Bytes" ? id.toLowerCase() : id;
    if (stored !== key)
      throw new Error(`${where}: the id attribute (${stored}) differs from the id passed to store.set`);
  }

  private checkValue(where: string, field: EntityField, value: StoreValue): void {
    const { type } = field;
    if (value.kind === "Null") {
      if (type.nonNull) throw new Error(`${where}: non-nullable field \`${field.name}\` set to null`);
      return;
    }
    if (type.list) {
      if (value.kind !== "Array") throw new Error(`${where}: field \`${field.name}\` is a list but got ${value.kind}`);
      for (const item of value.value) {
        if (item.kind === "Null") {
          if (type.itemNonNull)
            throw new Error(`${where}: list \`${field.name}\` holds a null but its items are non-null`);
          continue;
        }
        this.checkScalar(where, field, item);
      }
      return;
    }
    this.checkScalar(where, field, value);
  }

  private checkScalar(where: string, field: EntityField, value: StoreValue): void {
    const expected = this.kindOf(field.type.name);
    if (value.kind !== expected) {
      throw new Error(
        `${where}: field \`${field.name}\` of type ${field.type.name} holds a ${value.kind} (expected ${expected})`,
      );
    }
    const allowed = this.enums.get(field.type.name);
    if (allowed && value.kind === "String" && !allowed.has(value.value)) {
      throw new Error(
        `${where}: \`${value.value}\` is not a value of enum ${field.type.name} (field \`${field.name}\`)`,
      );
    }
    if (value.kind === "Int" && !Number.isInteger(value.value))
      throw new Error(`${where}: ${field.name} is not an integer`);
  }
}
