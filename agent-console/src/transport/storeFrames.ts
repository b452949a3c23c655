import type { ServerToConsole } from '@lifeline/shared';
import type { ConsoleStore } from '../state/store.js';

const TRANSFER_FAILED = {
  declined: 'Your colleague declined the transfer. The user is still with you.',
  timeout: 'Your colleague did not answer the transfer. The user is still with you.',
  cancelled: 'The transfer was cancelled. The user is still with you.',
};

type StoreFrame = Extract<
  ServerToConsole,
  {
    type:
      | 'offer.incoming'
      | 'offer.revoked'
      | 'transfer.ringing'
      | 'transfer.failed'
      | 'share.state'
      | 'callbacks.changed'
      | 'figures'
      | 'error';
  }
>;

/** The frames that only change what the console shows: offers, transfers, the user's sharing, notices. */
export function isStoreFrame(message: ServerToConsole): message is StoreFrame {
  return [
    'offer.incoming',
    'offer.revoked',
    'transfer.ringing',
    'transfer.failed',
    'share.state',
    'callbacks.changed',
    'figures',
    'error',
  ].includes(message.type);
}

export function applyStoreFrame(store: ConsoleStore, message: StoreFrame): void {
  switch (message.type) {
    case 'offer.incoming': {
      const { type: _, ...offer } = message;
      store.setState({ offer, notice: null });
      return;
    }
    case 'offer.revoked':
      if (store.getState().offer?.sessionId === message.sessionId) {
        const why = message.reason === 'timeout' ? 'The request was not answered in time.' : 'The user left the queue.';
        store.setState({ offer: null, notice: why });
      }
      return;
    case 'transfer.ringing':
    case 'transfer.failed': {
      const call = store.getState().call;
      if (call?.sessionId !== message.sessionId) return;
      const transfer =
        message.type === 'transfer.ringing'
          ? { status: 'ringing' as const, toAgentName: message.toAgentName }
          : { status: 'failed' as const, reason: TRANSFER_FAILED[message.reason] };
      store.setState({ call: { ...call, transfer } });
      return;
    }
    case 'share.state': {
      const call = store.getState().call;
      if (call?.sessionId === message.sessionId)
        store.setState({ call: { ...call, screenPaused: message.screenPaused, userMuted: message.micMuted } });
      return;
    }
    case 'callbacks.changed':
      store.setState({ callbacksChanged: store.getState().callbacksChanged + 1 });
      return;
    case 'figures':
      store.setState({ figures: message.stats, ...(message.floor ? { floor: message.floor } : {}) });
      return;
    case 'error':
      store.setState({ notice: message.message });
      return;
    default: {
      const never: never = message;
      return never;
    }
  }
}
