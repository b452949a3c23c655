import type { EndReason } from '@lifeline/shared';

export type Problem =
  | 'screen_refused'
  | 'screen_unsupported'
  | 'screen_timeout'
  | 'no_webrtc'
  | 'server_unreachable'
  | 'connection_lost'
  | 'media_unreachable';

/** Everything the panel can show, as one discriminated union. */
export type CallState =
  | { kind: 'consent' }
  | { kind: 'starting' }
  | {
      kind: 'waiting';
      position: number | null;
      etaMs: number | null;
      noAgents: boolean;
      micOn: boolean;
      /** Back in the queue because the agent's connection dropped. */
      requeued: boolean;
      /** Outside business hours: not queued. */
      closed: boolean;
      /** The user asked to be called back here. */
      callback: boolean;
      /** The tenant records calls: said before the call starts. */
      recorded: boolean;
    }
  | { kind: 'connecting'; agentName: string; micOn: boolean; recorded: boolean }
  | {
      kind: 'inCall';
      agentName: string;
      micOn: boolean;
      screenPaused: boolean;
      micMuted: boolean;
      recorded: boolean;
    }
  | {
      kind: 'ended';
      reason: EndReason;
      /** Only a call that happened can be rated. */
      canRate: boolean;
      rated: number | null;
      commented: boolean;
    }
  | { kind: 'failed'; problem: Problem };
