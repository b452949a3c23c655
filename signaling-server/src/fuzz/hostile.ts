import fc from 'fast-check';

/** How many inputs each fuzz property tries: short in `pnpm test`, 10,000 in `pnpm fuzz`. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 200);
/** Seeded, so a failure is repeatable: FUZZ_SEED=<n> pnpm fuzz. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);

const WIDGET_TYPES = [
  'session.cancel',
  'session.end',
  'signal.description',
  'signal.candidate',
  'share.state',
  'callback.request',
  'media.connected',
  'media.restart',
  'control.event',
];
const CONSOLE_TYPES = [
  'agent.setStatus',
  'offer.accept',
  'offer.decline',
  'session.end',
  'call.transfer',
  'signal.description',
  'signal.candidate',
  'auth',
];

/** Values a hostile client would try: wrong types, huge and odd strings, prototype keys, deep nesting. */
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -1, 1e308, Number.MAX_SAFE_INTEGER, '', '__proto__', 'constructor'),
    fc.string({ maxLength: 40 }),
    fc.string({ minLength: 1_000, maxLength: 20_000 }),
    fc.integer(),
    fc.double(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'type')),
      tie('value'),
      {
        maxKeys: 4,
      },
    ),
  ),
})).value;

/** 60 levels of nesting: parsers and validators must not recurse themselves to death. */
const deep = fc.integer({ min: 20, max: 60 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`);

/**
 * A frame: a known type with hostile fields, garbage JSON, deep nesting, `__proto__`, or bytes
 * sent as a binary frame.
 */
export function hostileFrame(kind: 'widget' | 'console'): fc.Arbitrary<string | Uint8Array> {
  const types = kind === 'widget' ? WIDGET_TYPES : CONSOLE_TYPES;
  return fc.oneof(
    fc
      .record(
        {
          type: fc.constantFrom(...types),
          sessionId: hostileValue,
          status: hostileValue,
          description: hostileValue,
          candidate: hostileValue,
          to: hostileValue,
          note: hostileValue,
          token: hostileValue,
        },
        { requiredKeys: ['type'] },
      )
      .map((f) => JSON.stringify(f)),
    fc
      .constantFrom(...types)
      .map((type) => `{"type":"${type}","__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}`),
    hostileValue.map((v) => JSON.stringify(v) ?? 'null'),
    fc.string({ maxLength: 200 }),
    deep,
    fc.uint8Array({ minLength: 1, maxLength: 512 }),
  );
}

/** A request body as text, for every route. */
export const hostileBody: fc.Arbitrary<string> = fc.oneof(
  hostileValue.map((v) => JSON.stringify(v) ?? 'null'),
  fc
    .record(
      {
        tenant: hostileValue,
        context: hostileValue,
        identity: hostileValue,
        email: hostileValue,
        password: hostileValue,
        token: hostileValue,
        body: hostileValue,
        disposition: hostileValue,
        score: hostileValue,
        name: hostileValue,
        role: hostileValue,
      },
      { requiredKeys: [] },
    )
    .map((b) => JSON.stringify(b)),
  fc.constant('{"tenant":"demo","__proto__":{"isAdmin":true}}'),
  fc.string({ maxLength: 300 }),
  deep,
);
