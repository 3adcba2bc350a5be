// The authorization matrix's rows of the "money" group (see test/support/authz-matrix.ts).
import { describeMatrix, MATRIX_GROUPS } from "./support/authz-matrix.ts";

await describeMatrix("money", MATRIX_GROUPS.money);
