/** What the widget's panel decodes the wire with, apart, so its bundle carries nothing else. */
export { decode } from './codec.js';
export { AvailabilityReply, HelpRequestRefusal, HelpRequestReply, ServerToWidget } from './widgetMessages.js';
