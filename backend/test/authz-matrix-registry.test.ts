// The authorization matrix's rows of the "registry" group (see test/support/authz-matrix.ts).
import { describeMatrix, MATRIX_GROUPS } from "./support/authz-matrix.ts";

await describeMatrix("registry", MATRIX_GROUPS.registry);
