import { AvailabilityReply, decode } from '@lifeline/shared/widgetWire';
import type { MountPanel } from '../loader/contract.js';
import { Call } from './call.js';
import { type CallHost, callHost } from './host.js';
import { AnnotationOverlay } from './overlay.js';
import { savedCall } from './savedCall.js';
import { loadStrings, type Strings } from './strings.js';
import { PanelView } from './view.js';

/** The panel module's one export: the loader calls it on the first press. */
export const mount: MountPanel = (loaderHost) => {
  /** The scheduled callback the help button rang for, when this press answers it. */
  let answering: string | null = null;
  const host = callHost(loaderHost, () => answering);
  let call: Call | null = null;
  const overlay = new AnnotationOverlay(host.root);
  /** A call object speaks for the panel only while it is the current one. */
  const newCall = (): Call => {
    const made: Call = new Call(
      host,
      view.agentVideo,
      (state) => {
        if (call !== made) return;
        // Drawings belong to the call: they go when it ends.
        if (state.kind === 'ended' || state.kind === 'failed') overlay.clear();
        view.render(state);
      },
      (active) => view.setReconnecting(active),
      (annotation, lookup) => {
        overlay.lookup = lookup;
        overlay.handle(annotation);
        const place = overlay.placeOf(annotation);
        if (place) view.moveAsideFrom(place);
      },
    );
    call = made;
    made.panelAt(view.placement.at);
    return made;
  };
  let view: PanelView;
  const makeView = (strings: Strings) =>
    new PanelView(
      host.root,
      {
        start: (area) => void newCall().start(area),
        end: () => call?.end(),
        callback: () => call?.requestCallback(),
        schedule: () => void call?.chooseCallbackTime(),
        book: (at) => void call?.bookCallback(at),
        cancelCallback: () => void call?.cancelCallback(),
        rate: (score, comment) => void call?.rate(score, comment),
        share: (change) => call?.setSharing(change),
        answer: (accept) => void call?.answer(accept),
        stopScreenShare: () => call?.stopScreenShare(),
        stopControl: () => call?.stopControl(),
        clearDrawings: () => overlay.clear(),
        retryMic: () => void call?.retryMicrophone(),
        close: () => {
          call?.end();
          call = null;
          view.show(false);
          host.onClose();
        },
      },
      strings,
    );
  // The user's language arrives with the panel (each language is its own small file).
  const ready = loadStrings(host.locale()).then((strings) => {
    view = makeView(strings);
    view.placement.onChange = (at) => call?.panelAt(at);
  });
  const open = () => {
    // The button rang for a callback (the button module marked it): this press answers it.
    const ringing = host.root.querySelector<HTMLElement>('.help[data-callback]');
    answering = ringing?.dataset.callback ?? null;
    if (ringing) delete ringing.dataset.callback;
    view.setBrand(host.config());
    view.show(true);
    if (call) return;
    // This tab's last page had a call going (or a place in line): it goes on here.
    const saved = savedCall(host.server, host.tenant);
    if (saved) {
      const resumed = newCall();
      void resumed.resume(saved).then((ok) => {
        if (ok || call !== resumed) return;
        call = null;
        view.show(false);
        host.onClose();
      });
      return;
    }
    view.render({ kind: 'consent' });
    // An identified user may already have a callback coming: say who will call, and when.
    if (host.identity() && !host.answering()) void newCall().showUpcoming();
    // Who is online and the topics to choose from, while the user reads the consent.
    void fetchAvailability(host).then((availability) => {
      if (!availability) return;
      host.emit('availability', availability);
      if (!call) view.render({ kind: 'consent', availability });
    });
  };
  return {
    open() {
      void ready.then(open);
    },
    close() {
      call?.end();
      call = null;
      void ready.then(() => view.show(false));
      host.onClose();
    },
    stats: () => call?.stats() ?? Promise.resolve(null),
  };
};

/** The tenant's availability and topics (a public, cached answer); null when it cannot be had. */
async function fetchAvailability(host: CallHost): Promise<AvailabilityReply | null> {
  try {
    const response = await fetch(`${host.server}/api/tenants/${encodeURIComponent(host.tenant)}/availability`);
    if (!response.ok) return null;
    const reply = decode(AvailabilityReply, await response.text());
    return reply.ok ? reply.value : null;
  } catch {
    return null; // the consent works without it
  }
}
