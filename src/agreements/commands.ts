// What changes agreements and their call-offs: each command locks its agreement, decides, and
// records its events on the agreement's stream.
export * from './commands/agreements.ts';
export {
  amendCallOff,
  type CallOffInput,
  callOffPlacement,
  cancelCallOff,
  confirmCallOff,
  placeCallOff,
} from './commands/call-offs.ts';
export * from './commands/deliveries.ts';
