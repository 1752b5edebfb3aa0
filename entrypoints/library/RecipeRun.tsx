// A recipe run as the Recipes view shows it: this page's run, the worker's progress, the outcome.
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import {
  type RecipeRunProgress,
  type RecipeRunResult,
  type RecipeStepOutcome,
  RUN_PROGRESS_KEY,
} from '../../lib/recipes/run-types';

/** A run of this page, numbered from 1 (`seq`), so a reader can tell it from the one before. */
export type Run = { seq: number } & (
  | { state: 'running'; name: string; steps: number }
  | { state: 'done'; result: RecipeRunResult }
  | { state: 'failed'; name: string; error: string }
);

/** The run the worker is busy with (from this page or another), step by step; undefined when none. */
export function useRunProgress(): RecipeRunProgress | undefined {
  const [progress, setProgress] = useState<RecipeRunProgress>();
  useEffect(() => {
    const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'session' && RUN_PROGRESS_KEY in changes)
        setProgress(changes[RUN_PROGRESS_KEY]?.newValue as RecipeRunProgress | undefined);
    };
    browser.storage.onChanged.addListener(listener);
    void browser.storage.session
      .get(RUN_PROGRESS_KEY)
      .then((v) => setProgress((p) => p ?? (v[RUN_PROGRESS_KEY] as RecipeRunProgress | undefined)))
      .catch(() => undefined);
    return () => browser.storage.onChanged.removeListener(listener);
  }, []);
  return progress;
}

/** A run's outcome, one line per step; while it runs, the steps done so far. */
export function RunOutcome({ run, progress }: { run?: Run; progress?: RecipeRunProgress }) {
  if (run?.state === 'running' || (progress && !run)) {
    const name = progress?.name ?? (run?.state === 'running' ? run.name : '');
    const total = progress?.total ?? (run?.state === 'running' ? run.steps : 0);
    return (
      <section
        class="run-outcome"
        aria-label="Recipe run"
        data-run={run?.seq ?? 0}
        data-state="running"
        aria-busy="true"
      >
        <p role="status">
          Running “{name}”: {progress?.steps.length ?? 0} of {plural(total, 'step')} done; each step opens in
          a window of its own…
        </p>
        <StepLines steps={progress?.steps ?? []} />
      </section>
    );
  }
  if (!run) return null;
  if (run.state === 'failed')
    return (
      <section class="run-outcome" aria-label="Recipe run" data-run={run.seq} data-state="failed">
        <p role="alert" class="error">
          “{run.name}” did not run: {run.error}
        </p>
      </section>
    );
  const { result } = run;
  const failed = result.steps.filter((s) => !s.ok).length;
  return (
    <section
      class="run-outcome"
      aria-label="Recipe run"
      data-run={run.seq}
      data-state="done"
      data-failed={failed}
    >
      <p role="status" class={failed ? 'error' : 'ok'}>
        “{result.name}”: {result.steps.length - failed} of {plural(result.steps.length, 'step')} captured
        {failed ? `; ${failed} failed` : ''}.
      </p>
      <StepLines steps={result.steps} />
    </section>
  );
}

/** One line per step's outcome. */
function StepLines({ steps }: { steps: RecipeStepOutcome[] }) {
  if (steps.length === 0) return null;
  return (
    <ol class="run-steps">
      {steps.map((s) => (
        <li
          key={s.step}
          data-step={s.step}
          data-ok={String(s.ok)}
          data-url={s.url}
          data-capture-id={s.ok ? s.captureId : undefined}
          data-page-url={s.ok ? s.pageUrl : undefined}
          data-reason={s.ok ? undefined : s.reason}
          class={s.ok ? 'ok' : 'error'}
        >
          {s.ok ? (
            <>
              Step {s.step}: captured {s.pageUrl} <span class="mono">{s.captureId}</span>
            </>
          ) : (
            `Step ${s.step} failed: ${s.reason}`
          )}
        </li>
      ))}
    </ol>
  );
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
