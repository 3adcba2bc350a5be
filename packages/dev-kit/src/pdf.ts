/**
 * Small, structurally valid PDFs for tests and demo data (header, objects, cross-reference table with right byte
 * offsets, trailer, %%EOF): the backend recognises uploads by their content, and a file that merely starts with
 * `%PDF-` is refused. Written here so nothing binary is committed.
 */

/** A PDF of these objects (numbered from 1; object 1 is the catalog), with an optional comment after the header. */
export function writePdf(objects: readonly string[], comment?: string): Buffer {
  let body = comment === undefined ? "%PDF-1.7\n" : `%PDF-1.7\n%${comment}\n`;
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  // Offsets in the bytes written (latin1), not UTF-8: a name like "Café" would otherwise shift the cross-reference.
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

/**
 * A minimal one-page PDF (blank page); `text` goes into a comment so every call can differ. Characters outside
 * printable ASCII become spaces: a comment ends at a line break, and one character stays one byte.
 */
export function minimalPdf(text = "Freehold"): Buffer {
  return writePdf(
    [
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ],
    text.replace(/[^\x20-\x7e]/g, " "),
  );
}

/** A one-page A4 PDF with a few lines of text in Helvetica (a deed, a report): valid enough for any viewer. */
export function simplePdf(lines: readonly string[]): Uint8Array {
  const escape = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const text = lines
    .map((line, i) => `BT /F1 ${i === 0 ? 16 : 11} Tf 56 ${760 - i * 22} Td (${escape(line)}) Tj ET`)
    .join("\n");
  const pdf = writePdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${Buffer.byteLength(text, "latin1")} >>\nstream\n${text}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ]);
  return new Uint8Array(pdf);
}
