import type { Disposition } from '@lifeline/shared';
import type { ConsoleStore } from '../state/store.js';
import { exportHistory, fetchHistory, fetchPrevious, fetchSession, postNote, postWrapUp } from './api.js';
import { historyParams } from './historyQuery.js';

const message = (err: unknown) => (err instanceof Error ? err.message : 'the server could not be reached');

/** Notes, wrap-up, the user's earlier sessions and the searchable history. */
export class Records {
  constructor(
    private readonly store: ConsoleStore,
    private readonly token: () => string,
    /** The wrap-up is saved: offers may ring again (before the wrap-up time is up). */
    private readonly wrappedUp: () => void = () => undefined,
  ) {}

  /** A new call: its notes start empty, and the user's earlier sessions load beside it. */
  async startCall(sessionId: string): Promise<void> {
    this.store.setState({ notes: { sessionId, items: [], error: null }, previous: null, wrapUp: null });
    await this.loadPrevious(sessionId);
  }

  /**
   * The identified user's earlier sessions and their notes: beside the call, and already on an
   * offer (a callback's taker starts briefed, before accepting).
   */
  async loadPrevious(sessionId: string): Promise<void> {
    try {
      const { sessions } = await fetchPrevious(this.token(), sessionId);
      const { notes, offer } = this.store.getState();
      if (notes.sessionId === sessionId || offer?.sessionId === sessionId)
        this.store.setState({ previous: { sessionId, sessions } });
    } catch {
      // No history is shown; the offer or the call goes on.
    }
  }

  /** The call ended: the agent picks a disposition (and may add a last note). */
  openWrapUp(sessionId: string): void {
    this.store.setState({ wrapUp: { sessionId, status: 'open', error: null } });
  }

  async addNote(body: string): Promise<boolean> {
    const { notes } = this.store.getState();
    if (!notes.sessionId || !body.trim()) return false;
    try {
      const summary = await postNote(this.token(), notes.sessionId, body);
      this.store.setState({ notes: { sessionId: notes.sessionId, items: summary.notes, error: null } });
      return true;
    } catch (err) {
      this.store.setState({ notes: { ...notes, error: `The note was not saved: ${message(err)}` } });
      return false;
    }
  }

  async saveWrapUp(disposition: Disposition, note: string): Promise<void> {
    const wrapUp = this.store.getState().wrapUp;
    if (!wrapUp) return;
    this.store.setState({ wrapUp: { ...wrapUp, status: 'saving', error: null } });
    try {
      const trimmed = note.trim();
      await postWrapUp(this.token(), wrapUp.sessionId, { disposition, ...(trimmed ? { note: trimmed } : {}) });
      this.store.setState({ wrapUp: { ...wrapUp, status: 'saved', error: null } });
      this.wrappedUp();
    } catch (err) {
      this.store.setState({ wrapUp: { ...wrapUp, status: 'open', error: `Not saved: ${message(err)}` } });
    }
  }

  /** Searches History with these words and filters (the ones already set when not given). */
  async search(query: string, filters = this.store.getState().history.filters): Promise<void> {
    const history = this.store.getState().history;
    this.store.setState({ history: { ...history, query, filters, loading: true, error: null } });
    try {
      const { sessions, total } = await fetchHistory(this.token(), historyParams(query, filters));
      const latest = this.store.getState().history;
      if (latest.query !== query || latest.filters !== filters) return; // a newer search is on its way
      this.store.setState({ history: { ...this.store.getState().history, sessions, total, loading: false } });
    } catch (err) {
      this.store.setState({ history: { ...this.store.getState().history, loading: false, error: message(err) } });
    }
  }

  /** The sessions the current search and filters show, all of them, as a CSV file. */
  async exportCsv(): Promise<Blob | null> {
    const { query, filters } = this.store.getState().history;
    try {
      return await exportHistory(this.token(), historyParams(query, filters));
    } catch (err) {
      this.store.setState({ history: { ...this.store.getState().history, error: message(err) } });
      return null;
    }
  }

  async open(sessionId: string | null): Promise<void> {
    const history = this.store.getState().history;
    if (!sessionId) return this.store.setState({ history: { ...history, selected: null } });
    try {
      const selected = await fetchSession(this.token(), sessionId);
      this.store.setState({ history: { ...this.store.getState().history, selected, error: null } });
    } catch (err) {
      this.store.setState({ history: { ...this.store.getState().history, error: message(err) } });
    }
  }
}
