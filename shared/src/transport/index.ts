export * from './closeCodes.js';
export * from './reconnectingSocket.js';
export * from './reconnectPolicy.js';
