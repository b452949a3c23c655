import type { EndReason, FloorReply, LoginReply, TransferInfo, UserContext } from '@lifeline/shared';
import { ANNOTATION_COLOURS, type AnnotationColour } from '@lifeline/shared/annotations';
import type { ConnectionQuality } from '@lifeline/shared/media';
import { createStore, type StateCreator } from 'zustand/vanilla';

export type Presence = 'offline' | 'away' | 'available' | 'offered' | 'busy' | 'wrapUp';

export interface AuthSlice {
  auth: { token: string; expiresAt: number; agent: LoginReply['agent'] } | null;
  authError: string | null;
}

export interface PresenceSlice {
  presence: Presence;
  connection: 'disconnected' | 'connecting' | 'connected';
}

export interface Offer {
  sessionId: string;
  user: UserContext;
  requestedAt: number;
  expiresAt: number;
  callback: boolean;
  /** A colleague handing over a call they are in, with their note. */
  transfer?: TransferInfo | undefined;
}

export interface OfferSlice {
  offer: Offer | null;
}

export interface CallSlice {
  call: {
    sessionId: string;
    user: UserContext;
    remote: MediaStream;
    micMuted: boolean;
    receiving: boolean;
    /** False for a callback whose user has left the page. */
    userPresent: boolean;
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
  } | null;
  localPreview: MediaStream | null;
  lastEnded: { sessionId: string; reason: EndReason } | null;
  notice: string | null;
}

/** Supervisors' view of the floor, and the call they silently monitor, if any. */
export interface FloorSlice {
  floor: FloorReply | null;
  monitoring: { sessionId: string; tracks: MediaStreamTrack[]; error: string | null } | null;
}

/** The drawing tools over the user's screen. */
export interface AnnotationSlice {
  annotation: { tool: 'pointer' | 'pen' | null; colour: AnnotationColour; clearedAt: number };
}

export type ConsoleState = AuthSlice & PresenceSlice & OfferSlice & CallSlice & FloorSlice & AnnotationSlice;

const authSlice: StateCreator<ConsoleState, [], [], AuthSlice> = () => ({ auth: null, authError: null });
const presenceSlice: StateCreator<ConsoleState, [], [], PresenceSlice> = () => ({
  presence: 'offline',
  connection: 'disconnected',
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
const floorSlice: StateCreator<ConsoleState, [], [], FloorSlice> = () => ({ floor: null, monitoring: null });

/** The console's whole state, built from slices; only the ConsoleClient writes to it. */
export function createConsoleStore() {
  return createStore<ConsoleState>()((...a) => ({
    ...authSlice(...a),
    ...presenceSlice(...a),
    ...offerSlice(...a),
    ...callSlice(...a),
    ...floorSlice(...a),
    ...annotationSlice(...a),
  }));
}

export type ConsoleStore = ReturnType<typeof createConsoleStore>;
