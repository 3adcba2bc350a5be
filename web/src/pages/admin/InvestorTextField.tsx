import type { ReactNode } from "react";
import { Field } from "../../ui/Field";

/**
 * The hint under every text an officer writes for the investor (reject and revoke reasons, requests, a confirmed
 * match's reason): the backend refuses these words with a 400 naming the one it found (no tipping-off).
 */
export const INVESTOR_TEXT_HINT =
  "The investor reads this text. Do not mention sanctions, AML, screening, watchlists, OFAC, PEPs or a freeze: they are refused.";

/** A text an officer writes for the investor to read, with the hint of the words the backend refuses. */
export function InvestorTextField(props: {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  rows: number;
  error?: string | undefined;
}) {
  return (
    <Field label={props.label} hint={INVESTOR_TEXT_HINT} error={props.error}>
      {(ids) => (
        <textarea
          {...ids}
          className="input"
          rows={props.rows}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
