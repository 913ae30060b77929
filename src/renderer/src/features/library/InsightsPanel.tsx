// Per recording: views, viewers, watch time, completion and the retention curve of its link, asked
// for when the section is opened (links a Reelay server serves; a bucket's link says it cannot).
import { useState, type ReactNode } from 'react';
import type { Insights } from '../../../../shared/insights';
import { useApi } from '../../api/ApiContext';
import { insightFigures, retentionPath, retentionSummary, viewersLine } from './insights-view';
import './InsightsPanel.css';

const CHART = { width: 240, height: 60 };

export function InsightsPanel({ recordingId }: { recordingId: string }): ReactNode {
  const api = useApi();
  const [insights, setInsights] = useState<Insights | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  async function load(): Promise<void> {
    setLoading(true);
    try {
      setInsights(await api.call('recordings.insights', { id: recordingId }));
      setError(null);
    } catch (e) {
      setError(`Could not load insights: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setLoading(false);
    }
  }

  return (
    <details className="insights" onToggle={(e) => (e.currentTarget.open && insights === null ? void load() : undefined)}>
      <summary>Insights</summary>
      {error && (
        <p className="status status-error" role="alert">
          {error}
        </p>
      )}
      {insights === null && loading && <p className="status">Loading…</p>}
      {insights && !insights.available && (
        <p className="status" role="note">
          {insights.reason}
        </p>
      )}
      {insights?.available && (
        <>
          <dl className="insights-figures">
            {insightFigures(insights).map((f) => (
              <div key={f.label}>
                <dt>{f.label}</dt>
                <dd>{f.value}</dd>
              </div>
            ))}
          </dl>
          <figure className="insights-retention">
            <svg viewBox={`0 0 ${CHART.width} ${CHART.height}`} width="100%" height={CHART.height} role="img" aria-label={`Retention: ${retentionSummary(insights)}`} preserveAspectRatio="none">
              <rect x="0" y="0" width={CHART.width} height={CHART.height} fill="none" stroke="currentColor" strokeOpacity="0.2" />
              <path d={retentionPath(insights.retention, CHART.width, CHART.height)} fill="none" stroke="currentColor" strokeWidth="1.5" vectorEffect="non-scaling-stroke" />
            </svg>
            <figcaption>Retention: share of viewers who watched each second</figcaption>
          </figure>
          <p className="insights-viewers" aria-label="Viewers">
            {viewersLine(insights.signedIn, insights.anonymous)}
          </p>
          <button type="button" className="button-secondary" disabled={loading} onClick={() => void load()}>
            Refresh
          </button>
        </>
      )}
    </details>
  );
}
