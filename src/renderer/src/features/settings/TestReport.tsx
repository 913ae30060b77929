// A storage connection test's outcome, step by step: passed, failed, or not run, then what it means.
import type { ReactNode } from 'react';
import { stepOutcomes } from './storage-form';

export function TestReport<S extends string>(props: {
  result: { ok: true; steps: readonly S[] } | { ok: false; failedStep: S; code: string; message: string };
  order: readonly S[];
  labels: Record<S, string>;
  /** what a passed test means */
  okText: string;
}): ReactNode {
  const { result, order, labels, okText } = props;
  return (
    <div className={`storage-test ${result.ok ? 'ok' : 'failed'}`} role={result.ok ? 'status' : 'alert'} aria-label="Connection test result">
      <ol>
        {stepOutcomes(result, order).map(({ step, outcome }) => (
          <li key={step} className={outcome}>
            <span className="mark" aria-hidden="true">
              {outcome === 'passed' ? '✓' : outcome === 'failed' ? '✗' : '–'}
            </span>
            {labels[step]}
            <span className="visually-hidden">: {outcome === 'not-run' ? 'not run' : outcome}</span>
          </li>
        ))}
      </ol>
      <p>{result.ok ? okText : result.message}</p>
    </div>
  );
}
