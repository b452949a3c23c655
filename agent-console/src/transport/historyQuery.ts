/** History's filters as the agent sets them: dates are the local calendar days of `<input type=date>`. */
export interface HistoryFilters {
  from: string;
  to: string;
  agent: string;
  disposition: string;
  rating: string;
}

export const NO_FILTERS: HistoryFilters = { from: '', to: '', agent: '', disposition: '', rating: '' };

/** Midnight, local time, of a `yyyy-mm-dd` day; `days` later for the end of a range. */
const localMidnight = (day: string, days = 0) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y as number, (m as number) - 1, (d as number) + days).getTime();
};

/** The `/api/sessions` query for a search and its filters: "to" includes its whole day. */
export function historyParams(text: string, filters: HistoryFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (text) params.set('q', text);
  if (filters.from) params.set('from', String(localMidnight(filters.from)));
  if (filters.to) params.set('to', String(localMidnight(filters.to, 1)));
  if (filters.agent) params.set('agent', filters.agent);
  if (filters.disposition) params.set('disposition', filters.disposition);
  if (filters.rating) params.set('rating', filters.rating);
  return params;
}
