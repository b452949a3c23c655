import type {
  AgentProfile,
  EndReason,
  FloorReply,
  InviteReply,
  LoginReply,
  Presence,
  ServerToConsole,
  SessionDetail,
  SessionId,
  SessionSummary,
  StatsReply,
  TransferInfo,
  UserContext,
} from '@lifeline/shared';
import { ANNOTATION_COLOURS, type AnnotationColour } from '@lifeline/shared/annotations';
import type { ConnectionQuality } from '@lifeline/shared/media';
import type { PanelPlace } from '@lifeline/shared/pageView';
import { createStore, type StateCreator } from 'zustand/vanilla';
import { type HistoryFilters, NO_FILTERS } from '../transport/historyQuery.js';

export type { Presence };

export interface AuthSlice {
  auth: { token: string; expiresAt: number; agent: LoginReply['agent'] } | null;
  authError: string | null;
}

export interface PresenceSlice {
  presence: Presence;
  connection: 'disconnected' | 'connecting' | 'connected' | 'reconnecting';
  /** Why the agent is away, when they said. */
  awayReason: string | null;
  /** When wrap-up ends on its own (epoch ms). */
  wrapUpUntil: number | null;
}

/** Which screen of the console is showing, and its colour scheme. */
export interface LayoutSlice {
  view: 'desk' | 'floor' | 'history' | 'agents';
  theme: 'system' | 'light' | 'dark';
}

export interface Offer {
  sessionId: SessionId;
  user: UserContext;
  requestedAt: number;
  expiresAt: number;
  callback: boolean;
  /** A colleague handing over a call they are in, with their note. */
  transfer?: TransferInfo | undefined;
  /** A scheduled callback come due: the promise, who made it, and a shift handoff's note. */
  followUp?: FollowUpInfo | undefined;
}

export type FollowUpInfo = NonNullable<Extract<ServerToConsole, { type: 'offer.incoming' }>['followUp']>;

export interface PageViewState {
  /** What the user's page allows: control (the host's flag) and a screen share (the browser). */
  caps: { control: boolean; screen: boolean } | null;
  control: 'off' | 'asked' | 'on' | 'declined';
  screen: 'off' | 'asked' | 'on' | 'declined';
  /** Which of the two the stage shows: the page view, or the screen share once there is one. */
  shown: 'page' | 'screen';
  /** Where the help panel covers the user's page (they cannot see what lies under it). */
  panel: PanelPlace | null;
}

export const NO_PAGE_VIEW: PageViewState = { caps: null, control: 'off', screen: 'off', shown: 'page', panel: null };

export interface OfferSlice {
  offer: Offer | null;
}

export interface CallSlice {
  call: {
    sessionId: SessionId;
    user: UserContext;
    remote: MediaStream;
    micMuted: boolean;
    cameraOff: boolean;
    receiving: boolean;
    /** False for a callback whose user has left the page. */
    userPresent: boolean;
    /** When the call went live on this console (epoch ms), for its timer. */
    since: number;
    screenPaused: boolean;
    userMuted: boolean;
    /** The tenant records calls (LiveKit egress). */
    recording: boolean;
    /** Link quality per side, where the media provider measures it (LiveKit). */
    quality: Record<'local' | 'remote', ConnectionQuality>;
    /** Set when a colleague handed this call over: who, and their note. */
    handedOver: TransferInfo | null;
    /** This agent's own transfer of the call, while it rings (or why it did not happen). */
    transfer: { status: 'ringing'; toAgentName: string } | { status: 'failed'; reason: string } | null;
    /** The user's page: mirrored live (page view), and what may be asked of it. */
    page: PageViewState;
  } | null;
  localPreview: MediaStream | null;
  lastEnded: { sessionId: SessionId; reason: EndReason } | null;
  notice: string | null;
}

