/**
 * Readers for OFAC's legacy delimited SDN files (the "SDN.CSV / ADD.CSV / ALT.CSV" set described in
 * OFAC's dat_spec.txt): no header row, comma separated, text in double quotes, numbers bare, the
 * null value `-0-` (usually followed by a space, quoted or not), CRLF or LF line ends, and an optional
 * trailing Ctrl-Z (0x1A) end-of-file marker.
 *
 * Column layouts (dat_spec.txt):
 * - SDN: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks
 * - ADD: ent_num, Add_num, Address, City/State/Province/Postal Code, Country, Add_remarks
 * - ALT: ent_num, alt_num, alt_type, alt_name, alt_remarks
 *
 * A file either parses completely or throws SdnFormatError naming the line: a half-read list is never
 * returned, because screening against a silently truncated list would clear sanctioned people.
 */
import { CsvError, parse } from "csv-parse/sync";

export class SdnFormatError extends Error {
  override readonly name = "SdnFormatError";
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file} line ${line}: ${detail}`);
  }
}

export type SdnType = "individual" | "entity" | "vessel" | "aircraft";

export interface SdnRecord {
  entNum: number;
  name: string;
  type: SdnType;
  programs: string[];
  title: string | null;
  callSign: string | null;
  vesselType: string | null;
  tonnage: string | null;
  grossRegisteredTonnage: string | null;
  vesselFlag: string | null;
  vesselOwner: string | null;
  remarks: string | null;
}

export interface AltRecord {
  entNum: number;
  altNum: number;
  /** a.k.a. (also known as), f.k.a. (formerly), n.k.a. (now known as). */
  altType: "aka" | "fka" | "nka";
  altName: string;
  remarks: string | null;
}

export interface AddressRecord {
  entNum: number;
  addNum: number;
  address: string | null;
  cityStateProvincePostalCode: string | null;
  country: string | null;
  remarks: string | null;
}

const NULL_VALUE = "-0-";
const EOF_MARK = "\u001a";

interface Field {
  value: string;
  quoted: boolean;
}

/** csv-parse's refusals, said in the words of the file's layout. */
const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: "unterminated quoted field",
  INVALID_OPENING_QUOTE: "stray quote in an unquoted field",
  CSV_INVALID_OPENING_QUOTE: "stray quote in an unquoted field",
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: "expected a comma after a quoted field",
  CSV_INVALID_CLOSING_QUOTE: "expected a comma after a quoted field",
};

/**
 * Splits a legacy OFAC file into rows of raw fields (quotes removed, values trimmed, nulls as null), each with the
 * line it starts on. csv-parse reads the CSV; the OFAC rules are applied here: `-0-` and unquoted empty fields are
 * null, a quoted empty field is an empty text, spaces may follow a closing quote, and a Ctrl-Z at the start of a
 * row ends the file (only blank space may follow it).
 */
export function readRows(text: string, file: string): { line: number; fields: (string | null)[] }[] {
  let records: { record: Field[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      rtrim: true,
      record_delimiter: ["\r\n", "\n", "\r"],
      cast: (value, context): Field => ({ value, quoted: context.quoting }),
    }) as unknown as { record: Field[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError)
      throw new SdnFormatError(
        file,
        (error as CsvError & { lines?: number }).lines ?? 0,
        CSV_ERRORS[error.code] ?? error.message,
      );
    throw error;
  }
  const rows: { line: number; fields: (string | null)[] }[] = [];
  for (const [index, { record, info }] of records.entries()) {
    // csv-parse counts lines up to the end of the record: a quoted field may span lines.
    const line = info.lines - record.reduce((n, f) => n + (f.value.match(/\n/g)?.length ?? 0), 0);
    const first = record[0]!;
    if (!first.quoted && first.value.startsWith(EOF_MARK)) {
      if (first.value.trim() !== EOF_MARK || record.length > 1 || index < records.length - 1)
        throw new SdnFormatError(file, line, "data after the end-of-file marker");
      break;
    }
    rows.push({
      line,
      fields: record.map(({ value, quoted }) => {
        const trimmed = value.trim();
        return trimmed === NULL_VALUE || (!quoted && trimmed === "") ? null : trimmed;
      }),
    });
  }
  return rows;
}

function expectColumns(file: string, row: { line: number; fields: (string | null)[] }, count: number): void {
  if (row.fields.length !== count) {
    throw new SdnFormatError(file, row.line, `expected ${count} fields, found ${row.fields.length}`);
  }
}

function integer(file: string, line: number, value: string | null, column: string): number {
  if (value === null || !/^\d{1,9}$/.test(value))
    throw new SdnFormatError(file, line, `${column} must be a positive integer`);
  return Number(value);
}

function required(file: string, line: number, value: string | null, column: string): string {
  if (value === null || value === "") throw new SdnFormatError(file, line, `${column} is empty`);
  return value;
}

/** Field `i` of a row: its text, or null for the OFAC null value (rows are already checked for width). */
function col(fields: (string | null)[], i: number): string | null {
  return fields[i] ?? null;
}

const SDN_TYPES: Record<string, SdnType> = {
  individual: "individual",
  vessel: "vessel",
  aircraft: "aircraft",
  entity: "entity",
};

/** "SDGT] [SYRIA" -> ["SDGT", "SYRIA"] (multiple programs are joined by "] [" in the legacy files). */
export function splitPrograms(value: string | null): string[] {
  if (value === null) return [];
  return value
    .split("] [")
    .map((p) => p.replace(/^\[/, "").replace(/\]$/, "").trim())
    .filter((p) => p !== "");
}

export function parseSdnCsv(text: string, file = "SDN.CSV"): SdnRecord[] {
  const seen = new Set<number>();
  return readRows(text, file).map((row) => {
    expectColumns(file, row, 12);
    const f = row.fields;
    const entNum = integer(file, row.line, col(f, 0), "ent_num");
    if (seen.has(entNum)) throw new SdnFormatError(file, row.line, `duplicate ent_num ${entNum}`);
    seen.add(entNum);
    const rawType = col(f, 2);
    const type = rawType === null ? "entity" : SDN_TYPES[rawType.toLowerCase()];
    if (!type) throw new SdnFormatError(file, row.line, `unknown SDN_Type "${rawType}"`);
    return {
      entNum,
      name: required(file, row.line, col(f, 1), "SDN_Name"),
      type,
      programs: splitPrograms(col(f, 3)),
      title: col(f, 4),
      callSign: col(f, 5),
      vesselType: col(f, 6),
      tonnage: col(f, 7),
      grossRegisteredTonnage: col(f, 8),
      vesselFlag: col(f, 9),
      vesselOwner: col(f, 10),
      remarks: col(f, 11),
    };
  });
}

export function parseAltCsv(text: string, file = "ALT.CSV"): AltRecord[] {
  return readRows(text, file).map((row) => {
    expectColumns(file, row, 5);
    const f = row.fields;
    const altType = (col(f, 2) ?? "").toLowerCase().replace(/\./g, "");
    if (altType !== "aka" && altType !== "fka" && altType !== "nka") {
      throw new SdnFormatError(file, row.line, `unknown alt_type "${col(f, 2)}"`);
    }
    return {
      entNum: integer(file, row.line, col(f, 0), "ent_num"),
      altNum: integer(file, row.line, col(f, 1), "alt_num"),
      altType,
      altName: required(file, row.line, col(f, 3), "alt_name"),
      remarks: col(f, 4),
    };
  });
}

export function parseAddCsv(text: string, file = "ADD.CSV"): AddressRecord[] {
  return readRows(text, file).map((row) => {
    expectColumns(file, row, 6);
    const f = row.fields;
    return {
      entNum: integer(file, row.line, col(f, 0), "ent_num"),
      addNum: integer(file, row.line, col(f, 1), "Add_num"),
      address: col(f, 2),
      cityStateProvincePostalCode: col(f, 3),
      country: col(f, 4),
      remarks: col(f, 5),
    };
  });
}
