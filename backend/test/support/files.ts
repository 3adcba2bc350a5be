/** Real file contents for upload tests: a structurally valid PDF (header, objects, xref table, trailer, %%EOF). */

/** A minimal one-page PDF whose xref offsets are right; `text` goes into a comment so every call can differ. */
export function minimalPdf(text = "Freehold"): Buffer {
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"];
  let body = `%PDF-1.7\n%${text.replace(/[\r\n]/g, " ")}\n`;
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

/** Starts like a PDF, is not one (no objects, no cross-reference table, no trailer). */
export const FAKE_PDF = Buffer.from("%PDF-1.7\nthis is a shell script pretending to be a PDF\n#!/bin/sh\nrm -rf /\n", "latin1");
