/**
 * What the demo manager enters in a month's books besides rent (the RENT line is the backend's own, from the lease
 * payments recorded): other income and operating expenses, and the reserve set aside, in cents of the property's
 * currency. The figures follow fixed tables by calendar month (seasonal utilities, a boiler repair in winter,
 * quarterly property tax), so the NOI trend moves and every start writes the same books (no randomness).
 */
import type { Month } from "./timeline.js";

export type LineType = "INCOME" | "EXPENSE";

export interface BookLine {
  type: LineType;
  category: string;
  description: string;
  /** Cents, > 0. */
  amount: bigint;
}

/** A table indexed by calendar month (January first). */
type ByMonth<T> = readonly [T, T, T, T, T, T, T, T, T, T, T, T];

const EUR = 100n;
const line = (type: LineType, category: string, description: string, euros: bigint | number): BookLine => ({
  type,
  category,
  description,
  amount: BigInt(euros) * EUR,
});
/** `percent` of `cents`, rounded down to the cent. */
const share = (cents: bigint, percent: bigint): bigint => (cents * percent) / 100n;

/** Portuguese municipal property tax (IMI) falls due in May, August and November. */
const IMI_MONTHS = new Set([5, 8, 11]);

const HARBOUR_PARKING_BAYS_LET: ByMonth<number> = [6, 6, 5, 6, 6, 6, 4, 5, 6, 6, 6, 5];
const HARBOUR_MAINTENANCE: ByMonth<readonly [string, number]> = [
  ["Boiler repair, Apt 3C", 1_280],
  ["Lift service contract", 185],
  ["Stairwell repainting", 760],
  ["Lift service contract", 185],
  ["Roof gutter cleaning", 310],
  ["Lift service contract", 185],
  ["Intercom replacement", 540],
  ["Lift service contract", 185],
  ["Façade inspection", 420],
  ["Lift service contract", 185],
  ["Window seals, Apt 1A", 265],
  ["Lift service contract", 185],
];
const HARBOUR_COMMON_UTILITIES: ByMonth<number> = [245, 230, 190, 160, 140, 130, 135, 140, 150, 175, 210, 240];

const MILL_MAINTENANCE: ByMonth<readonly [string, number] | null> = [
  ["Heating check, workshop hall", 220],
  null,
  ["Loading bay door service", 340],
  null,
  ["Gutter and downpipe repair", 610],
  null,
  null,
  ["Fire alarm inspection", 180],
  null,
  ["Yard resurfacing patch", 450],
  null,
  ["Heating check, workshop hall", 220],
];

function harbourLines(m: Month, rent: bigint): BookLine[] {
  const i = m.month - 1;
  const [repair, repairCost] = HARBOUR_MAINTENANCE[i]!;
  const lines: BookLine[] = [
    line(
      "INCOME",
      "PARKING",
      `Parking, ${HARBOUR_PARKING_BAYS_LET[i]} of 6 bays let`,
      HARBOUR_PARKING_BAYS_LET[i]! * 45,
    ),
    {
      type: "EXPENSE",
      category: "MANAGEMENT",
      description: "Property management, 8% of rent",
      amount: share(rent, 8n),
    },
    line("EXPENSE", "MAINTENANCE", repair, repairCost),
    line("EXPENSE", "UTILITIES", "Common areas: lighting, lift power, water", HARBOUR_COMMON_UTILITIES[i]!),
    line("EXPENSE", "INSURANCE", "Building insurance, monthly premium", 215),
  ];
  if (m.month === 4 || m.month === 10) lines.push(line("INCOME", "LATE_FEES", "Late payment fee, Apt 3C", 35));
  if (IMI_MONTHS.has(m.month)) lines.push(line("EXPENSE", "PROPERTY_TAX", "IMI instalment", 1_240));
  return lines;
}

function millLines(m: Month, rent: bigint): BookLine[] {
  const repair = MILL_MAINTENANCE[m.month - 1];
  const lines: BookLine[] = [
    {
      type: "EXPENSE",
      category: "MANAGEMENT",
      description: "Property management, 5% of rent",
      amount: share(rent, 5n),
    },
    line("EXPENSE", "INSURANCE", "Building and liability insurance, monthly premium", 310),
  ];
  if (repair) lines.push(line("EXPENSE", "MAINTENANCE", repair[0], repair[1]));
  if (IMI_MONTHS.has(m.month)) lines.push(line("EXPENSE", "PROPERTY_TAX", "IMI instalment", 1_560));
  if (m.month === 3) lines.push(line("EXPENSE", "PROFESSIONAL_FEES", "Annual accounts and tax return", 850));
  if (m.month === 6) lines.push(line("INCOME", "OTHER_INCOME", "Yard hire for a weekend market", 400));
  return lines;
}

const BOOKS = {
  harbour: { lines: harbourLines, reserve: 300n * EUR },
  mill: { lines: millLines, reserve: 400n * EUR },
} as const;
export type BookKey = keyof typeof BOOKS;

/** Cents `property` sets aside for its cash reserves each month. */
export const monthlyReserve = (property: BookKey): bigint => BOOKS[property].reserve;

/** The lines of `property`'s books for month `m`, given the rent the backend took from the leases. */
export function monthLines(property: BookKey, m: Month, rent: bigint): BookLine[] {
  // Management is a share of rent: a month without rent has no such line (amounts must be positive).
  return BOOKS[property].lines(m, rent).filter((l) => l.amount > 0n);
}
