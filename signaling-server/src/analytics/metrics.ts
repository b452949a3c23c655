import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { EngineState } from '../matching/types.js';

/** Prometheus metrics for /metrics: time to answer, and the live queue and floor. */
export class Metrics {
  readonly registry = new Registry();
  private readonly timeToAnswer = new Histogram({
    name: 'lifeline_time_to_answer_seconds',
    help: 'From the help request to the agent accepting it',
    buckets: [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 300],
    registers: [this.registry],
  });
  private readonly outcomes = new Counter({
    name: 'lifeline_sessions_total',
    help: 'Help requests by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly shedRequests = new Counter({
    name: 'lifeline_help_requests_shed_total',
    help: 'Help requests refused with rate_limited while this node was behind (load shedding)',
    registers: [this.registry],
  });

  constructor(engine: () => EngineState) {
    // The process itself: memory, CPU, event-loop lag, handles (the `process_` and `nodejs_` series).
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'lifeline_waiting_users',
      help: 'Users waiting in the queue',
      registers: [this.registry],
      collect() {
        this.set(engine().queue.length);
      },
    });
    new Gauge({
      name: 'lifeline_agents',
      help: 'Signed-in agents by presence',
      labelNames: ['presence'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const presence of ['available', 'offered', 'busy', 'wrapUp', 'away'] as const) {
          this.set({ presence }, [...engine().agents.values()].filter((a) => a.presence === presence).length);
        }
      },
    });
  }

  answered(waitMs: number): void {
    this.timeToAnswer.observe(waitMs / 1000);
    this.outcomes.inc({ outcome: 'answered' });
  }

  abandoned(): void {
    this.outcomes.inc({ outcome: 'abandoned' });
  }

  shed(): void {
    this.shedRequests.inc();
  }
}
