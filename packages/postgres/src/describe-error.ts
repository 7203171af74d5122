// SQLSTATE classes that mean the server or the connection is gone, not that a statement
// was wrong: 08 connection exception, 57P01-57P03 shutdown / cannot connect now.
const CONNECTION_SQLSTATE = /^(08...|57P0[123])$/;
const SQLSTATE = /^[0-9A-Z]{5}$/;

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

/**
 * True when `error` says PostgreSQL could not be reached or dropped the connection (a
 * network code such as `ECONNREFUSED`, a connection SQLSTATE, or pg's own connection
 * errors, which carry no code), rather than that a statement failed.
 */
export function isConnectionError(error: unknown): boolean {
  const code = codeOf(error);
  if (code === undefined) return true;
  return SQLSTATE.test(code) ? CONNECTION_SQLSTATE.test(code) : true;
}

/**
 * A short reason for a message: the error's code (`ECONNREFUSED`, a SQLSTATE), else its
 * first line with every `secret` masked. pg's own messages carry no password, but a
 * connection string can reach a message through other layers (a URL parse error quotes it).
 */
export function describeError(error: unknown, secrets: readonly string[]): string {
  const code = codeOf(error);
  if (code === '42P01') return '42P01: the replay table does not exist; run its migration';
  if (code !== undefined) return code;
  let text = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  for (const secret of secrets) {
    if (secret !== '') text = text.split(secret).join('***');
  }
  return text.slice(0, 200) || 'error';
}
