export * from './openMediaSession.js';
export * from './p2pSession.js';
export * from './stats.js';
export * from './transport.js';
