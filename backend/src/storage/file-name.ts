/**
 * File names as the registry records and serves them: decoded as UTF-8 (multipart parsing is told so), in NFC,
 * without control, format or bidi characters (a right-to-left override makes `fdp.exe` read as `exe.pdf`),
 * without path separators, at most 200 characters.
 */
const MAX_LENGTH = 200;

// Cc (controls), Cf (format: bidi embeddings/overrides/isolates, zero-width, soft hyphen, BOM), line/paragraph
// separators, and unassigned/private-use code points that render as nothing the reader can check.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/gu;

export function cleanFileName(raw: string): string {
  // NFC after the removal: a removed character can stand between a letter and its accent, or between two combining
  // marks out of canonical order, and the name must be in NFC (and cleaning it again change nothing).
  const cleaned = raw
    .replace(INVISIBLE, "")
    .normalize("NFC")
    .replace(/[/\\]/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  const limited = [...cleaned].slice(0, MAX_LENGTH).join("").trim();
  return limited || "file";
}
