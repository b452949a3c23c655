import type { ConnectionQuality } from '@lifeline/shared/media';

const RANK: Record<ConnectionQuality, number> = { unknown: 0, excellent: 1, good: 2, poor: 3, lost: 4 };
const LABEL: Record<ConnectionQuality, string> = {
  unknown: '',
  excellent: 'Connection: excellent',
  good: 'Connection: good',
  poor: 'Connection: poor',
  lost: 'Connection: lost',
};

/** The worse of the two sides' link quality; nothing until the media provider measures it. */
export function ConnectionQualityBadge({ quality }: { quality: Record<'local' | 'remote', ConnectionQuality> }) {
  const worst = RANK[quality.local] >= RANK[quality.remote] ? quality.local : quality.remote;
  if (worst === 'unknown') return null;
  return (
    <span className={`badge quality-${worst}`} role="status">
      {LABEL[worst]}
    </span>
  );
}
