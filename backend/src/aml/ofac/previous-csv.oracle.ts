/**
 * The previous reader of OFAC's legacy CSV rows (hand-written, main at 28ce16f), kept ONLY as the oracle of the
 * agreement property in legacy-csv.test.ts. Production code never imports this file.
 */
import { SdnFormatError } from "./legacy-csv.ts";

const NULL_VALUE = "-0-";
const EOF_MARK = "\u001a";

/** Splits a legacy OFAC file into rows of raw fields (quotes removed, nulls as null). */
export function readRowsPreviously(text: string, file: string): { line: number; fields: (string | null)[] }[] {
  const rows: { line: number; fields: (string | null)[] }[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    // skip blank lines and the end-of-file marker
    const ch = text[i]!;
    if (ch === "\r" || ch === "\n") {
      if (ch === "\n") line += 1;
      i += 1;
      continue;
    }
    if (ch === EOF_MARK) {
      const rest = text.slice(i + 1);
      if (rest.trim() !== "") throw new SdnFormatError(file, line, "data after the end-of-file marker");
      break;
    }
    const startLine = line;
    const fields: (string | null)[] = [];
    for (;;) {
      let value: string;
      let quoted = false;
      if (text[i] === '"') {
        quoted = true;
        i += 1;
        let buf = "";
        for (;;) {
          if (i >= n) throw new SdnFormatError(file, startLine, "unterminated quoted field");
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              buf += '"';
              i += 2;
              continue;
            }
            i += 1;
            break;
          }
          if (c === "\n") line += 1;
          buf += c;
          i += 1;
        }
        value = buf;
        // tolerate spaces between the closing quote and the separator
        while (text[i] === " ") i += 1;
      } else {
        let end = i;
        while (end < n && text[end] !== "," && text[end] !== "\n" && text[end] !== "\r") end += 1;
        value = text.slice(i, end);
        if (value.includes('"')) throw new SdnFormatError(file, startLine, "stray quote in an unquoted field");
        i = end;
      }
      const trimmed = value.trim();
      fields.push(trimmed === NULL_VALUE || (!quoted && trimmed === "") ? null : quoted ? value.trim() : trimmed);
      if (i >= n || text[i] === "\n" || text[i] === "\r") break;
      if (text[i] !== ",") throw new SdnFormatError(file, startLine, "expected a comma after a quoted field");
      i += 1;
    }
    rows.push({ line: startLine, fields });
  }
  return rows;
}
