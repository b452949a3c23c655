import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 64;

/**
 * OWASP's password storage advice for scrypt: N=2^15, r=8, p=3 (32 MiB and three passes, as
 * strong as N=2^17 with p=1 at a quarter of the memory per sign-in).
 */
interface Cost {
  N: number;
  r: number;
  p: number;
}

const COST: Cost = { N: 2 ** 15, r: 8, p: 3 };
/** What hashes written before the parameters were stored used (Node's defaults). */
const LEGACY_COST: Cost = { N: 2 ** 14, r: 8, p: 1 };

function scryptAsync(password: string, salt: Buffer, length: number, cost: Cost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem: 128 × N × r bytes are needed, and Node's default cap is exactly that for N=2^15.
    scrypt(password, salt, length, { ...cost, maxmem: 256 * cost.N * cost.r }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Verified against when the account does not exist, so both paths cost the same scrypt. */
export const UNKNOWN_ACCOUNT_HASH = `scrypt$N=${COST.N},r=${COST.r},p=${COST.p}$${'0'.repeat(32)}$${'0'.repeat(KEY_LENGTH * 2)}`;

/** Hashes a password as `scrypt$N=…,r=…,p=…$<salt hex>$<key hex>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_LENGTH, COST);
  return `scrypt$N=${COST.N},r=${COST.r},p=${COST.p}$${salt.toString('hex')}$${key.toString('hex')}`;
}

function parse(stored: string): { cost: Cost; salt: string; key: string } | null {
  const parts = stored.split('$');
  if (parts[0] !== 'scrypt') return null;
  if (parts.length === 3) return { cost: LEGACY_COST, salt: parts[1] ?? '', key: parts[2] ?? '' };
  const params = Object.fromEntries((parts[1] ?? '').split(',').map((kv) => kv.split('=')));
  const cost = { N: Number(params.N), r: Number(params.r), p: Number(params.p) };
  if (!(cost.N >= 2 ** 10 && cost.N <= 2 ** 20 && cost.r >= 1 && cost.r <= 32 && cost.p >= 1 && cost.p <= 16))
    return null;
  return { cost, salt: parts[2] ?? '', key: parts[3] ?? '' };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const hash = parse(stored);
  if (!hash?.salt || !hash.key) return false;
  const expected = Buffer.from(hash.key, 'hex');
  const actual = await scryptAsync(password, Buffer.from(hash.salt, 'hex'), expected.length, hash.cost);
  return timingSafeEqual(actual, expected);
}

/** A hash made with weaker parameters than today's: rehash it at the next successful sign-in. */
export function needsRehash(stored: string): boolean {
  const hash = parse(stored);
  return !hash || hash.cost.N !== COST.N || hash.cost.r !== COST.r || hash.cost.p !== COST.p;
}
