import type { AvailabilityReply, EndReason } from '@lifeline/shared';

/** `service_busy`: refused for a minute in a flash crowd (its place is kept a while for Try again). */
export type Problem =
  | 'no_webrtc'
  | 'server_unreachable'
  | 'service_busy'
  | 'connection_lost'
  | 'media_unreachable'
  /** Another tab or window of this browser picked the call up (a duplicated tab): it goes on there. */
  | 'moved_elsewhere';

export interface CallbackPromise {
  dueAt: number;
  agentName: string | null;
}

/** Everything the panel can show, as one discriminated union. */
export type CallState =
  /** Before the call: what the team's availability is, and the topics to choose from, once known. */
  | { kind: 'consent'; availability?: AvailabilityReply }
  /** `busy`: the service is too busy to take the request yet (a flash crowd); asked again, the place kept. */
  | { kind: 'starting'; busy?: boolean }
  | {
      kind: 'waiting';
      position: number | null;
      etaMs: number | null;
      /** What the wait usually stays under, when the server says. */
      etaUpToMs?: number;
      noAgents: boolean;
      micOn: boolean;
      /** Back in the queue because the agent's connection dropped. */
      requeued: boolean;
      /** Outside business hours: not queued. */
      closed: boolean;
      /** The user asked to be called back here. */
      callback: boolean;
      /** The host signed who the user is: a callback at a chosen time can be booked. */
      identified: boolean;
      /** The tenant records calls: said before the call starts. */
      recorded: boolean;
    }
  | { kind: 'connecting'; agentName: string; agentPhoto?: string; micOn: boolean; recorded: boolean }
  | {
      kind: 'inCall';
      agentName: string;
      /** When the call went live (epoch ms): the panel shows how long it has lasted. */
      since: number;
      micOn: boolean;
      /** The user paused what the agent sees (page view and screen share alike). */
      screenPaused: boolean;
      micMuted: boolean;
      recorded: boolean;
      /** The screen share the agent asked for is on (the page view stays on beside it). */
      sharingScreen: boolean;
      /** The agent asks to see the screen or to take control: the user answers. */
      asking: 'screen' | 'control' | null;
      /** The agent is clicking and typing in this page, with the user's leave. */
      controlled: boolean;
      /** Fields on this page whose text the agent never sees. */
      privateFields: number;
    }
  | {
      kind: 'ended';
      reason: EndReason;
      /** Only a call that happened can be rated. */
      canRate: boolean;
      rated: number | null;
      commented: boolean;
      /** The agent promised to call back: when, and who. */
      promise: CallbackPromise | null;
    }
  /** Picking when to be called back: "as soon as possible" or a slot the team can honour. */
  | { kind: 'scheduling'; slots: number[] | null; error: string | null }
  /** Booked: the server keeps it; any page of the product rings when it is due. */
  | { kind: 'scheduled'; id: string; dueAt: number; agentName: string | null; cancelled: boolean }
  | { kind: 'failed'; problem: Problem };
