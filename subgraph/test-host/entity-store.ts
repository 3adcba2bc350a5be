/**
 * The entity store behind `store.get/get_in_block/set/remove/loadRelated`, with graph-node's block semantics:
 * writes of the block being indexed are kept apart and committed when the block ends; a handler that fails
 * leaves nothing behind (its writes are discarded with `rollbackHandler`).
 *
 * `set` merges the given attributes onto the stored entity (graph-node's `EntityOp::Update`), then validates the
 * result against the schema. An immutable entity stored in an earlier block can be neither set again nor
 * removed (graph-node refuses both); within the block that creates it, it may still be written.
 */
import { type EntitySchema } from "./schema.js";
import { type EntityData, type StoreValue } from "./store-values.js";

type Table = Map<string, EntityData | null>;

function key(type: string, id: string, idIsBytes: boolean): string {
  return `${type}\u0000${idIsBytes ? id.toLowerCase() : id}`;
}

export class EntityStore {
  private readonly committed = new Map<string, EntityData>();
  /** Writes of the current block (null = removed). */
  private block: Table = new Map();
  /** Writes of the running handler, merged into `block` when it returns. */
  private handler: Table = new Map();
  /** Count of entity writes (set + remove) over the whole run. */
  writes = 0;

  constructor(private readonly schema: EntitySchema) {}

  private keyOf(type: string, id: string): string {
    return key(type, id, this.schema.kindOf(this.schema.entity(type).fields.get("id")!.type.name) === "Bytes");
  }

  private lookup(k: string): EntityData | null | undefined {
    if (this.handler.has(k)) return this.handler.get(k);
    if (this.block.has(k)) return this.block.get(k);
    return this.committed.get(k);
  }

  get(type: string, id: string): EntityData | null {
    const found = this.lookup(this.keyOf(type, id));
    return found ? new Map(found) : null;
  }

  /** Only entities written in the current block (graph-ts `loadInBlock`). */
  getInBlock(type: string, id: string): EntityData | null {
    const k = this.keyOf(type, id);
    const found = this.handler.has(k) ? this.handler.get(k) : this.block.get(k);
    return found ? new Map(found) : null;
  }

  set(type: string, id: string, data: EntityData): void {
    const entity = this.schema.entity(type);
    const k = this.keyOf(type, id);
    if (entity.immutable && this.committed.has(k)) {
      throw new Error(`${type}[${id}] is immutable and was stored in an earlier block: it cannot be updated`);
    }
    const merged: EntityData = new Map(this.lookup(k) ?? []);
    for (const [field, value] of data) merged.set(field, value);
    this.schema.validate(type, id, merged);
    this.handler.set(k, merged);
    this.writes++;
  }

  remove(type: string, id: string): void {
    const entity = this.schema.entity(type);
    const k = this.keyOf(type, id);
    if (entity.immutable && this.committed.has(k)) {
      throw new Error(`${type}[${id}] is immutable: it cannot be removed`);
    }
    this.handler.set(k, null);
    this.writes++;
  }

  /** Entities whose `field` (declared `@derivedFrom` on `type`) points at `id`. */
  loadRelated(type: string, id: string, field: string): EntityData[] {
    const derived = this.schema.entity(type).fields.get(field);
    if (!derived?.derivedFrom) throw new Error(`${type}.${field} is not a derived field`);
    const target = derived.type.name;
    const back = derived.derivedFrom;
    const matches = (value: StoreValue | undefined): boolean => {
      if (!value) return false;
      if (value.kind === "Array") return value.value.some(matches);
      return value.kind === "Bytes"
        ? value.value.toLowerCase() === id.toLowerCase()
        : "value" in value && value.value === id;
    };
    return this.all(target).filter((e) => matches(e.get(back)));
  }

  /** Every live entity of a type (committed, then overlaid by the block's and the handler's writes). */
  all(type: string): EntityData[] {
    this.schema.entity(type);
    const prefix = `${type}\u0000`;
    const merged = new Map<string, EntityData | null>();
    for (const source of [this.committed, this.block, this.handler] as Map<string, EntityData | null>[]) {
      for (const [k, v] of source) if (k.startsWith(prefix)) merged.set(k, v);
    }
    return [...merged.values()].filter((e): e is EntityData => e !== null).map((e) => new Map(e));
  }

  commitHandler(): void {
    for (const [k, v] of this.handler) this.block.set(k, v);
    this.handler = new Map();
  }

  rollbackHandler(): void {
    this.handler = new Map();
  }

  /** Forgets every write of the current block (a failed block leaves nothing, as in graph-node). */
  rollbackBlock(): void {
    this.handler = new Map();
    this.block = new Map();
  }

  commitBlock(): void {
    this.commitHandler();
    for (const [k, v] of this.block) {
      if (v === null) this.committed.delete(k);
      else this.committed.set(k, v);
    }
    this.block = new Map();
  }
}
