import type { LoginReply } from '@lifeline/shared';
import type { ConsoleStore } from '../state/store.js';
import { acceptInvite, login, refreshSignIn, signOutEverywhere } from './api.js';
import { refreshDelayMs, signInStorage } from './signInStorage.js';

/**
 * The agent's sign-in: password or invitation, kept across reloads and tabs, refreshed before
 * it expires. It reports each fresh sign-in; what to connect is the caller's business.
 */
export class SignIn {
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly store: ConsoleStore,
    private readonly signedIn: (auth: LoginReply) => void,
    /** The refresh was refused: the sign-in ended (revoked, deactivated). */
    private readonly ended: (notice: string) => void,
  ) {
    // Another tab of this console refreshed the sign-in (which retires the old token): use it.
    addEventListener('storage', () => this.adoptNewer());
  }

  /** Picks up a still-valid sign-in after a reload (refreshing it). */
  async resume(): Promise<void> {
    const saved = signInStorage.load();
    if (!saved) return;
    if (saved.expiresAt <= Date.now() + 5_000) return signInStorage.clear();
    try {
      this.accept(await refreshSignIn(saved.token));
    } catch {
      // Revoked (signed out elsewhere, deactivated) or the server's key changed: sign in again.
      signInStorage.clear();
    }
  }

  async withPassword(email: string, password: string): Promise<void> {
    try {
      this.accept(await login(email, password));
    } catch (err) {
      this.store.setState({ authError: err instanceof Error ? err.message : 'sign-in failed' });
    }
  }

  /** An invited agent chooses their password; the invitation link is used up. */
  async withInvitation(token: string, password: string): Promise<void> {
    try {
      const auth = await acceptInvite(token, password);
      history.replaceState(null, '', location.pathname);
      this.accept(auth);
    } catch (err) {
      this.store.setState({ authError: err instanceof Error ? err.message : 'the invitation did not work' });
    }
  }

  /** Forgets the sign-in here; unless `everywhere` is false, the server revokes it too. */
  forget(everywhere: boolean): void {
    const token = this.store.getState().auth?.token;
    if (token && everywhere) void signOutEverywhere(token).catch(() => {});
    signInStorage.clear();
    clearTimeout(this.refreshTimer);
  }

  private accept(auth: LoginReply): void {
    signInStorage.save(auth);
    this.store.setState({ authError: null });
    this.scheduleRefresh(auth);
    this.signedIn(auth);
  }

  /** True when another tab saved a newer sign-in, which this tab now uses. */
  private adoptNewer(): boolean {
    const current = this.store.getState().auth;
    const saved = signInStorage.load();
    if (!current || !saved || saved.token === current.token || saved.expiresAt <= current.expiresAt) return false;
    this.accept(saved);
    return true;
  }

  /** Keeps the sign-in fresh while the console is open, so a long shift never hits expiry. */
  private scheduleRefresh(auth: LoginReply): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(
      async () => {
        if (this.adoptNewer()) return;
        try {
          this.accept(await refreshSignIn(auth.token));
        } catch {
          this.ended('Your sign-in ended. Please sign in again.');
        }
      },
      refreshDelayMs(auth.expiresAt, Date.now()),
    );
  }
}
