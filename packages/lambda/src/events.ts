import { STATUS_CODES } from 'node:http';

/**
 * The HTTP events a Lambda function receives, as far as hookguard reads them: the fields
 * AWS documents for API Gateway REST APIs (payload 1.0), HTTP APIs (payload 2.0), function
 * URLs (2.0) and Application Load Balancers. Structural, so `@types/aws-lambda`'s
 * `APIGatewayProxyEvent`, `APIGatewayProxyEventV2`, `LambdaFunctionURLEvent` and `ALBEvent`
 * are all accepted without this package depending on them.
 */

type Headers = Readonly<Record<string, string | undefined>>;
type MultiValue = Readonly<Record<string, readonly string[] | undefined>>;

/** API Gateway REST API (payload 1.0), or an HTTP API configured for 1.0. */
export interface RestApiEvent {
  readonly version?: string | undefined;
  readonly httpMethod: string;
  /** The resource path, without the stage. */
  readonly path: string;
  readonly headers?: Headers | null;
  readonly multiValueHeaders?: MultiValue | null;
  /** Decoded by API Gateway: re-encoded to rebuild the URL. */
  readonly multiValueQueryStringParameters?: MultiValue | null;
  readonly queryStringParameters?: Headers | null;
  readonly body: string | null;
  readonly isBase64Encoded: boolean;
  readonly requestContext?: unknown;
}

/** HTTP API (payload 2.0) and function URLs. */
export interface HttpApiEvent {
  /** `2.0`. */
  readonly version: string;
  readonly rawPath: string;
  readonly rawQueryString: string;
  /** Lower-case names; a repeated header's values joined with commas by AWS. */
  readonly headers: Headers;
  /** Cookies, taken out of the headers by AWS. */
  readonly cookies?: readonly string[] | undefined;
  readonly requestContext: { readonly http: { readonly method: string } };
  readonly body?: string | undefined;
  readonly isBase64Encoded: boolean;
}

/** Application Load Balancer, with or without multi-value headers. */
export interface AlbEvent {
  readonly httpMethod: string;
  readonly path: string;
  readonly headers?: Headers | undefined;
  readonly multiValueHeaders?: MultiValue | undefined;
  /** Passed on as received: still URL-encoded. */
  readonly queryStringParameters?: Headers | undefined;
  readonly multiValueQueryStringParameters?: MultiValue | undefined;
  readonly body: string | null;
  readonly isBase64Encoded: boolean;
  readonly requestContext: { readonly elb: { readonly targetGroupArn: string } };
}

/** Any HTTP event hookguard takes. */
export type LambdaHttpEvent = RestApiEvent | HttpApiEvent | AlbEvent;

/** Which of the shapes an event is, which decides the result's shape too. */
export type EventKind = 'rest' | 'http' | 'alb';

/** What a handler returns to any of them (API Gateway and ALB take the same fields). */
export interface LambdaHttpResult {
  readonly statusCode: number;
  readonly headers?: Readonly<Record<string, string | number | boolean>> | undefined;
  readonly multiValueHeaders?: Readonly<Record<string, readonly (string | number | boolean)[]>>;
  readonly body?: string | undefined;
  readonly isBase64Encoded?: boolean | undefined;
  /** ALB only: such as `200 OK`. */
  readonly statusDescription?: string | undefined;
  readonly cookies?: readonly string[] | undefined;
}

/** A request as the core reads it, from any of the shapes. */
export interface EventRequest {
  readonly kind: EventKind;
  readonly method: string;
  readonly url: string;
  /** Node's `rawHeaders` form: name, value, name, value…, a repeated header kept repeated. */
  readonly rawHeaders: readonly string[];
  readonly body: Uint8Array;
  /** ALB with multi-value headers on: the answer must use `multiValueHeaders` too. */
  readonly multiValueResult: boolean;
}

