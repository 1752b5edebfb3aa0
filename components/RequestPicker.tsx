import type { RequestChoice } from '../lib/requests/request-choices';

/** What a capture fulfils: a request and one of its samples, its population, or the request as a whole. */
export interface RequestPick {
  request?: string;
  sample?: string;
  population?: boolean;
}

const POPULATION = '\u0000population';
const WHOLE = '\u0000request';

/** The fields of the capture message for a pick. */
export function fulfilmentOf(pick: RequestPick): RequestPick {
  if (!pick.request) return {};
  return {
    request: pick.request,
    ...(pick.population ? { population: true } : pick.sample !== undefined ? { sample: pick.sample } : {}),
  };
}

/**
 * Picks an open auditor request and a sample of it (or its population) before a capture. Picking a
 * request calls `onRequestPicked` with it, so the caller can preselect its controls.
 */
export function RequestPicker({
  requests,
  value,
  onChange,
  onRequestPicked,
}: {
  requests: readonly RequestChoice[];
  value: RequestPick;
  onChange(pick: RequestPick): void;
  onRequestPicked?(request: RequestChoice): void;
}) {
  if (!requests.length) return null;
  const request = requests.find((r) => r.id === value.request);
  const target = value.population ? POPULATION : value.sample !== undefined ? value.sample : WHOLE;
  return (
    <fieldset class="picker request-picker">
      <legend>Auditor request</legend>
      <label>
        Request
        <select
          aria-label="Request"
          value={value.request ?? ''}
          onChange={(e) => {
            const picked = requests.find((r) => r.id === e.currentTarget.value);
            if (!picked) return onChange({});
            const open = picked.samples.find((s) => s.status === 'open') ?? picked.samples[0];
            onChange({ request: picked.id, ...(open ? { sample: open.id } : {}) });
            onRequestPicked?.(picked);
          }}
        >
          <option value="">None</option>
          {requests.map((r) => (
            <option key={r.id} value={r.id}>
              {`${r.id} · ${shorten(r.title || r.description || r.controlIds.join(', '))}`}
            </option>
          ))}
        </select>
      </label>
      {request && (
        <label>
          Fulfils
          <select
            aria-label="Fulfils"
            value={target}
            onChange={(e) => {
              const v = e.currentTarget.value;
              onChange(
                v === POPULATION
                  ? { request: request.id, population: true }
                  : v === WHOLE
                    ? { request: request.id }
                    : { request: request.id, sample: v },
              );
            }}
          >
            {request.samples.map((s) => (
              <option key={s.id} value={s.id}>
                {`Sample ${s.id}${s.status === 'captured' ? ' (captured)' : ''}`}
              </option>
            ))}
            <option value={POPULATION}>Population (the whole list, filter visible)</option>
            <option value={WHOLE}>The request as a whole</option>
          </select>
        </label>
      )}
    </fieldset>
  );
}

const shorten = (s: string) => (s.length > 60 ? `${s.slice(0, 59)}…` : s);
