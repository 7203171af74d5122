/** The largest body verified by default: 1 MiB, far above any vendor's callback. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** A form body may hold at most this many fields; the vendors send a few dozen. */
export const MAX_FORM_FIELDS = 1000;
