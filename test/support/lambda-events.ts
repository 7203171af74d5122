import type { IncomingMessage } from 'node:http';
import type {
  ALBEvent,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  LambdaFunctionURLEvent,
} from 'aws-lambda';

// The events AWS builds from an HTTP request, as its docs describe them, typed by
// `@types/aws-lambda`: what the Lambda harness (test/support/adapters.ts) hands to
// `webhookHandler`, so every shared suite runs through each shape.
// - API Gateway REST (payload 1.0): headers and multiValueHeaders, decoded query
//   parameters, the body as text, base64 only for a binary media type.
// - HTTP API (payload 2.0): lower-case headers, a repeated one joined with commas, cookies
//   apart, rawPath and rawQueryString; the body base64-encoded unless it is text.
// - Function URL: the 2.0 shape, with its own request context.
// - ALB with multi-value headers on: every header and query value as received (encoded).

/** What an event builder gets from the Node request. */
export interface ReceivedHttp {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

export async function receivedHttp(req: IncomingMessage): Promise<ReceivedHttp> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    rawHeaders: req.rawHeaders,
    body: Buffer.concat(chunks),
  };
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function isText(body: Buffer): boolean {
  try {
    STRICT_UTF8.decode(body);
    return true;
  } catch {
    return false;
  }
}

/** As AWS does: text as is when it is UTF-8, otherwise base64. */
function textOrBase64(body: Buffer, forceBase64 = false) {
  if (body.length === 0) return { body: null, isBase64Encoded: false };
  return !forceBase64 && isText(body)
    ? { body: body.toString('utf8'), isBase64Encoded: false }
    : { body: body.toString('base64'), isBase64Encoded: true };
}

function splitUrl(url: string) {
  const at = url.indexOf('?');
  return at === -1
    ? { path: url, query: '' }
    : { path: url.slice(0, at), query: url.slice(at + 1) };
}

function multiValue(pairs: readonly (readonly [string, string])[]) {
  const values: Record<string, string[]> = {};
  for (const [name, value] of pairs) {
    values[name] ??= [];
    values[name].push(value);
  }
  return values;
}

function headerPairs(rawHeaders: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    pairs.push([rawHeaders[i] as string, rawHeaders[i + 1] as string]);
  return pairs;
}

function queryPairs(query: string, decode: boolean): [string, string][] {
  if (query === '') return [];
  return query.split('&').map((pair) => {
    const at = pair.indexOf('=');
    const [name, value] = at === -1 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    return decode
      ? [
          decodeURIComponent(name.replace(/\+/g, ' ')),
          decodeURIComponent(value.replace(/\+/g, ' ')),
        ]
      : [name, value];
  });
}

const last = (values: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(values).map(([name, list]) => [name, list.at(-1) as string]));

export function restApiEvent(http: ReceivedHttp): APIGatewayProxyEvent {
  const { path, query } = splitUrl(http.url);
  const headers = multiValue(headerPairs(http.rawHeaders));
  const params = multiValue(queryPairs(query, true));
  const hasQuery = Object.keys(params).length > 0;
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: http.method,
    headers: last(headers),
    multiValueHeaders: headers,
    queryStringParameters: hasQuery ? last(params) : null,
    multiValueQueryStringParameters: hasQuery ? params : null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      stage: 'prod',
      path: `/prod${path}`,
    } as APIGatewayProxyEvent['requestContext'],
    ...textOrBase64(http.body),
  };
}

function v2Event(http: ReceivedHttp) {
  const { path, query } = splitUrl(http.url);
  const pairs = headerPairs(http.rawHeaders);
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    if (lower === 'cookie') cookies.push(...value.split('; '));
    else headers[lower] = headers[lower] === undefined ? value : `${headers[lower]},${value}`;
  }
  const encoded = textOrBase64(http.body, !/json|text|form/.test(headers['content-type'] ?? ''));
  return {
    version: '2.0' as const,
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    headers,
    ...(cookies.length > 0 ? { cookies } : {}),
    ...(encoded.body === null ? { isBase64Encoded: false } : encoded),
  };
}

export function httpApiEvent(http: ReceivedHttp): APIGatewayProxyEventV2 {
  return {
    ...v2Event(http),
    requestContext: {
      http: { method: http.method, path: splitUrl(http.url).path },
      stage: '$default',
    } as APIGatewayProxyEventV2['requestContext'],
  };
}

export function functionUrlEvent(http: ReceivedHttp): LambdaFunctionURLEvent {
  return {
    ...v2Event(http),
    requestContext: {
      http: { method: http.method, path: splitUrl(http.url).path },
      domainName: 'abc123.lambda-url.us-east-1.on.aws',
    } as LambdaFunctionURLEvent['requestContext'],
  };
}

export function albEvent(http: ReceivedHttp): ALBEvent {
  const { path, query } = splitUrl(http.url);
  const params = multiValue(queryPairs(query, false));
  return {
    requestContext: {
      elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123:targetgroup/hooks/1' },
    },
    httpMethod: http.method,
    path,
    multiValueQueryStringParameters: params,
    multiValueHeaders: multiValue(
      headerPairs(http.rawHeaders).map(([name, value]) => [name.toLowerCase(), value] as const),
    ),
    ...textOrBase64(http.body),
  };
}
