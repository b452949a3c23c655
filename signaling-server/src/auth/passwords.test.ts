import { randomBytes, scryptSync } from 'node:crypto';
import { expect, test } from 'vitest';
import { hashPassword, needsRehash, UNKNOWN_ACCOUNT_HASH, verifyPassword } from './passwords.js';

test("passwords are hashed with OWASP's scrypt parameters, salted, and verified", async () => {
  const hash = await hashPassword('correct horse battery');
  expect(hash).toMatch(/^scrypt\$N=32768,r=8,p=3\$[0-9a-f]{32}\$[0-9a-f]{128}$/);
  expect(await hashPassword('correct horse battery')).not.toBe(hash);
  expect(await verifyPassword('correct horse battery', hash)).toBe(true);
  expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
  expect(needsRehash(hash)).toBe(false);
  expect(await verifyPassword('anything', UNKNOWN_ACCOUNT_HASH)).toBe(false);
});

test('hashes from before (Node defaults, no parameters) still verify, and are marked for a rehash', async () => {
  const salt = randomBytes(16);
  const legacy = `scrypt$${salt.toString('hex')}$${scryptSync('old password', salt, 64).toString('hex')}`;
  expect(await verifyPassword('old password', legacy)).toBe(true);
  expect(needsRehash(legacy)).toBe(true);
});

test('stored parameters out of range are refused, not run', async () => {
  const salt = '0'.repeat(32);
  expect(await verifyPassword('x', `scrypt$N=1073741824,r=8,p=1$${salt}$${'0'.repeat(128)}`)).toBe(false);
  expect(await verifyPassword('x', 'bcrypt$whatever')).toBe(false);
});
