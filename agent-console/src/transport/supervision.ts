import { type MediaSession, openMediaSession } from '@lifeline/shared/media';
import type { ConsoleStore } from '../state/store.js';
import { fetchFloor, requestMonitor } from './api.js';

/**
 * What supervisors do beyond taking calls: see the floor (read once, then pushed by the server
 * with the figures as it changes), and silently monitor a live call through LiveKit (a hidden
 * participant that only subscribes).
 */
export class Supervision {
  private monitor: MediaSession | null = null;

  constructor(private readonly store: ConsoleStore) {}

  start(): void {
    this.stop();
    const token = this.store.getState().auth?.token;
    if (token)
      fetchFloor(token).then(
        (floor) => this.store.getState().floor ?? this.store.setState({ floor }),
        () => undefined, // the next push brings it
      );
  }

  stop(): void {
    this.stopMonitoring();
    this.store.setState({ floor: null });
  }

  async startMonitoring(sessionId: string): Promise<void> {
    this.stopMonitoring();
    const token = this.store.getState().auth?.token;
    if (!token) return;
    this.store.setState({ monitoring: { sessionId, tracks: [], error: null } });
    try {
      const { media } = await requestMonitor(token, sessionId);
      const session = await openMediaSession(media, { send: () => undefined });
      if (this.store.getState().monitoring?.sessionId !== sessionId) return session.close();
      this.monitor = session;
      session.on('track', (track) => {
        const current = this.store.getState().monitoring;
        if (current?.sessionId === sessionId)
          this.store.setState({ monitoring: { ...current, tracks: [...current.tracks, track] } });
      });
    } catch (err) {
      const error = err instanceof Error ? err.message : 'monitoring failed';
      if (this.store.getState().monitoring?.sessionId === sessionId)
        this.store.setState({ monitoring: { sessionId, tracks: [], error } });
    }
  }

  stopMonitoring(): void {
    this.monitor?.close();
    this.monitor = null;
    this.store.setState({ monitoring: null });
  }
}
