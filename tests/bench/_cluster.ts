import { percentiles } from '@lifeline/signaling-server/stats';
import { measureClusterDispatch } from './clusterDispatch.js';

const t0 = Date.now();
const c = await measureClusterDispatch(Number(process.argv[2] ?? 10000), 60, 150);
const r = (v: number[]) => percentiles(v.map((ms) => Math.round(ms * 100) / 100));
console.log(
  JSON.stringify({
    beside: r(c.local),
    across: r(c.crossNode),
    takeover: c.takeoverMs,
    next: c.nextOfferMs,
    total: Date.now() - t0,
  }),
);
