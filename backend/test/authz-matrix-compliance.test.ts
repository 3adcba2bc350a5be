// The authorization matrix's rows of the "compliance" group (see test/support/authz-matrix.ts).
import { describeMatrix, MATRIX_GROUPS } from "./support/authz-matrix.ts";

await describeMatrix("compliance", MATRIX_GROUPS.compliance);
