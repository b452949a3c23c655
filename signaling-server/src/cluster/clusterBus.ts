import { randomUUID } from 'node:crypto';
import { type AgentId, ErrorCode, LifelineError } from '@lifeline/shared';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Address, AnswerOf, EngineInput, EngineLink, EngineQuery } from '../runtime/engineInputs.js';
import type { Edge } from '../ws/edge.js';
import type { Hub } from '../ws/hub.js';
import type { Transport } from '../ws/outbox.js';

const ENGINE_CHANNEL = 'lifeline:engine';
const ALL_NODES_CHANNEL = 'lifeline:nodes';
const nodeChannel = (node: string) => `lifeline:node:${node}`;
const aliveKey = (node: string) => `lifeline:alive:${node}`;
/** The fencing token of the node whose engine is running and listening (set once it restored). */
const ENGINE_READY_KEY = 'lifeline:engine:ready';
/** Messages from other nodes handled per turn of the event loop. */
const INCOMING_PER_TURN = 200;
/** How long a route waits for the engine's node to answer before saying it is unavailable. */
const ASK_TIMEOUT_MS = 3_000;

type ToEngine = { kind: 'input'; input: EngineInput } | { kind: 'ask'; id: string; from: string; query: EngineQuery };
type ToNode =
  | { kind: 'send'; conn: string; data: string }
  | { kind: 'close'; conn: string; code: number; why: string }
  | { kind: 'announce' }
  | { kind: 'answer'; id: string; value: unknown }
  | { kind: 'failed'; id: string; code: string; message: string };
type ToAll = { kind: 'resync' } | { kind: 'closeAgent'; agentId: AgentId; code: number; why: string };
type Message = ToEngine | ToNode | ToAll;
/** Everything one tick published to a channel, in order: one Redis message, not thousands. */
type Batch = { kind: 'batch'; messages: Message[] };

export interface ClusterOptions {
  redisUrl: string;
  nodeId: string;
  /** The engine lease: nodes not seen for this long are taken as gone. */
  leaseMs: number;
  log: Logger;
}

/**
 * Any node serves any client. Nodes talk through Redis pub/sub: inputs from every node's sockets
 * and routes go to the node running the engine; its frames come back to the node holding each
 * socket. Each node says it is alive in a key with a time to live; the engine's node treats the
 * sockets of a node that stopped saying so as dropped. Pub/sub keeps the order of one
 * publisher's messages, so a socket's frames reach the engine in the order it sent them.
 */
export class ClusterBus implements EngineLink, Transport {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readyOnce = false;
  /** The subscriber listens on this node's channels (false from its connection's loss until subscribed again). */
  private subscribed = false;
  private subscribing = false;
  /** When the publishing connection last came up: alive keys are judged only a lease after it. */
  private pubReadySince = Date.now();
  /** The engine's token last seen ready: a new one means a new engine, which knows no socket. */
  private engineSeen: string | null = null;
  /** The token this node last ran the engine under, to mark it ready again if the mark is lost. */
  private ownFence: number | null = null;
  /** When each node was last asked to announce its sockets again. */
  private readonly rechecked = new Map<string, number>();
  /** Messages of this tick per channel, published together at its end. */
  private outgoing = new Map<string, Message[]>();
  /** Messages received and not yet handled, in order; handled a chunk per turn of the event loop. */
  private incoming: Array<{ channel: string; message: Message }> = [];
  private handling = false;

  constructor(
    private readonly options: ClusterOptions,
    private readonly edge: Edge,
    /** The hub when this node runs the engine, else null. */
    private readonly engineHere: () => Hub | null,
  ) {
    // Commands fail at once while Redis is away rather than pile up: what is lost is recovered
    // by announcing every socket again when it is back.
    const settings = { maxRetriesPerRequest: 1, connectTimeout: 2_000, enableOfflineQueue: false };
    this.pub = new Redis(options.redisUrl, settings);
    // Subscribed again by this class after an outage, not by ioredis: it knows when it hears again.
    this.sub = new Redis(options.redisUrl, { ...settings, enableOfflineQueue: true, autoResubscribe: false });
    for (const client of [this.pub, this.sub]) client.on('error', (err) => options.log.debug({ err }, 'Redis error'));
    this.pub.on('ready', () => {
      this.pubReadySince = Date.now();
    });
  }

  /** The connection for commands (not the subscriber), shared with what counts across nodes. */
  get redis(): Redis {
    return this.pub;
  }

  get node(): string {
    return this.options.nodeId;
  }

  /**
   * Whether this node hears and reaches the other nodes: its publishing connection is up and its
   * subscriber listens again. Each Redis connection comes back on its own schedule after an
   * outage; until both have, frames between this node and the engine's are lost, so the node is
   * not ready (`/readyz`) however its other connections fare.
   */
  get connected(): boolean {
    return this.pub.status === 'ready' && this.subscribed;
  }

