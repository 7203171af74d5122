/** The body of a webhook route as the content-type parser kept it: the exact bytes. */
export class RawBody {
  constructor(readonly bytes: Buffer) {}
}
