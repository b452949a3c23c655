import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './signature.js';

const secret = 'whsec-0123456789abcdef0123456789abcdef';
const body = JSON.stringify({ id: 'd1', type: 'session.answered', data: { waitMs: 4200 } });
const now = Date.UTC(2026, 10, 23, 16);

describe('webhook signatures', () => {
  it('a receiver holding the secret accepts what was signed with it', () => {
    const header = signWebhook(secret, now / 1000, body);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook(secret, header, body, now + 2_000)).toBe(true);
  });

  it('refuses an altered body, another secret, a stale timestamp and a missing header', () => {
    const header = signWebhook(secret, now / 1000, body);
    expect(verifyWebhook(secret, header, body.replace('4200', '42'), now)).toBe(false);
    expect(verifyWebhook(`${secret}x`, header, body, now)).toBe(false);
    expect(verifyWebhook(secret, header, body, now + 301_000)).toBe(false);
    expect(verifyWebhook(secret, undefined, body, now)).toBe(false);
    expect(verifyWebhook(secret, header.replace(/v1=../, 'v1=00'), body, now)).toBe(false);
  });
});
