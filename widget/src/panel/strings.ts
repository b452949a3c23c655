import type { EndReason } from '@lifeline/shared';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Problem } from './callState.js';
import type { Catalog } from './i18n/catalog.js';
import english from './i18n/en.json';
import { minutesUpTo } from './i18n/format.js';
import { CATALOGS, directionOf, languageFor } from './i18n/languages.js';

/**
 * Every sentence the user reads, for one locale: the catalog's ICU messages formatted with the
 * platform's plural rules, and waits said with Intl.RelativeTimeFormat and unit formatting.
 */
export function buildStrings(locale: string, catalog: Catalog) {
  const formats = new Map<string, IntlMessageFormat>();
  const t = (key: keyof Catalog, values?: Record<string, string | number>): string => {
    let format = formats.get(key);
    // A message string in tests; in the built panel, its precompiled AST (see vite.panel.config.ts).
    if (!format) {
      format = new IntlMessageFormat(catalog[key], locale);
      formats.set(key, format);
    }
    return String(format.format(values));
  };
  const minutes = (ms: number) => Math.max(1, Math.round(ms / 60_000));
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const someone = (agent: string | null) => agent ?? 'none';
  return {
    title: t('title'),
    consentTitle: t('consentTitle'),
    consentBody: t('consentBody'),
    start: t('start'),
    notNow: t('notNow'),
    online: (etaMs: number | null) =>
      etaMs === null || etaMs < 60_000 ? t('onlineSoon') : t('onlineAbout', { within: minutesUpTo(etaMs, locale) }),
    nobodyOnline: t('nobodyOnline'),
    closedUntil: (when: string) => t('closedUntil', { when }),
    topicQuestion: t('topicQuestion'),
    anyTopic: t('anyTopic'),
    starting: t('starting'),
    busy: t('busy'),
    finding: t('finding'),
    position: (n: number) => t('position', { n }),
    eta: (ms: number, upToMs?: number) => {
      if ((upToMs ?? ms) < 60_000) return t('etaSoon');
      const soon = relative.format(minutes(ms), 'minute');
      return upToMs === undefined
        ? t('etaAbout', { in: soon })
        : t('etaUsually', { in: soon, within: minutesUpTo(upToMs, locale) });
    },
    requeued: t('requeued'),
    reconnecting: t('reconnecting'),
    rateQuestion: t('rateQuestion'),
    rateLabel: (n: number) => t('rateLabel', { n }),
    rateScale: t('rateScale'),
    sharingPage: t('sharingPage'),
    sharingScreen: t('sharingScreen'),
    callTime: t('callTime'),
    commentLabel: t('commentLabel'),
    sendComment: t('sendComment'),
    thanks: t('thanks'),
    closed: t('closed'),
    callMeBack: t('callMeBack'),
    callLater: t('callLater'),
    scheduleTitle: t('scheduleTitle'),
    findingTimes: t('findingTimes'),
    timeLabel: t('timeLabel'),
    soonest: t('soonest'),
    book: t('book'),
    back: t('back'),
    bookFailed: (why: string) => t('bookFailed', { why }),
    booked: (when: string | null, agent: string | null) =>
      when ? t('bookedAt', { when, agent: someone(agent) }) : t('bookedSoon', { agent: someone(agent) }),
    cancelCallback: t('cancelCallback'),
    callbackCancelled: t('callbackCancelled'),
    helpNow: t('helpNow'),
    promise: (agent: string | null, when: string) => t('promise', { agent: someone(agent), when }),
    callbackConfirmed: t('callbackConfirmed'),
    noAgents: t('noAgents'),
    cancel: t('cancel'),
    connecting: (agent: string) => t('connecting', { agent }),
    inCall: (agent: string) => t('inCall', { agent }),
    privateFields: (n: number) => t('privateFields', { n }),
    micOff: t('micOff'),
    askScreen: (agent: string) => t('askScreen', { agent }),
    shareScreen: t('shareScreen'),
    stopScreen: t('stopScreen'),
    askControl: (agent: string) => t('askControl', { agent }),
    allowControl: t('allowControl'),
    decline: t('decline'),
    controlled: (agent: string) => t('controlled', { agent }),
    stopControl: t('stopControl'),
    recorded: t('recorded'),
    endCall: t('endCall'),
    clearDrawings: t('clearDrawings'),
    pauseSharing: t('pauseSharing'),
    resumeSharing: t('resumeSharing'),
    paused: t('paused'),
    mute: t('mute'),
    unmute: t('unmute'),
    close: t('close'),
    tryAgain: t('tryAgain'),
    agentVideo: t('agentVideo'),
    minimise: t('minimise'),
    restore: t('restore'),
    moveHint: t('moveHint'),
    retryMic: t('retryMic'),
    ended: Object.fromEntries(ENDS.map((reason) => [reason, t(`ended.${reason}` as keyof Catalog)])) as Record<
      EndReason,
      string
    >,
    problems: Object.fromEntries(
      PROBLEMS.map((problem) => [problem, t(`problems.${problem}` as keyof Catalog)]),
    ) as Record<Problem, string>,
    /** For the panel's `lang` and `dir`, and for dates. */
    locale,
    dir: directionOf(locale),
  };
}

/** Written as records so a new end reason or problem cannot be left unsaid (the compiler checks). */
const ENDS = Object.keys({
  user_ended: 1,
  agent_ended: 1,
  user_cancelled: 1,
  user_disconnected: 1,
  agent_disconnected: 1,
  server_restarted: 1,
  callback_expired: 1,
  no_answer: 1,
  callback_scheduled: 1,
  media_ended: 1,
  transferred: 1,
} satisfies Record<EndReason, 1>) as EndReason[];
const PROBLEMS = Object.keys({
  no_webrtc: 1,
  server_unreachable: 1,
  service_busy: 1,
  connection_lost: 1,
  media_unreachable: 1,
  moved_elsewhere: 1,
} satisfies Record<Problem, 1>) as Problem[];

export type Strings = ReturnType<typeof buildStrings>;

/** English, always at hand (the reference, and what any other language falls back to). */
export const en: Strings = buildStrings('en', english as Catalog);

/** The strings for a locale such as `de-AT`: its language's catalog, loaded once; else English. */
export async function loadStrings(locale: string): Promise<Strings> {
  const language = languageFor(locale);
  const load = CATALOGS[language];
  if (!load) return en;
  try {
    return buildStrings(locale, (await load()).default as Catalog);
  } catch {
    return en; // a catalog that cannot be fetched must not keep the user from help
  }
}
