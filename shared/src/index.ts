export * from './protocol/codec.js';
export * from './protocol/common.js';
export * from './protocol/consoleMessages.js';
export * from './protocol/errorCodes.js';
export * from './protocol/http.js';
export * from './protocol/ids.js';
export * from './protocol/widgetMessages.js';
