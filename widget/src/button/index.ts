import type { WatchButton } from '../loader/contract.js';
import { showAvailability } from './availability.js';
import { watch as watchCallbacks } from './callbacks.js';

export { rewatch } from './callbacks.js';

/**
 * The button's module (`/widget/button.js`): the loader imports it once the page has loaded and
 * calls it again on each identify(). It puts the team's availability beside the help button, and
 * for an identified user rings the button when a callback is due.
 */
export const watch: WatchButton = (host) => {
  showAvailability(host);
  if (!host.identity) return;
  const { server, tenant, locale } = host.config();
  void watchCallbacks({ server, tenant, locale, identity: host.identity, button: host.button, emit: host.emit });
};
