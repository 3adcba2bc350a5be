/**
 * The on-chain id of a registry property (`LaunchParams.propertyId`, indexed in `PropertyLaunched`): the registry's
 * UUID, its 16 bytes left-aligned and zero-padded in a bytes32. Reversible, so the sync, the subgraph's readers and
 * the web app link each launched token back to its property without a lookup table. One definition for all.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function propertyIdToBytes32(uuid: string): `0x${string}` {
  if (!UUID.test(uuid)) throw new Error(`not a property id (UUID): ${uuid}`);
  return `0x${uuid.replaceAll("-", "").toLowerCase()}${"0".repeat(32)}`;
}

/** The property UUID of a bytes32 id, or undefined when the value is not one the platform writes. */
export function bytes32ToPropertyId(value: string): string | undefined {
  const hex = value.toLowerCase();
  if (!/^0x[0-9a-f]{32}0{32}$/.test(hex)) return undefined;
  const h = hex.slice(2, 34);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
