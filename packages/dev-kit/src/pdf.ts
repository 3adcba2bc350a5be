/**
 * A minimal, structurally valid PDF (header, objects, cross-reference table with right offsets, trailer, %%EOF):
 * the backend recognises uploads by their content, and a file that merely starts with `%PDF-` is refused.
 * `text` goes into a comment, so each call can differ. ASCII only: one character is one byte.
 */
export function minimalPdf(text: string): string {
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"];
  let body = `%PDF-1.7\n%${text.replace(/[^\x20-\x7e]/g, " ")}\n`;
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  return `${body}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
}
