import type { WatchButton } from '../loader/contract.js';
import { savedCall } from '../panel/savedCall.js';
import { showAvailability } from './availability.js';
import { watch as watchCallbacks } from './callbacks.js';

export { rewatch } from './callbacks.js';

/**
 * The button's module (`/widget/button.js`): the loader imports it once the page has loaded and
 * calls it again on each identify(). It puts the team's availability beside the help button, and
 * for an identified user rings the button when a callback is due.
 */
export const watch: WatchButton = (host) => {
  resumeCall(host);
  showAvailability(host);
  if (!host.identity) return;
  const { server, tenant, locale } = host.config();
  void watchCallbacks({ server, tenant, locale, identity: host.identity, button: host.button, emit: host.emit });
};

let resumeTried = false;

/**
 * A call (or a place in line) this tab had on its last page goes on here: the panel opens by
 * itself, as the help button's press opens it, and picks the call up. Once per page.
 */
function resumeCall(host: Parameters<WatchButton>[0]): void {
  if (resumeTried) return;
  resumeTried = true;
  const { server, tenant } = host.config();
  if (savedCall(server, tenant)) host.button.click();
}
