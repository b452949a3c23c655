import type { Offer } from '../state/store.js';

/**
 * Makes an incoming offer noticed: a repeating two-tone ring (Web Audio, no sound file), and a
 * browser notification when the console's tab is hidden. Clicking the notification brings the
 * console forward.
 */
export class Ringer {
  private audio: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private notification: Notification | null = null;

  /** Asks once, from a click (browsers require a gesture), so hidden-tab offers can notify. */
  static askPermission(): void {
    if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission();
  }

  start(offer: Offer): void {
    this.stop();
    this.beep();
    this.timer = setInterval(() => this.beep(), 2_000);
    if (document.visibilityState === 'hidden' && 'Notification' in window && Notification.permission === 'granted') {
      const who = offer.user.name ?? 'A user';
      const title = offer.transfer ? `Transfer from ${offer.transfer.fromAgentName}` : 'Incoming help request';
      this.notification = new Notification(title, {
        body: `${who} on ${offer.user.pageTitle ?? offer.user.pageUrl ?? 'your product'}`,
        tag: `lifeline-offer-${offer.sessionId}`,
        requireInteraction: true,
      });
      this.notification.onclick = () => {
        window.focus();
        this.notification?.close();
      };
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.notification?.close();
    this.notification = null;
  }

  private beep(): void {
    try {
      this.audio ??= new AudioContext();
      const ctx = this.audio;
      for (const [offset, frequency] of [
        [0, 880],
        [0.25, 660],
      ] as const) {
        const tone = ctx.createOscillator();
        const gain = ctx.createGain();
        tone.frequency.value = frequency;
        gain.gain.setValueAtTime(0.15, ctx.currentTime + offset);
        gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + offset + 0.2);
        tone.connect(gain).connect(ctx.destination);
        tone.start(ctx.currentTime + offset);
        tone.stop(ctx.currentTime + offset + 0.2);
      }
    } catch {
      // No audio output: the notification and the on-screen offer remain.
    }
  }
}
