/**
 * The property id the factory records on chain (`LaunchParams.propertyId`, bytes32) is the registry's property
 * UUID, its 16 bytes left-aligned and zero-padded: reversible, so the sync links each launched token back to its
 * property without a lookup table.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function propertyIdToBytes32(uuid: string): `0x${string}` {
  if (!UUID.test(uuid)) throw new Error(`not a property id (UUID): ${uuid}`);
  return `0x${uuid.replaceAll("-", "").toLowerCase()}${"0".repeat(32)}`;
}

export function bytes32ToPropertyId(value: string): string | undefined {
  const hex = value.toLowerCase();
  if (!/^0x[0-9a-f]{32}0{32}$/.test(hex)) return undefined;
  const h = hex.slice(2, 34);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