  async start(): Promise<void> {
    this.sub.on('message', (channel: string, raw: string) => this.receive(channel, raw));
    this.sub.on('close', () => {
      this.subscribed = false;
    });
    this.sub.on('ready', () => {
      if (this.readyOnce) void this.listenAgain();
    });
    await this.listen();
    this.readyOnce = true;
    const beat = this.options.leaseMs / 3;
    this.every(beat, () => this.beat());
    this.every(beat, () => this.sweep());
  }

  /**
   * This node now runs the engine: every node, this one too, tells it of its sockets. The
   * broadcast is the fast path; a node that missed it (its Redis connection was coming back)
   * sees the new token on its next beat.
   */
  announceOwnership(fence: number): void {
    this.ownFence = fence;
    this.pub
      .set(ENGINE_READY_KEY, String(fence))
      .catch((err: unknown) => this.options.log.debug({ err }, 'could not mark the engine ready'));
    this.broadcast({ kind: 'resync' });
  }

  input(input: EngineInput): void {
    const hub = this.engineHere();
    if (hub) return hub.inbox.handle(input);
    this.publish(ENGINE_CHANNEL, { kind: 'input', input } satisfies ToEngine);
  }

  ask<Q extends EngineQuery>(query: Q): Promise<AnswerOf<Q>> {
    const hub = this.engineHere();
    if (hub) return hub.inbox.answer(query);
    const id = randomUUID();
    return new Promise<AnswerOf<Q>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(LifelineError.unavailable('no node answers for the queue right now'));
      }, ASK_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as AnswerOf<Q>);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
      this.publish(ENGINE_CHANNEL, { kind: 'ask', id, from: this.node, query } satisfies ToEngine);
    });
  }

  closeAgent(agentId: AgentId, code: number, why: string): void {
    this.edge.closeAgent(agentId, code, why);
    this.broadcast({ kind: 'closeAgent', agentId, code, why });
  }

  recheck(node: string): void {
    const now = Date.now();
    if (now - (this.rechecked.get(node) ?? 0) < 1_000) return;
    this.rechecked.set(node, now);
    if (node === this.node) this.announceAll();
    else this.publish(nodeChannel(node), { kind: 'announce' } satisfies ToNode);
  }

  send(to: Address, data: string): void {
    if (to.node === this.node) return this.edge.send(to.conn, data);
    this.publish(nodeChannel(to.node), { kind: 'send', conn: to.conn, data } satisfies ToNode);
  }

  close(to: Address, code: number, why: string): void {
    if (to.node === this.node) return this.edge.close(to.conn, code, why);
    this.publish(nodeChannel(to.node), { kind: 'close', conn: to.conn, code, why } satisfies ToNode);
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.flush(); // what this tick still had to say (a deploy's "reconnect elsewhere")
    await this.pub.del(aliveKey(this.node)).catch(() => undefined);
    this.sub.disconnect();
    this.pub.disconnect();
  }

  private receive(channel: string, raw: string): void {
    try {
      const received = JSON.parse(raw) as Message | Batch;
      for (const message of received.kind === 'batch' ? received.messages : [received])
        this.incoming.push({ channel, message });
    } catch (err) {
      this.options.log.error({ err, channel }, 'bad message between nodes');
    }
    if (!this.handling) this.handleIncoming();
  }

  /**
   * A takeover brings every node's sockets at once (thousands of inputs in a few messages):
   * they are handled a chunk at a time, so timers and I/O (the lease's renewal above all) run
   * in between and the new owner does not lose the lease to its own backlog.
   */
  private handleIncoming(): void {
    this.handling = true;
    const chunk = this.incoming.splice(0, INCOMING_PER_TURN);
    for (const { channel, message } of chunk) {
      try {
        if (channel === ENGINE_CHANNEL) this.toEngine(message as ToEngine);
        else if (channel === ALL_NODES_CHANNEL) this.toAll(message as ToAll);
        else this.toNode(message as ToNode);
      } catch (err) {
        this.options.log.error({ err, channel }, 'could not handle a message between nodes');
      }
    }
    if (this.incoming.length) setImmediate(() => this.handleIncoming());
    else this.handling = false;
  }

  private toEngine(message: ToEngine): void {
    const hub = this.engineHere();
    if (!hub) return; // another node runs the engine
    if (message.kind === 'input') return hub.inbox.handle(message.input);
    const reply = (answer: ToNode) => this.publish(nodeChannel(message.from), answer);
    hub.inbox.answer(message.query).then(
      (value) => reply({ kind: 'answer', id: message.id, value }),
      (err: unknown) => {
        const known = err instanceof LifelineError;
        if (!known) this.options.log.error({ err }, 'could not answer a query');
        reply({
          kind: 'failed',
          id: message.id,
          code: known ? err.code : ErrorCode.Internal,
          message: known ? err.message : 'internal error',
        });
      },
    );
  }

  private toNode(message: ToNode): void {
    switch (message.kind) {
      case 'send':
        return this.edge.send(message.conn, message.data);
      case 'close':
        return this.edge.close(message.conn, message.code, message.why);
      case 'announce':
        return this.announceAll();
      case 'answer':
        return this.pending.get(message.id)?.resolve(message.value);
      case 'failed':
        this.pending.get(message.id)?.reject(new LifelineError(message.code as ErrorCode, message.message));
    }
  }

  private toAll(message: ToAll): void {
    if (message.kind === 'resync') return this.announceAll();
    if (message.kind === 'closeAgent') this.edge.closeAgent(message.agentId, message.code, message.why);
  }

  private async listen(): Promise<void> {
    await this.sub.subscribe(ENGINE_CHANNEL, ALL_NODES_CHANNEL, nodeChannel(this.node));
    this.subscribed = true;
  }

  /**
   * Back after an outage: listens again, and only then asks to be heard (the engine's node may
   * have taken this node for gone; its answers must find someone listening). A refused subscribe
   * is tried again on the next beat.
   */
  private async listenAgain(): Promise<void> {
    if (this.subscribing || this.subscribed) return;
    this.subscribing = true;
    try {
      await this.listen();
      this.announceAll();
    } catch (err) {
      this.options.log.warn({ err }, 'could not listen to the other nodes again: trying on the next beat');
    } finally {
      this.subscribing = false;
    }
  }

  /** Says this node is alive; announces its sockets again to an engine it has not seen ready before. */
  private async beat(): Promise<void> {
    if (this.sub.status === 'ready' && !this.subscribed) void this.listenAgain();
    await this.markAlive();
    const engine = await this.pub.get(ENGINE_READY_KEY);
    // Running the engine, yet no mark: it was set while this node's Redis connection was still
    // coming back and failed, and the broadcast with it. Unmarked, no node would announce its
    // sockets, and the users restored in the queue would be dropped after their grace period.
    if (engine === null && this.ownFence !== null && this.engineHere()) return this.announceOwnership(this.ownFence);
    if (engine === this.engineSeen) return;
    this.engineSeen = engine;
    if (engine !== null) this.edge.announceAll();
  }

  private markAlive(): Promise<unknown> {
    return this.pub.set(aliveKey(this.node), '1', 'PX', this.options.leaseMs);
  }

  /** Says this node is alive first, so the engine's node does not take it for gone meanwhile. */
  private announceAll(): void {
    void this.markAlive()
      .catch(() => undefined)
      .finally(() => this.edge.announceAll());
  }

  /** On the engine's node: the sockets of nodes that stopped saying they are alive are dropped. */
  private async sweep(): Promise<void> {
    const hub = this.engineHere();
    if (!hub) return;
    // A Redis that restarted has no alive keys: until every node had a lease to say so again, a
    // missing key does not mean a node is gone (its clients would be dropped while connected).
    if (Date.now() - this.pubReadySince < this.options.leaseMs) return;
    for (const node of hub.outbox.nodes(this.node)) {
      if ((await this.pub.exists(aliveKey(node))) === 0 && this.engineHere() === hub) {
        this.options.log.warn({ node }, 'a node is gone: its clients are taken as disconnected');
        hub.inbox.handle({ type: 'node.gone', node });
      }
    }
  }

  private broadcast(message: ToAll): void {
    this.publish(ALL_NODES_CHANNEL, message);
  }

  private publish(channel: string, message: Message): void {
    const queued = this.outgoing.get(channel);
    if (queued) return void queued.push(message);
    if (this.outgoing.size === 0) setImmediate(() => this.flush());
    this.outgoing.set(channel, [message]);
  }

  private flush(): void {
    const outgoing = this.outgoing;
    this.outgoing = new Map();
    for (const [channel, messages] of outgoing) {
      const payload: Message | Batch = messages.length === 1 ? (messages[0] as Message) : { kind: 'batch', messages };
      this.pub.publish(channel, JSON.stringify(payload)).catch((err: unknown) => {
        this.options.log.debug({ err, channel }, 'could not publish to Redis');
      });
    }
  }

  private every(ms: number, task: () => Promise<unknown>): void {
    const run = () => void task().catch((err: unknown) => this.options.log.debug({ err }, 'cluster task failed'));
    run();
    const timer = setInterval(run, ms);
    timer.unref();
    this.timers.push(timer);
  }
}
