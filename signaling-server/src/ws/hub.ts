import type { AgentId, MediaGrant, ServerToConsole, ServerToWidget, SessionId, TransferInfo } from '@lifeline/shared';
import type { Logger } from 'pino';
import type { Metrics } from '../analytics/metrics.js';
import { CallbackKeeper } from '../callbacks/callbackKeeper.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Effect } from '../matching/types.js';
import { type CallGrants, CallMedia } from '../media/callMedia.js';
import type { LiveKitRooms } from '../media/livekit.js';
import { EngineInbox } from '../runtime/engineInbox.js';
import { EngineRunner } from '../runtime/engineRunner.js';
import { FifoDeadlines } from '../runtime/fifoDeadlines.js';
import { FiguresPush } from '../runtime/figuresPush.js';
import { LiveSessions } from '../runtime/liveSessions.js';
import { StandingPresences } from '../runtime/standingPresences.js';
import { sessionStatus, traitsOf } from '../store/status.js';
import type { AgentRecord, Store } from '../store/types.js';
import { tellTenant } from '../webhooks/sessionWebhooks.js';
import { Webhooks } from '../webhooks/webhooks.js';
import { DurableOutput } from './durableOutput.js';
import { Outbox, type Transport } from './outbox.js';
import { PositionBroadcaster } from './positionBroadcaster.js';
import { offerTransfer, transferCall } from './transferRelay.js';
import { WaitEstimates } from './waitEstimates.js';

export interface HubDeps {
  config: Config;
  metrics: Metrics;
  clock: Clock;
  store: Store;
  log: Logger;
  /** Carries frames to sockets, on this node or another. */
  transport: Transport;
}

/**
 * The engine's side of the sockets, on the node that runs the engine: one socket per waiting or
 * live user session and one per signed-in agent, wherever they are connected. It turns engine
 * effects into frames and keeps each session's messages inside that session.
 */
export class Hub {
  readonly engine: EngineRunner;
  readonly outbox: Outbox;
  readonly inbox: EngineInbox;
  readonly etas: WaitEstimates;
  private readonly positions = new PositionBroadcaster(
    () => this.engine.state.queue,
    (sessionId) => this.engine.state.queued.has(sessionId) && this.outbox.hasUser(sessionId),
    (sessionId, position, sweep) => {
      const estimate = this.etas.forUser(sessionId, position);
      const frame: ServerToWidget = {
        type: 'session.queued',
        position,
        etaMs: estimate?.etaMs ?? null,
        ...(estimate ? { etaUpToMs: estimate.upToMs } : {}),
      };
      if (sweep) this.outbox.advisoryToUser(sessionId, frame);
      else this.toUser(sessionId, frame);
    },
  );

  readonly media: CallMedia;
  readonly sessions: LiveSessions;
  /** Names of the agents the engine knows, so frames never wait on the database. */
  private readonly agentNames = new Map<AgentId, string>();
  private readonly agentAvatars = new Map<AgentId, string>();

  readonly standing: StandingPresences;
  /** Tells tenants' backends what happened to their users' sessions (started by the app). */
  readonly webhooks: Webhooks;
  /** Frames wait for the events behind them to be durable (see `DurableOutput`). */
  private readonly output: DurableOutput;
  private readonly firstConnections: FifoDeadlines<SessionId>;
  /** Rings scheduled callbacks when due (started by the app). */
  readonly callbacks: CallbackKeeper;
  /** Today's figures and the floor, pushed to consoles when they change. */
  readonly figures = new FiguresPush(this);
  /** Whether this node runs the engine: set by the app once ownership is known (many nodes). */
  runsEngine: () => boolean = () => true;

