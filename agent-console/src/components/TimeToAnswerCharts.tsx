import type { TimeToAnswerReply } from '@lifeline/shared';
import { type ReactNode, useEffect, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useConsoleState } from '../hooks/useConsole.js';
import { fetchTimeToAnswer } from '../transport/api.js';
import { seconds } from './labels.js';

const HEIGHT = 200;
/** As wide as the card allows (recharts measures its container). */
const SIZE = { width: '100%', height: HEIGHT };
/** What every chart here shares; no keyboard layer, since the values list below is what a screen reader reads. */
const CHART = {
  accessibilityLayer: false,
  responsive: true,
  style: SIZE,
  margin: { top: 8, right: 8, bottom: 0, left: 0 },
} as const;
const AXIS = { fontSize: 11, fill: 'var(--muted)' };
const TOOLTIP = {
  contentStyle: { background: 'var(--card)', borderColor: 'var(--line)', color: 'var(--fg)' },
};
const toSeconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 100) / 10);
const percent = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

/**
 * A chart with a caption, drawn by recharts (axes, values on hover), and its figures as a list
 * for screen readers: the picture is a convenience, the numbers are the content.
 */
function Chart(props: { title: string; values: string[]; children: ReactNode }) {
  return (
    <figure className="chart">
      <figcaption>{props.title}</figcaption>
      <div aria-hidden="true">{props.children}</div>
      <ul className="visually-hidden" aria-label={`${props.title}, values`}>
        {props.values.map((v) => (
          <li key={v}>{v}</li>
        ))}
      </ul>
    </figure>
  );
}

/**
 * Today's time to answer hour by hour (p50 and p90) and how the waits spread, and the service
 * level over the day against its goal. Read again whenever the server pushes new figures.
 */
export function TimeToAnswerCharts() {
  const token = useConsoleState((s) => s.auth?.token ?? '');
  const figures = useConsoleState((s) => s.figures);
  const [data, setData] = useState<TimeToAnswerReply | null>(null);
  useEffect(() => {
    // `figures` changes when the server pushes: the charts follow, with no timer of their own.
    void figures;
    if (token) fetchTimeToAnswer(token).then(setData, () => undefined);
  }, [token, figures]);
  if (!data) return null;

  const hours = data.byHour.map((h) => ({
    hour: String(new Date(h.hourStart).getHours()).padStart(2, '0'),
    p50: toSeconds(h.p50),
    p90: toSeconds(h.p90),
    answered: h.answered,
    serviceLevel: percent(h.serviceLevel),
  }));
  const spread = data.distribution.map((b, i, all) => ({
    bucket: b.upToMs === null ? `>${(all[i - 1]?.upToMs ?? 0) / 1000}s` : `≤${b.upToMs / 1000}s`,
    calls: b.count,
  }));
  const goal = data.serviceLevel.goal * 100;
  const target = data.serviceLevel.targetMs / 1000;

  return (
    <section className="card charts" aria-label="Time to answer charts">
      <Chart
        title="Time to answer by hour (p90)"
        values={data.byHour.map(
          (h, i) =>
            `${hours[i]?.hour}: ${h.answered ? `p90 ${seconds(h.p90)}, p50 ${seconds(h.p50)}, ${h.answered} answered` : 'no calls'}`,
        )}
      >
        <ComposedChart {...CHART} data={hours}>
          <CartesianGrid stroke="var(--line)" vertical={false} />
          <XAxis dataKey="hour" tick={AXIS} />
          <YAxis tick={AXIS} unit=" s" width={48} />
          <Tooltip {...TOOLTIP} formatter={(v) => `${v} s`} labelFormatter={(h) => `${h}:00`} />
          <Legend />
          <Bar dataKey="p90" name="p90" fill="var(--accent)" isAnimationActive={false} />
          <Line dataKey="p50" name="p50" stroke="var(--fg)" dot={false} connectNulls isAnimationActive={false} />
        </ComposedChart>
      </Chart>
      <Chart
        title="Time to answer distribution"
        values={spread.map((b) => `${b.bucket}: ${b.calls} call${b.calls === 1 ? '' : 's'}`)}
      >
        <BarChart {...CHART} data={spread}>
          <CartesianGrid stroke="var(--line)" vertical={false} />
          <XAxis dataKey="bucket" tick={AXIS} />
          <YAxis tick={AXIS} allowDecimals={false} width={48} />
          <Tooltip {...TOOLTIP} />
          <Bar dataKey="calls" name="Calls" fill="var(--accent)" isAnimationActive={false} />
        </BarChart>
      </Chart>
      <Chart
        title={`Service level by hour (answered within ${target} s), goal ${goal}%`}
        values={hours.map((h) => `${h.hour}: ${h.serviceLevel === null ? 'no calls' : `${h.serviceLevel}%`}`)}
      >
        <LineChart {...CHART} data={hours}>
          <CartesianGrid stroke="var(--line)" vertical={false} />
          <XAxis dataKey="hour" tick={AXIS} />
          <YAxis tick={AXIS} domain={[0, 100]} unit="%" width={48} />
          <Tooltip {...TOOLTIP} formatter={(v) => `${v}%`} labelFormatter={(h) => `${h}:00`} />
          <ReferenceLine
            y={goal}
            stroke="var(--danger)"
            strokeDasharray="4 4"
            label={{ value: `Goal ${goal}%`, ...AXIS }}
          />
          <Line
            dataKey="serviceLevel"
            name="Service level"
            stroke="var(--accent)"
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </Chart>
    </section>
  );
}
