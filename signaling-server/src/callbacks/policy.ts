import { TenantSettings } from '../tenants.js';

export type CallbackPolicy = TenantSettings['callbacks'];

const DEFAULT_POLICY: CallbackPolicy = TenantSettings.shape.callbacks.parse(undefined);

/** A tenant's callback policy (retries, slots), or the defaults for a tenant without settings (demo). */
export function callbackPolicy(settings: TenantSettings | undefined): CallbackPolicy {
  return settings?.callbacks ?? DEFAULT_POLICY;
}