  constructor(readonly deps: HubDeps) {
    this.output = new DurableOutput(deps.transport, () => deps.store.whenWritten());
    this.firstConnections = new FifoDeadlines(deps.clock, deps.config.engine.reconnectGraceMs, (sessionId) =>
      this.firstConnectionMissed(sessionId),
    );
    this.outbox = new Outbox(this.output);
    this.standing = new StandingPresences(deps.clock, 2 * deps.config.engine.reconnectGraceMs);
    this.inbox = new EngineInbox(this, deps.store);
    this.media = new CallMedia(deps.config, deps.log);
    this.webhooks = new Webhooks({
      queue: deps.store.webhooks,
      settings: (tenant) => deps.config.tenants[tenant]?.webhook,
      anyEndpoint: Object.values(deps.config.tenants).some((tenant) => tenant.webhook),
      policy: deps.config.webhooks,
      clock: deps.clock,
      log: deps.log,
    });
    this.sessions = new LiveSessions(deps.store, deps.log, (session, event) => {
      tellTenant(this.webhooks, session, event, (id) => this.agentName(id));
      this.callbacks.sessionEvent(session, event);
    });
    this.callbacks = new CallbackKeeper({
      ...{ store: deps.store, config: deps.config, clock: deps.clock, log: deps.log, webhooks: this.webhooks },
      agentName: (id) => this.agentName(id),
      runsEngine: () => this.runsEngine(),
      enqueue: (session, dueAt) => {
        this.sessions.track(session);
        this.engine.dispatch({ type: 'callback.due', sessionId: session.id, traits: traitsOf(session), dueAt });
      },
    });
    this.engine = new EngineRunner(deps.config.engine, deps.clock, (e) => this.apply(e));
    this.etas = new WaitEstimates(
      () => this.engine.state,
      this.sessions,
      () => deps.clock.now(),
    );
  }

  toUser(sessionId: SessionId, message: ServerToWidget): void {
    this.outbox.toUser(sessionId, message);
  }

  toAgent(agentId: AgentId, message: ServerToConsole): void {
    this.outbox.toAgent(agentId, message);
  }

  /** The agent in a live call with this session, if any. */
  agentOf(sessionId: SessionId): AgentId | undefined {
    return this.engine.state.calls.get(sessionId);
  }

  private measure(sessionId: SessionId, kind: string, at: number): void {
    const session = this.sessions.get(sessionId);
    if (kind === 'abandoned') {
      this.deps.metrics.abandoned();
      this.etas.left(sessionId);
    }
    const firstAnswer = kind === 'accepted' && session?.events.filter((e) => e.kind === 'accepted').length === 1;
    if (firstAnswer && session) {
      this.deps.metrics.answered(at - session.requestedAt);
      this.etas.answered(sessionId, session.events.findLast((e) => e.kind === 'offered')?.at, at);
    }
  }

  /**
   * A help request whose page never opens its socket (the tab closed first) is not left open
   * forever: without a connection within the grace period, it is recorded as abandoned.
   */
  awaitFirstConnection(sessionId: SessionId): void {
    this.firstConnections.add(sessionId);
  }

  /** A help request whose socket never came within the grace period: abandoned. */
  private firstConnectionMissed(sessionId: SessionId): void {
    const session = this.sessions.get(sessionId);
    if (!session || sessionStatus(session) !== 'new' || this.outbox.hasUser(sessionId)) return;
    this.sessions.record(sessionId, { kind: 'abandoned', at: this.deps.clock.now(), reason: 'user_disconnected' });
    this.deps.metrics.abandoned();
  }

  /** The agent as the user sees them when the call is answered: their name, and photo if any. */
  agentFace(agentId: AgentId): { name: string; avatarUrl?: string } {
    const avatarUrl = this.agentAvatars.get(agentId);
    return { name: this.agentName(agentId), ...(avatarUrl ? { avatarUrl } : {}) };
  }

  agentName(agentId: AgentId): string {
    return this.agentNames.get(agentId) ?? 'Support agent';
  }

  /** An agent signed in, was restored with a call, or was renamed. */
  rememberAgent(agent: Pick<AgentRecord, 'id' | 'name' | 'avatarUrl'>): void {
    this.agentNames.set(agent.id, agent.name);
    if (agent.avatarUrl) this.agentAvatars.set(agent.id, agent.avatarUrl);
    else if (agent.avatarUrl === null) this.agentAvatars.delete(agent.id);
  }

  close(): void {
    this.callbacks.stop();
    this.figures.stop();
    this.engine.close();
  }

  /**
   * Another node runs the engine now: this node forgets the queue, the calls and the sockets it
   * knew of. Its own sockets stay connected; the new owner learns of them again.
   */
  stepDown(): void {
    this.output.discard();
    this.engine.reset();
    this.sessions.clear();
    this.outbox.clear();
    this.inbox.clear();
  }

