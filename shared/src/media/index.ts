export * from './p2pSession.js';
export * from './transport.js';
export * from './stats.js';
