import type { EndReason } from '@lifeline/shared';
import type { Problem } from './callState.js';

/** Every sentence the user reads, in plain language (English; more locales come with i18n). */
export const strings = {
  title: 'Live help',
  consentTitle: 'Talk to a person',
  consentBody:
    "A support agent will see this tab of your browser and hear you. They won't see you: your camera stays off. You can stop at any time.",
  start: 'Start sharing and call',
  notNow: 'Not now',
  starting: 'Choose what to share with the agent…',
  finding: 'Finding someone to help you…',
  position: (n: number) => (n === 1 ? "You're next in line." : `You're number ${n} in line.`),
  eta: (ms: number) =>
    ms < 60_000 ? 'Someone will be with you in less than a minute.' : `About ${Math.round(ms / 60_000)} min to wait.`,
  requeued: "Your agent's connection dropped. You're first in line for the next person.",
  reconnecting: 'Reconnecting…',
  rateQuestion: 'How did it go?',
  rateLabel: (n: number) => `Rate ${n} out of 5`,
  commentLabel: 'Anything to add? (optional)',
  sendComment: 'Send comment',
  thanks: 'Thank you for your feedback.',
  closed: "We're closed right now, so no one can join you live.",
  callMeBack: 'Call me back here',
  callbackConfirmed:
    "Thanks! The next person free will call you back here: keep this page open and we'll ring. If you leave, they'll follow up.",
  noAgents: 'No one is available right now. You can keep waiting, or try again later.',
  cancel: 'Leave the queue',
  connecting: (agent: string) => `Connecting you to ${agent}…`,
  inCall: (agent: string) => `${agent} can see this tab and hear you.`,
  micOff: "Your microphone is off, so the agent can't hear you. They can still see your screen.",
  recorded: 'This call will be recorded to help us improve.',
  endCall: 'End call',
  clearDrawings: 'Clear drawings',
  pauseSharing: 'Pause sharing',
  resumeSharing: 'Resume sharing',
  paused: 'Sharing is paused: the agent sees a blank screen until you resume.',
  mute: 'Mute',
  unmute: 'Unmute',
  close: 'Close',
  tryAgain: 'Try again',
  agentVideo: 'Video of your support agent',
  ended: {
    user_ended: 'The call has ended. Thank you!',
    agent_ended: 'The agent ended the call. Thank you!',
    user_cancelled: 'You left the queue.',
    user_disconnected: 'The call has ended.',
    agent_disconnected: "The agent's connection dropped. Please ask for help again.",
    server_restarted: 'The help service restarted and the call was lost. Please ask for help again.',
    media_ended: "The call's connection closed. You can ask for help again.",
    transferred: 'The call has ended. Thank you!',
  } satisfies Record<EndReason, string>,
  problems: {
    screen_refused:
      "Screen sharing wasn't allowed, so the agent can't see what you see. Press Try again and choose this tab.",
    screen_unsupported:
      "This browser can't share its screen. Please use a recent Chrome, Edge, Firefox or Safari on a computer.",
    screen_timeout: 'The screen picker did not answer. Press Try again.',
    no_webrtc: "This browser can't make video calls. Please use a recent Chrome, Edge, Firefox or Safari.",
    server_unreachable: "We couldn't reach the help service. Check your connection and try again.",
    connection_lost: 'The connection to the help service was lost. Please try again.',
    media_unreachable: "We couldn't connect the call's video. Check your connection and try again.",
  } satisfies Record<Problem, string>,
};
