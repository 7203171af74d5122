export type { HookguardInstrumentationOptions } from './instrument-hookguard.js';
export { instrumentHookguard } from './instrument-hookguard.js';
export { ATTRIBUTES, INSTRUMENTATION_SCOPE, METRICS, SPAN_NAME } from './names.js';
