import type { EndReason } from '@lifeline/shared';
import type { Problem } from './callState.js';

/** The bound in whole minutes, rounded up: "under 5 min" must not be said of a 5.2-minute bound. */
const underMinutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

/** Every sentence the user reads, in plain language. English is the reference; others follow its shape. */
export const en = {
  title: 'Live help',
  consentTitle: 'Talk to a person',
  consentBody:
    "The agent will see this page and hear you. They won't see you, and they won't see your passwords or card numbers. You can stop at any time.",
  start: 'Start call',
  notNow: 'Not now',
  online: (etaMs: number | null) =>
    etaMs === null || etaMs < 60_000
      ? 'Agents online · usually answers in under a minute'
      : `Agents online · usually answers in about ${Math.round(etaMs / 60_000)} min`,
  nobodyOnline: 'Nobody is online right now: you can still ask, or book a callback.',
  closedUntil: (when: string) => `We're closed now. We open again ${when}.`,
  topicQuestion: 'What do you need help with?',
  anyTopic: 'Something else',
  starting: 'Getting ready…',
  finding: 'Finding someone to help you…',
  position: (n: number) => (n === 1 ? "You're next in line." : `You're number ${n} in line.`),
  eta: (ms: number, upToMs?: number) =>
    (upToMs ?? ms) < 60_000
      ? 'Someone will be with you in less than a minute.'
      : `About ${Math.max(1, Math.round(ms / 60_000))} min to wait${upToMs === undefined ? '' : `, usually under ${underMinutes(upToMs)} min`}.`,
  requeued: "Your agent's connection dropped. You're first in line for the next person.",
  reconnecting: 'Reconnecting…',
  rateQuestion: 'How did it go?',
  rateLabel: (n: number) => `Rate ${n} out of 5`,
  commentLabel: 'Anything to add? (optional)',
  sendComment: 'Send comment',
  thanks: 'Thank you for your feedback.',
  closed: "We're closed right now, so no one can join you live.",
  callMeBack: 'Call me back here',
  callLater: 'Call me back later',
  scheduleTitle: 'When should we call you back? Times are in your time zone.',
  findingTimes: 'Finding times the team can call…',
  timeLabel: 'Time',
  soonest: 'As soon as someone is free',
  book: 'Book callback',
  back: 'Back',
  bookFailed: (why: string) => `That didn't work: ${why}`,
  booked: (when: string | null, agent: string | null) =>
    `${agent ?? 'We'} will call you back ${when ? `on ${when}` : 'as soon as someone is free'}. You can close this page: any page of this site rings when it's time.`,
  cancelCallback: 'Cancel callback',
  callbackCancelled: "Your callback is cancelled. You can talk to someone now, or press help whenever you'd like.",
  helpNow: 'Talk to someone now',
  promise: (agent: string | null, when: string) => `${agent ?? 'We'} will call you back on ${when}.`,
  callbackConfirmed:
    "Thanks! The next person free will call you back here: keep this page open and we'll ring. If you leave, they'll follow up.",
  noAgents: 'No one is available right now. You can keep waiting, or try again later.',
  cancel: 'Leave the queue',
  connecting: (agent: string) => `Connecting you to ${agent}…`,
  inCall: (agent: string) => `${agent} can see this page and hear you.`,
  privateFields: (n: number) =>
    n === 1
      ? 'One private field on this page is hidden from the agent.'
      : `${n} private fields on this page are hidden from the agent.`,
  micOff: "Your microphone is off, so the agent can't hear you. They can still see this page.",
  askScreen: (agent: string) => `${agent} asks to see your screen, to help with something outside this page.`,
  shareScreen: 'Share my screen',
  stopScreen: 'Stop screen share',
  askControl: (agent: string) =>
    `${agent} asks to click and type on this page for you. You can take over again at any time; private fields stay out of reach.`,
  allowControl: 'Allow',
  decline: 'No thanks',
  controlled: (agent: string) => `${agent} is controlling this page.`,
  stopControl: 'Stop',
  recorded: 'This call will be recorded to help us improve.',
  endCall: 'End call',
  clearDrawings: 'Clear drawings',
  pauseSharing: 'Pause sharing',
  resumeSharing: 'Resume sharing',
  paused: 'Sharing is paused: the agent sees nothing new until you resume.',
  mute: 'Mute',
  unmute: 'Unmute',
  close: 'Close',
  tryAgain: 'Try again',
  agentVideo: 'Video of your support agent',
  minimise: 'Minimise',
  restore: 'Show the call',
  moveHint: 'Drag to move. With the keyboard: focus here and use the arrow keys.',
  retryMic: 'Turn on my microphone',
  ended: {
    user_ended: 'The call has ended. Thank you!',
    agent_ended: 'The agent ended the call. Thank you!',
    user_cancelled: 'You left the queue.',
    user_disconnected: 'The call has ended.',
    agent_disconnected: "The agent's connection dropped. Please ask for help again.",
    server_restarted: 'The help service restarted and the call was lost. Please ask for help again.',
    callback_expired: 'Nobody could call you back in time. Please ask for help again.',
    no_answer: 'We called but could not reach you. We will try again later.',
    callback_scheduled: "You're booked: we'll call you back at the time you chose.",
    media_ended: "The call's connection closed. You can ask for help again.",
    transferred: 'The call has ended. Thank you!',
  } satisfies Record<EndReason, string>,
  problems: {
    no_webrtc: "This browser can't make video calls. Please use a recent Chrome, Edge, Firefox or Safari.",
    server_unreachable: "We couldn't reach the help service. Check your connection and try again.",
    connection_lost: 'The connection to the help service was lost. Please try again.',
    media_unreachable: "We couldn't connect the call's video. Check your connection and try again.",
  } satisfies Record<Problem, string>,
};

