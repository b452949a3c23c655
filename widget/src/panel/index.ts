import type { MountPanel } from '../loader/contract.js';
import { Call } from './call.js';
import { PanelView } from './view.js';

/** The panel module's one export: the loader calls it on the first press. */
export const mount: MountPanel = (host) => {
  let call: Call | null = null;
  const view = new PanelView(host.root, {
    start: () => {
      call = new Call(
        host,
        view.agentVideo,
        (state) => view.render(state),
        (active) => view.setReconnecting(active),
      );
      void call.start();
    },
    end: () => call?.end(),
    callback: () => call?.requestCallback(),
    rate: (score, comment) => void call?.rate(score, comment),
    share: (change) => call?.setSharing(change),
    close: () => {
      call?.end();
      call = null;
      view.show(false);
      host.onClose();
    },
  });
  return {
    open() {
      view.show(true);
      if (!call) view.render({ kind: 'consent' });
    },
    close() {
      call?.end();
      call = null;
      view.show(false);
      host.onClose();
    },
    stats: () => call?.stats() ?? Promise.resolve(null),
  };
};
