/**
 * The identity data an investor submits. It is validated here, then stored only as an encrypted envelope
 * (see src/crypto): no column, log line or audit entry ever holds it in clear.
 */
import { z } from "zod";

/** ISO 3166-1 numeric country code (the form the IdentityRegistry stores on chain as uint16). */
export const IsoNumericCountry = z
  .number()
  .int()
  .min(1)
  .max(999)
  .meta({ description: "ISO 3166-1 numeric country code", example: 250 });

const Line = (max: number) => z.string().trim().min(1).max(max);

const MIN_AGE_YEARS = 18;

function ageOn(birth: Date, on: Date): number {
  let age = on.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday =
    on.getUTCMonth() < birth.getUTCMonth() ||
    (on.getUTCMonth() === birth.getUTCMonth() && on.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}

export const IdentityDocumentType = z.enum(["PASSPORT", "NATIONAL_ID", "DRIVING_LICENCE", "RESIDENCE_PERMIT"]);

export const Identity = z
  .object({
    givenNames: Line(200),
    familyName: Line(200),
    /** Former names, names at birth, other transliterations: all are screened. */
    otherNames: z.array(Line(200)).max(10).default([]),
    dateOfBirth: z.iso.date().refine((d) => {
      const birth = new Date(`${d}T00:00:00Z`);
      const now = new Date();
      return birth.getUTCFullYear() >= 1900 && ageOn(birth, now) >= MIN_AGE_YEARS;
    }, `the investor must be at least ${MIN_AGE_YEARS} and born after 1900`),
    nationality: IsoNumericCountry,
    residence: z.object({
      line1: Line(200),
      line2: Line(200).optional(),
      city: Line(100),
      region: Line(100).optional(),
      postalCode: Line(20).optional(),
      country: IsoNumericCountry,
    }),
    document: z.object({
      type: IdentityDocumentType,
      number: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9 -]{3,40}$/, "letters, digits, spaces and dashes (3-40)"),
      issuingCountry: IsoNumericCountry,
      expiresOn: z.iso
        .date()
        .refine((d) => new Date(`${d}T23:59:59Z`) > new Date(), "the identity document has expired"),
    }),
    taxId: z.string().trim().min(3).max(40).optional(),
  })
  .strict()
  .meta({ id: "KycIdentity" });

export type Identity = z.output<typeof Identity>;

/** The names a screening compares against the sanctions list. */
export function screeningNames(identity: Identity): string[] {
  return [`${identity.givenNames} ${identity.familyName}`, ...identity.otherNames];
}