export type Strings = typeof en;

export const de: Strings = {
  online: (etaMs: number | null) =>
    etaMs === null || etaMs < 60_000
      ? 'Ansprechpartner online · antworten meist in unter einer Minute'
      : `Ansprechpartner online · antworten meist in etwa ${Math.round(etaMs / 60_000)} Min.`,
  nobodyOnline: 'Gerade ist niemand online: Sie können trotzdem fragen oder einen Rückruf buchen.',
  closedUntil: (when: string) => `Wir haben gerade geschlossen. Wir sind wieder da: ${when}.`,
  topicQuestion: 'Wobei brauchen Sie Hilfe?',
  anyTopic: 'Etwas anderes',
  title: 'Live-Hilfe',
  consentTitle: 'Mit einem Menschen sprechen',
  consentBody:
    'Ihr Ansprechpartner sieht diese Seite und hört Sie. Sie selbst werden nicht gesehen, und Passwörter oder Kartennummern auch nicht. Sie können jederzeit aufhören.',
  start: 'Anruf starten',
  notNow: 'Nicht jetzt',
  starting: 'Einen Moment…',
  finding: 'Wir suchen jemanden, der Ihnen hilft…',
  position: (n: number) => (n === 1 ? 'Sie sind als Nächstes dran.' : `Sie sind Nummer ${n} in der Warteschlange.`),
  eta: (ms: number, upToMs?: number) =>
    (upToMs ?? ms) < 60_000
      ? 'Gleich ist jemand für Sie da (unter einer Minute).'
      : `Etwa ${Math.max(1, Math.round(ms / 60_000))} Min. Wartezeit${upToMs === undefined ? '.' : `, meist unter ${underMinutes(upToMs)} Min.`}`,
  requeued: 'Die Verbindung Ihres Ansprechpartners ist abgebrochen. Sie sind als Erstes für die nächste Person dran.',
  reconnecting: 'Verbindung wird wiederhergestellt…',
  rateQuestion: 'Wie war es?',
  rateLabel: (n: number) => `Mit ${n} von 5 bewerten`,
  commentLabel: 'Möchten Sie noch etwas sagen? (optional)',
  sendComment: 'Kommentar senden',
  thanks: 'Vielen Dank für Ihr Feedback.',
  closed: 'Wir haben gerade geschlossen, daher kann niemand live dazukommen.',
  callMeBack: 'Hier zurückrufen',
  callLater: 'Später zurückrufen',
  scheduleTitle: 'Wann sollen wir Sie zurückrufen? Zeiten in Ihrer Zeitzone.',
  findingTimes: 'Freie Zeiten werden gesucht…',
  timeLabel: 'Zeit',
  soonest: 'Sobald jemand frei ist',
  book: 'Rückruf buchen',
  back: 'Zurück',
  bookFailed: (why: string) => `Das hat nicht geklappt: ${why}`,
  booked: (when: string | null, agent: string | null) =>
    `${agent ?? 'Wir'} ${agent ? 'ruft' : 'rufen'} Sie ${when ? `am ${when}` : 'zurück, sobald jemand frei ist'}${when ? ' zurück' : ''}. Sie können diese Seite schließen: Jede Seite dieser Website klingelt, wenn es so weit ist.`,
  cancelCallback: 'Rückruf absagen',
  callbackCancelled:
    'Ihr Rückruf ist abgesagt. Sie können jetzt mit jemandem sprechen oder jederzeit auf Hilfe drücken.',
  helpNow: 'Jetzt mit jemandem sprechen',
  promise: (agent: string | null, when: string) =>
    `${agent ?? 'Wir'} ${agent ? 'ruft' : 'rufen'} Sie am ${when} zurück.`,
  callbackConfirmed:
    'Danke! Die nächste freie Person ruft Sie hier zurück: Lassen Sie diese Seite offen, dann klingelt es. Wenn Sie gehen, melden wir uns.',
  noAgents: 'Gerade ist niemand verfügbar. Sie können weiter warten oder es später noch einmal versuchen.',
  cancel: 'Warteschlange verlassen',
  connecting: (agent: string) => `Sie werden mit ${agent} verbunden…`,
  inCall: (agent: string) => `${agent} sieht diese Seite und hört Sie.`,
  privateFields: (n: number) =>
    n === 1
      ? 'Ein privates Feld auf dieser Seite ist für Ihren Ansprechpartner verborgen.'
      : `${n} private Felder auf dieser Seite sind für Ihren Ansprechpartner verborgen.`,
  micOff: 'Ihr Mikrofon ist aus, daher hört man Sie nicht. Diese Seite ist weiterhin zu sehen.',
  askScreen: (agent: string) =>
    `${agent} möchte Ihren Bildschirm sehen, um bei etwas außerhalb dieser Seite zu helfen.`,
  shareScreen: 'Bildschirm teilen',
  stopScreen: 'Bildschirm nicht mehr teilen',
  askControl: (agent: string) =>
    `${agent} möchte auf dieser Seite für Sie klicken und tippen. Sie können jederzeit übernehmen; private Felder bleiben unerreichbar.`,
  allowControl: 'Erlauben',
  decline: 'Nein, danke',
  controlled: (agent: string) => `${agent} steuert diese Seite.`,
  stopControl: 'Beenden',
  recorded: 'Dieser Anruf wird aufgezeichnet, damit wir besser werden.',
  endCall: 'Anruf beenden',
  clearDrawings: 'Zeichnungen löschen',
  pauseSharing: 'Teilen pausieren',
  resumeSharing: 'Teilen fortsetzen',
  paused: 'Das Teilen ist pausiert: Bis Sie fortsetzen, sieht man nichts Neues.',
  mute: 'Stumm',
  unmute: 'Ton an',
  close: 'Schließen',
  tryAgain: 'Erneut versuchen',
  agentVideo: 'Video Ihres Support-Ansprechpartners',
  minimise: 'Minimieren',
  restore: 'Anruf anzeigen',
  moveHint: 'Zum Verschieben ziehen. Mit der Tastatur: hier fokussieren und die Pfeiltasten nutzen.',
  retryMic: 'Mikrofon einschalten',
  ended: {
    user_ended: 'Der Anruf ist beendet. Vielen Dank!',
    agent_ended: 'Der Anruf wurde beendet. Vielen Dank!',
    user_cancelled: 'Sie haben die Warteschlange verlassen.',
    user_disconnected: 'Der Anruf ist beendet.',
    agent_disconnected: 'Die Verbindung Ihres Ansprechpartners ist abgebrochen. Bitte fragen Sie erneut nach Hilfe.',
    server_restarted: 'Der Hilfe-Dienst wurde neu gestartet und der Anruf ging verloren. Bitte fragen Sie erneut.',
    callback_expired: 'Leider konnte Sie niemand rechtzeitig zurückrufen. Bitte fragen Sie erneut.',
    no_answer: 'Wir haben angerufen, Sie aber nicht erreicht. Wir versuchen es später noch einmal.',
    callback_scheduled: 'Gebucht: Wir rufen Sie zur gewählten Zeit zurück.',
    media_ended: 'Die Verbindung des Anrufs wurde geschlossen. Sie können erneut nach Hilfe fragen.',
    transferred: 'Der Anruf ist beendet. Vielen Dank!',
  },
  problems: {
    no_webrtc:
      'Dieser Browser kann keine Videoanrufe. Bitte nutzen Sie ein aktuelles Chrome, Edge, Firefox oder Safari.',
    server_unreachable:
      'Der Hilfe-Dienst ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    connection_lost: 'Die Verbindung zum Hilfe-Dienst ist abgebrochen. Bitte versuchen Sie es erneut.',
    media_unreachable:
      'Das Video des Anrufs konnte nicht verbunden werden. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  },
};

const TABLES: Record<string, Strings> = { en, de };

/** The strings for a locale such as `de-AT`: its language if we have it, else English. */
export function stringsFor(locale: string): Strings {
  return TABLES[locale.toLowerCase().split('-')[0] ?? 'en'] ?? en;
}