  /**
   * Gives both parties what they need to connect: at the call's start, and again when the user
   * of a callback an agent already took answers it (their page had nothing to connect with).
   */
  startMedia(sessionId: SessionId, agentId: AgentId): void {
    const rooms = this.media.livekit;
    if (!rooms) return this.sendLive(sessionId, agentId, this.media.peerToPeer(sessionId, this.deps.clock.now()));
    void this.startLiveKitCall(rooms, sessionId, agentId);
  }

  /** Tells both parties the call is live and how to reach each other. */
  private sendLive(sessionId: SessionId, agentId: AgentId, grants: CallGrants): void {
    this.liveToUser(sessionId, agentId, grants.user, grants.recording);
    this.liveToAgent(sessionId, agentId, grants.agent, grants.recording);
  }

  /** The user's half of a live call: who answered and how to reach them. */
  private liveToUser(sessionId: SessionId, agentId: AgentId, media: MediaGrant, recording: boolean): void {
    this.toUser(sessionId, { type: 'session.live', agent: this.agentFace(agentId), media, recording });
  }

  /** The agent's half of a live call; `transfer` when a colleague handed it over. */
  liveToAgent(
    sessionId: SessionId,
    agentId: AgentId,
    media: MediaGrant,
    recording: boolean,
    transfer?: TransferInfo,
    resumed = false,
  ): void {
    this.toAgent(agentId, {
      type: 'session.live',
      sessionId,
      user: this.sessions.get(sessionId)?.context ?? {},
      media,
      recording,
      userPresent: this.outbox.hasUser(sessionId),
      ...(transfer ? { transfer } : {}),
      ...(resumed ? { resumed } : {}),
    });
  }

  /**
   * The agent's console is back (a dropped socket, a restart): the call went on without it.
   * It is told again what it holds: the call (its media grant, for a console that lost it) and
   * a transfer still ringing.
   */
  async resumeAgent(agentId: AgentId): Promise<void> {
    const sessionId = this.engine.state.agents.get(agentId)?.sessionId;
    if (!sessionId || this.agentOf(sessionId) !== agentId) return;
    const rooms = this.media.livekit;
    const session = this.sessions.get(sessionId);
    const recording = this.media.recorded(session?.tenant);
    const grant = rooms
      ? await this.media.roomGrant(rooms, { role: 'agent', sessionId, agentId, name: this.agentName(agentId) })
      : this.media.peerToPeer(sessionId, this.deps.clock.now()).agent;
    if (this.agentOf(sessionId) !== agentId) return;
    this.liveToAgent(sessionId, agentId, grant, recording, undefined, true);
    const transfer = this.engine.state.transfers.get(sessionId);
    if (transfer?.from === agentId)
      this.toAgent(agentId, { type: 'transfer.ringing', sessionId, toAgentName: this.agentName(transfer.to) });
  }

  /**
   * A new page of the user's picked the call up with no media. Peer to peer, both sides connect
   * afresh (the agent's connection was to the old page). LiveKit: the agent stays in the room
   * and the user joins it again; opening the room again would start a second recording.
   */
  async restartUserMedia(sessionId: SessionId, agentId: AgentId): Promise<void> {
    const rooms = this.media.livekit;
    if (!rooms) return this.startMedia(sessionId, agentId);
    const session = this.sessions.get(sessionId);
    const grant = await this.media.roomGrant(rooms, {
      role: 'user',
      sessionId,
      name: session?.context.name ?? 'Visitor',
    });
    if (this.agentOf(sessionId) === agentId)
      this.liveToUser(sessionId, agentId, grant, this.media.recorded(session?.tenant));
  }

