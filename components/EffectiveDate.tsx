/** Props of the activity-date field. */
export interface EffectiveDateProps {
  value: string;
  onChange(next: string): void;
}

/**
 * The optional effective date of a capture: when the activity it shows happened, if not today
 * (a review done on 30 June, captured on 8 July). The signed capture time is kept beside it.
 */
export function EffectiveDate({ value, onChange }: EffectiveDateProps) {
  return (
    <label class="effective-date">
      Activity date (optional)
      <input
        type="date"
        name="effectiveDate"
        value={value}
        onInput={(e) => onChange(e.currentTarget.value)}
      />
      <span class="muted small">
        When what this page shows happened, if not today. Coverage counts the capture in that date's period;
        the capture time stays as signed.
      </span>
    </label>
  );
}

/** Today's date on this machine, YYYY-MM-DD. */
export function localToday(now = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}
