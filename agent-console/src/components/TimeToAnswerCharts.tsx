import { useCallback } from 'react';
import { useConsoleState } from '../hooks/useConsole.js';
import { usePolled } from '../hooks/usePolled.js';
import { fetchTimeToAnswer } from '../transport/api.js';
import { seconds } from './labels.js';

const W = 480;
const H = 140;
const PAD = 24;

/** Bars with accessible names: each bar's figure is readable by screen readers and tests. */
function Bars({ title, bars }: { title: string; bars: Array<{ label: string; value: number; text: string }> }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = (W - PAD) / Math.max(1, bars.length);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} aria-hidden="true">
        {bars.map((b, i) => {
          const height = ((H - PAD) * b.value) / max;
          return (
            <g key={b.label}>
              <title>{`${b.label}: ${b.text}`}</title>
              <rect x={PAD + i * slot + 2} y={H - PAD - height} width={Math.max(1, slot - 4)} height={height} rx={2} />
              {(bars.length <= 12 || i % 3 === 0) && (
                <text x={PAD + i * slot + slot / 2} y={H - 8} textAnchor="middle">
                  {b.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <ul className="visually-hidden" aria-label={`${title}, values`}>
        {bars.map((b) => (
          <li key={b.label}>{`${b.label}: ${b.text}`}</li>
        ))}
      </ul>
    </figure>
  );
}

/** Today's time to answer: its p90 hour by hour, and how the waits spread. */
export function TimeToAnswerCharts({ intervalMs = 15_000 }: { intervalMs?: number }) {
  const token = useConsoleState((s) => s.auth?.token ?? '');
  const data = usePolled(
    useCallback(() => fetchTimeToAnswer(token), [token]),
    intervalMs,
  );
  if (!data) return null;

  const hours = data.byHour.map((h) => ({
    label: String(new Date(h.hourStart).getHours()).padStart(2, '0'),
    value: h.p90 ?? 0,
    text: h.answered ? `p90 ${seconds(h.p90)}, p50 ${seconds(h.p50)}, ${h.answered} answered` : 'no calls',
  }));
  const spread = data.distribution.map((b, i, all) => ({
    label: b.upToMs === null ? `>${(all[i - 1]?.upToMs ?? 0) / 1000}s` : `≤${b.upToMs / 1000}s`,
    value: b.count,
    text: `${b.count} call${b.count === 1 ? '' : 's'}`,
  }));
  return (
    <section className="card charts" aria-label="Time to answer charts">
      <Bars title="Time to answer by hour (p90)" bars={hours} />
      <Bars title="Time to answer distribution" bars={spread} />
    </section>
  );
}