  /**
   * The room is created before the tokens go out, so its limits apply from the first join. If
   * LiveKit cannot be reached the call cannot have media: the user goes back to the queue head.
   */
  private async startLiveKitCall(rooms: LiveKitRooms, sessionId: SessionId, agentId: AgentId): Promise<void> {
    const session = this.sessions.get(sessionId);
    try {
      const grants = await this.media.liveKit(rooms, {
        sessionId,
        agentId,
        tenant: session?.tenant,
        userName: session?.context.name ?? 'Visitor',
        agentName: this.agentName(agentId),
      });
      // The call may have ended while the room was being made.
      if (this.agentOf(sessionId) === agentId) this.sendLive(sessionId, agentId, grants);
    } catch (err) {
      this.deps.log.error({ err, sessionId }, 'could not open the LiveKit room');
      this.toAgent(agentId, { type: 'error', code: 'internal', message: 'The media server could not be reached.' });
      if (this.agentOf(sessionId) !== agentId) return;
      // As if the agent had dropped: the user goes back to the head of the queue; the agent,
      // still signed in, comes back away rather than be offered calls that cannot connect.
      this.engine.dispatch({ type: 'agent.disconnected', agentId });
      this.engine.dispatch({ type: 'agent.graceExpired', agentId });
      const skills = (await this.deps.store.agent(agentId))?.skills;
      if (skills && this.outbox.hasAgent(agentId)) this.engine.dispatch({ type: 'agent.online', agentId, skills });
    }
  }

  private apply(effect: Effect): void {
    const { clock } = this.deps;
    this.figures.touch();
    switch (effect.type) {
      case 'recordEvent': {
        const { type: _, sessionId, ...event } = effect;
        this.sessions.record(sessionId, event);
        this.measure(sessionId, event.kind, event.at);
        if (event.kind === 'abandoned' && event.reason) {
          this.toUser(sessionId, { type: 'session.ended', reason: event.reason });
        }
        return;
      }
      case 'offerToAgent': {
        const session = this.sessions.get(effect.sessionId);
        if (!session) return;
        return this.toAgent(effect.agentId, {
          type: 'offer.incoming',
          sessionId: effect.sessionId,
          user: session.context,
          requestedAt: session.requestedAt,
          expiresAt: effect.expiresAt,
          callback: effect.callback,
          ...this.callbacks.followUpOf(effect.sessionId),
        });
      }
      case 'revokeOffer':
        return this.toAgent(effect.agentId, {
          type: 'offer.revoked',
          sessionId: effect.sessionId,
          reason: effect.reason,
        });
      case 'startCall':
        return this.startMedia(effect.sessionId, effect.agentId);
      case 'endCall': {
        const accepted = this.sessions.get(effect.sessionId)?.events.findLast((e) => e.kind === 'accepted');
        if (accepted) this.etas.callEnded(clock.now() - accepted.at);
        this.sessions.record(effect.sessionId, { kind: 'ended', at: clock.now(), reason: effect.reason });
        void this.media.livekit?.close(effect.sessionId);
        this.toUser(effect.sessionId, { type: 'session.ended', reason: effect.reason });
        return this.toAgent(effect.agentId, {
          type: 'session.ended',
          sessionId: effect.sessionId,
          reason: effect.reason,
        });
      }
      case 'offerTransfer':
        return offerTransfer(this, effect);
      case 'transferCall':
        return void transferCall(this, effect).catch((err: unknown) => {
          this.deps.log.error({ err, sessionId: effect.sessionId }, 'transfer media failed');
        });
      case 'transferFailed':
        return this.toAgent(effect.from, {
          type: 'transfer.failed',
          sessionId: effect.sessionId,
          reason: effect.reason,
        });
      case 'positionsChanged':
        return this.positions.changedFrom(effect.fromIndex);
      case 'notifyPosition':
        return this.positions.tellNow(effect.sessionId, effect.position);
      case 'requeueUser':
        return this.toUser(effect.sessionId, { type: 'session.requeued', reason: effect.reason });
      case 'notifyNoAgents':
        return this.toUser(effect.sessionId, { type: 'session.noAgents' });
      case 'agentPresence':
        if (effect.presence === 'away' || effect.presence === 'available') this.positions.refreshAll();
        this.standing.changed(
          effect.agentId,
          effect.presence,
          this.engine.state.agents.get(effect.agentId)?.awayReason,
        );
        return this.toAgent(effect.agentId, {
          type: 'agent.state',
          status: effect.presence,
          name: this.agentName(effect.agentId),
          ...(effect.until ? { until: effect.until } : {}),
        });
      case 'rejected':
      case 'scheduleTimer':
      case 'cancelTimer':
        return; // answered by the caller / handled by the runner
      default: {
        const never: never = effect;
        this.deps.log.error({ effect: never }, 'unknown effect');
      }
    }
  }
}
