/** Sums inbound RTP bytes per media kind: what the tests and the UI read to prove media flows. */
export function inboundBytes(report: RTCStatsReport): { audio: number; video: number } {
  const totals = { audio: 0, video: 0 };
  report.forEach((entry: { type?: string; kind?: string; bytesReceived?: number }) => {
    if (entry.type !== 'inbound-rtp') return;
    if (entry.kind === 'audio' || entry.kind === 'video') totals[entry.kind] += entry.bytesReceived ?? 0;
  });
  return totals;
}
