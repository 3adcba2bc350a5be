import { Field } from "../../ui/Field";
import { STANDARD_INVESTOR_REASONS } from "./amlDecision";

/**
 * One click to the standard reasons for an ordinary rejection: a confirmed sanctions match can give only these
 * (amlDecision.ts), so the more ordinary decisions use them too, the less a standard reason tells the investor.
 */
export function StandardReasonPicker({ onPick }: { onPick: (reason: string) => void }) {
  return (
    <Field label="Standard reason" hint="Fills the text below; you may still write your own.">
      {(ids) => (
        <select
          {...ids}
          className="input"
          value=""
          onChange={(e) => {
            if (e.target.value) onPick(e.target.value);
          }}
        >
          <option value="">Choose a standard reason…</option>
          {STANDARD_INVESTOR_REASONS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
