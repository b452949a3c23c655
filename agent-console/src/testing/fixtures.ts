import { type SessionDetail, SessionId, type SessionSummary } from '@lifeline/shared';
import { type ConsoleState, NO_PAGE_VIEW } from '../state/store.js';

export const AT = Date.UTC(2026, 10, 22, 9, 30);

export const SUMMARY: SessionSummary = {
  id: 's-1',
  requestedAt: AT,
  user: { name: 'Dana Scully', userId: 'cust-7' },
  agentName: 'Alex',
  outcome: 'answered',
  endReason: 'agent_ended',
  timeToAnswerMs: 4_200,
  durationMs: 95_000,
  rating: { score: 4, comment: 'quick' },
  disposition: 'follow_up',
  notes: [{ agentName: 'Alex', body: 'Export button hidden', at: AT + 60_000 }],
};

export const DETAIL: SessionDetail = {
  ...SUMMARY,
  context: {
    pageUrl: 'https://shop.example/reports',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36',
  },
  timeline: [
    { kind: 'requested', at: AT },
    { kind: 'queued', at: AT + 10 },
    { kind: 'offered', at: AT + 20, agentName: 'Alex' },
    { kind: 'accepted', at: AT + 4_200, agentName: 'Alex' },
    { kind: 'ended', at: AT + 99_200, reason: 'agent_ended' },
  ],
};

/** A live call with an identified user, as the store holds it. */
export function liveCall(changes: Partial<NonNullable<ConsoleState['call']>> = {}): NonNullable<ConsoleState['call']> {
  return {
    sessionId: SessionId.parse('s-2'),
    user: {
      name: 'Dana Scully',
      plan: 'pro',
      email: 'dana@example.com',
      attributes: { invoiceDraft: 'INV-2031' },
      pageUrl: 'https://shop.example/reports',
      userAgent:
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
      language: 'en-GB',
    },
    remote: new MediaStream(),
    micMuted: false,
    cameraOff: false,
    receiving: true,
    userPresent: true,
    since: Date.now(),
    screenPaused: false,
    userMuted: false,
    recording: false,
    quality: { local: 'unknown', remote: 'unknown' },
    handedOver: null,
    transfer: null,
    page: NO_PAGE_VIEW,
    ...changes,
  };
}
