/** Real file contents for upload tests: a structurally valid PDF (the dev-kit's writer) and a fake one. */
export { minimalPdf } from "@freehold/dev-kit/pdf";

/** Starts like a PDF, is not one (no objects, no cross-reference table, no trailer). */
export const FAKE_PDF = Buffer.from(
  "%PDF-1.7\nthis is a shell script pretending to be a PDF\n#!/bin/sh\nrm -rf /\n",
  "latin1",
);
