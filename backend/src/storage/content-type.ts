/**
 * What a stored file really is, found from its bytes (never from the name or the type the client declared):
 * `file-type` recognises the format from its signature, and a PDF must also have the structure of one (header,
 * a `startxref` offset in the trailer that points at a cross-reference table or stream, `%%EOF`), so a file that
 * merely starts with `%PDF-` is not taken for a PDF.
 */
import { open } from "node:fs/promises";
import { fileTypeFromFile } from "file-type";
import { UnsupportedMediaTypeError } from "../core/errors.ts";

export const OCTET_STREAM = "application/octet-stream";

/**
 * What an uploader reads when a file is refused (browser review 2026-12-06, L9 / M1: the refusal named the PDF's
 * trailer and cross-reference table). The technical reason goes with it as `technicalReason`, for developers.
 */
export const UNREADABLE_PDF = "This file is not a readable PDF. Export it again or upload a photo.";
export const MISLABELLED_FILE =
  "This file's content does not match its type. Save it again as a PDF or a photo and upload that.";

/** A refused upload: a sentence for the person uploading, the parser's reason for developers. */
export function refusedFile(detail: string, technicalReason: string): UnsupportedMediaTypeError {
  return new UnsupportedMediaTypeError(detail, { technicalReason });
}
const PDF = "application/pdf";
/** The PDF header must be at the start (ISO 32000 7.5.2); the trailer's `startxref` sits in the last KiB. */
const TAIL_BYTES = 1_024;

async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Why this file is not a well-formed PDF, or undefined when its header, trailer and xref offset agree. */
export async function pdfStructureProblem(path: string, size: number): Promise<string | undefined> {
  const head = (await readAt(path, 0, 16)).toString("latin1");
  if (!/^%PDF-(1\.[0-7]|2\.0)\s/.test(head)) return "the PDF header is missing or names an unknown version";
  const tail = (await readAt(path, Math.max(0, size - TAIL_BYTES), Math.min(size, TAIL_BYTES))).toString("latin1");
  const trailer = /startxref\s+(\d{1,12})\s+%%EOF\s*$/.exec(tail);
  if (!trailer) return "the PDF trailer (startxref ... %%EOF) is missing";
  const offset = Number(trailer[1]);
  if (offset < 9 || offset >= size) return "the PDF cross-reference offset points outside the file";
  const target = (await readAt(path, offset, 32)).toString("latin1");
  if (!/^(xref\s|\d{1,10}\s+\d{1,5}\s+obj\b)/.test(target))
    return "the PDF cross-reference offset does not point at a cross-reference table or stream";
  return undefined;
}

/**
 * The MIME type of the content (application/octet-stream when no known format is recognised). Throws 415 when
 * the content claims a format it does not have (a `%PDF-` file without the structure of a PDF).
 */
export async function recogniseContent(path: string, size: number): Promise<string> {
  const detected = size > 0 ? await fileTypeFromFile(path) : undefined;
  if (detected?.mime === PDF || (detected === undefined && (await readAt(path, 0, 5)).toString("latin1") === "%PDF-")) {
    const problem = await pdfStructureProblem(path, size);
    if (problem) throw refusedFile(UNREADABLE_PDF, `the file is not a valid PDF: ${problem}`);
    return PDF;
  }
  return detected?.mime ?? OCTET_STREAM;
}

/** Declared types that claim nothing about the content. */
const GENERIC = new Set(["", OCTET_STREAM, "binary/octet-stream", "application/x-www-form-urlencoded"]);

/** Refuses (415) a declared type that the content contradicts; a generic declaration claims nothing. */
export function checkDeclaredType(declared: string, actual: string): void {
  const claim = declared.split(";")[0]!.trim().toLowerCase();
  if (GENERIC.has(claim) || claim === actual) return;
  throw refusedFile(MISLABELLED_FILE, `the file was sent as ${claim.slice(0, 100)} but its content is ${actual}`);
}
