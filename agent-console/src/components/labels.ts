import type { Disposition } from '@lifeline/shared';

/** How each disposition code reads on screen. */
export const DISPOSITION_LABEL: Record<Disposition, string> = {
  resolved: 'Resolved',
  follow_up: 'Needs follow-up',
  escalated: 'Escalated',
  not_resolved: 'Not resolved',
  no_user: 'User not reached',
};

/** How each timeline event reads in a session's history. */
export const TIMELINE_LABEL: Record<string, string> = {
  requested: 'Asked for help',
  queued: 'Joined the queue',
  requeued: 'Back in the queue',
  offered: 'Rang at',
  declined: 'Declined by',
  offer_timeout: 'Not answered by',
  accepted: 'Answered by',
  media_connected: 'Media connected',
  media_joined: 'Joined the media room',
  media_left: 'Left the media room',
  callback_requested: 'Asked for a callback',
  transfer_offered: 'Transfer rang at',
  transfer_failed: 'Transfer did not happen',
  transferred: 'Taken over by',
  abandoned: 'Left before an answer',
  ended: 'Ended',
  control: 'Page control by',
};

export const seconds = (ms: number | null | undefined) => (ms == null ? '–' : `${(ms / 1000).toFixed(1)} s`);

export const minutesSeconds = (ms: number) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export const clockTime = (at: number) =>
  new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export const dateTime = (at: number) => new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
