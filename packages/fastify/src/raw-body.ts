/** The body of a webhook route as the content-type parser kept it: the exact bytes. */
export class RawBody {
  constructor(readonly bytes: Buffer) {}
}

/** Matches `application/<anything>+json`, with or without parameters. */
export const PLUS_JSON = /^application\/[^\s;/]+\+json\s*(?:;|$)/i;