export function eventKind(event: LambdaHttpEvent): EventKind {
  // Payload 2.0 is the only shape with a raw path: an HTTP API set to 1.0 sends `path`.
  if (typeof (event as Partial<HttpApiEvent>).rawPath === 'string') return 'http';
  const context = event.requestContext as { elb?: unknown } | undefined;
  return context !== null && typeof context === 'object' && context.elb !== undefined
    ? 'alb'
    : 'rest';
}

function rawHeadersOf(single: Headers | null | undefined, multi: MultiValue | null | undefined) {
  const raw: string[] = [];
  if (multi !== null && multi !== undefined) {
    for (const [name, values] of Object.entries(multi))
      for (const value of values ?? []) raw.push(name, value);
    return raw;
  }
  for (const [name, value] of Object.entries(single ?? {}))
    if (value !== undefined) raw.push(name, value);
  return raw;
}

/**
 * The query string: ALB passes parameters as received (still encoded); API Gateway REST
 * decodes them, so they are encoded again, which gives back the sent string unless the
 * sender encoded differently (`%20` and `+`, say). A scheme that signs the URL (Twilio)
 * is configured with its public URL, not this.
 */
function queryOf(
  single: Headers | null | undefined,
  multi: MultiValue | null | undefined,
  encode: (text: string) => string,
): string {
  const pairs: string[] = [];
  if (multi !== null && multi !== undefined) {
    for (const [name, values] of Object.entries(multi))
      for (const value of values ?? []) pairs.push(`${encode(name)}=${encode(value)}`);
  } else {
    for (const [name, value] of Object.entries(single ?? {}))
      if (value !== undefined) pairs.push(`${encode(name)}=${encode(value)}`);
  }
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

/** The body's bytes: base64-decoded when AWS encoded it, else the UTF-8 of the text. */
function bodyOf(body: string | null | undefined, isBase64Encoded: boolean): Uint8Array {
  if (body === null || body === undefined || body === '') return new Uint8Array(0);
  return isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}

const asIs = (text: string) => text;

/** The request in an event, whichever shape it has. */
export function requestOf(event: LambdaHttpEvent): EventRequest {
  const kind = eventKind(event);
  if (kind === 'http') {
    const http = event as HttpApiEvent;
    const rawHeaders = rawHeadersOf(http.headers, undefined);
    if (http.cookies !== undefined && http.cookies.length > 0)
      rawHeaders.push('cookie', http.cookies.join('; '));
    return {
      kind,
      method: http.requestContext.http.method,
      url: `${http.rawPath}${http.rawQueryString === '' ? '' : `?${http.rawQueryString}`}`,
      rawHeaders,
      body: bodyOf(http.body, http.isBase64Encoded),
      multiValueResult: false,
    };
  }
  const classic = event as RestApiEvent | AlbEvent;
  const query = queryOf(
    classic.queryStringParameters,
    classic.multiValueQueryStringParameters,
    kind === 'alb' ? asIs : encodeURIComponent,
  );
  return {
    kind,
    method: classic.httpMethod,
    url: `${classic.path}${query}`,
    rawHeaders: rawHeadersOf(classic.headers, classic.multiValueHeaders),
    body: bodyOf(classic.body, classic.isBase64Encoded),
    multiValueResult: kind === 'alb' && classic.multiValueHeaders != null,
  };
}

/** A result hookguard answers with (an error, a handshake's reply, a plain 200), in the event's shape. */
export function resultFor(
  request: Pick<EventRequest, 'kind' | 'multiValueResult'>,
  statusCode: number,
  headers: Readonly<Record<string, string>>,
  body: string,
): LambdaHttpResult {
  if (request.kind !== 'alb') return { statusCode, headers, body, isBase64Encoded: false };
  const statusDescription = `${statusCode} ${STATUS_CODES[statusCode] ?? ''}`.trim();
  return request.multiValueResult
    ? {
        statusCode,
        statusDescription,
        multiValueHeaders: Object.fromEntries(
          Object.entries(headers).map(([name, value]) => [name, [value]]),
        ),
        body,
        isBase64Encoded: false,
      }
    : { statusCode, statusDescription, headers, body, isBase64Encoded: false };
}