/** What the agent knows and writes about the user on the line (or just finished with). */
export interface RecordsSlice {
  /** The user's earlier sessions (identified users only), for the context panel. */
  previous: { sessionId: string; sessions: SessionSummary[] } | null;
  /** Notes written during the current or last call, as the server stored them. */
  notes: { sessionId: string; items: SessionSummary['notes']; error: string | null };
  /** The wrap-up of the call that just ended: disposition and last note, until saved. */
  wrapUp: { sessionId: string; status: 'open' | 'saving' | 'saved'; error: string | null } | null;
  /** Bumped when the server says the callbacks this agent sees changed (one was handed over). */
  callbacksChanged: number;
}

/** The searchable history of sessions and the one opened with its timeline. */
export interface HistorySlice {
  history: {
    query: string;
    filters: HistoryFilters;
    sessions: SessionSummary[];
    total: number;
    loading: boolean;
    error: string | null;
    selected: SessionDetail | null;
  };
}

/** Admins' management of agents. */
export interface AdminSlice {
  admin: { agents: AgentProfile[]; lastInvite: InviteReply | null; error: string | null };
}

/** Supervisors' view of the floor, and the call they silently monitor, if any. */
export interface FloorSlice {
  floor: FloorReply | null;
  /** Today's service figures, pushed by the server as they change. */
  figures: StatsReply | null;
  monitoring: { sessionId: string; tracks: MediaStreamTrack[]; error: string | null } | null;
}

/**
 * The guiding tools over the user's page: pointer, pen, highlight and scroll-to (page view),
 * and control (click and type, once the user allowed it).
 */
export type GuideTool = 'pointer' | 'pen' | 'highlight' | 'scrollTo' | 'control';

export interface AnnotationSlice {
  annotation: { tool: GuideTool | null; colour: AnnotationColour; clearedAt: number };
}

export type ConsoleState = AuthSlice &
  PresenceSlice &
  LayoutSlice &
  OfferSlice &
  CallSlice &
  RecordsSlice &
  FloorSlice &
  AnnotationSlice &
  HistorySlice &
  AdminSlice;

const authSlice: StateCreator<ConsoleState, [], [], AuthSlice> = () => ({ auth: null, authError: null });
const presenceSlice: StateCreator<ConsoleState, [], [], PresenceSlice> = () => ({
  presence: 'offline',
  connection: 'disconnected',
  awayReason: null,
  wrapUpUntil: null,
});
const layoutSlice: StateCreator<ConsoleState, [], [], LayoutSlice> = () => ({ view: 'desk', theme: 'system' });
const recordsSlice: StateCreator<ConsoleState, [], [], RecordsSlice> = () => ({
  previous: null,
  notes: { sessionId: '', items: [], error: null },
  wrapUp: null,
  callbacksChanged: 0,
});
const historySlice: StateCreator<ConsoleState, [], [], HistorySlice> = () => ({
  history: { query: '', filters: NO_FILTERS, sessions: [], total: 0, loading: false, error: null, selected: null },
});
const adminSlice: StateCreator<ConsoleState, [], [], AdminSlice> = () => ({
  admin: { agents: [], lastInvite: null, error: null },
});
const offerSlice: StateCreator<ConsoleState, [], [], OfferSlice> = () => ({ offer: null });
const callSlice: StateCreator<ConsoleState, [], [], CallSlice> = () => ({
  call: null,
  localPreview: null,
  lastEnded: null,
  notice: null,
});

const annotationSlice: StateCreator<ConsoleState, [], [], AnnotationSlice> = () => ({
  annotation: { tool: null, colour: ANNOTATION_COLOURS[0], clearedAt: 0 },
});
const floorSlice: StateCreator<ConsoleState, [], [], FloorSlice> = () => ({
  floor: null,
  figures: null,
  monitoring: null,
});

/** The console's whole state, built from slices; only the ConsoleClient writes to it. */
export function createConsoleStore() {
  return createStore<ConsoleState>()((...a) => ({
    ...authSlice(...a),
    ...presenceSlice(...a),
    ...layoutSlice(...a),
    ...offerSlice(...a),
    ...callSlice(...a),
    ...recordsSlice(...a),
    ...historySlice(...a),
    ...adminSlice(...a),
    ...floorSlice(...a),
    ...annotationSlice(...a),
  }));
}

export type ConsoleStore = ReturnType<typeof createConsoleStore>;
