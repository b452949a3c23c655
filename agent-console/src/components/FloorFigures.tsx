import { useServiceFigures } from '../hooks/useServiceFigures.js';
import { seconds } from './labels.js';

const percent = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)}%`);

/** The floor at a glance: the queue now, and today's service figures. */
export function FloorFigures() {
  const f = useServiceFigures();
  if (!f) return null;
  const rows: Array<[string, string]> = [
    ['Waiting', String(f.waiting)],
    ['In calls', String(f.inCall)],
    ['Agents available', String(f.agentsAvailable)],
    ['Answered today', String(f.answered)],
    ['Abandoned today', String(f.abandoned)],
    ['Time to answer p50', seconds(f.timeToAnswerMs.p50)],
    ['Time to answer p90', seconds(f.timeToAnswerMs.p90)],
    [`Service level (${f.window.serviceLevelTargetMs / 1000} s)`, percent(f.serviceLevel)],
    ['Abandonment', percent(f.abandonmentRate)],
  ];
  return (
    <section className="card figures" aria-label="Floor figures">
      <dl>
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
