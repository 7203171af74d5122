import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  awsSns,
  braintree,
  discord,
  dropbox,
  headerChallenge,
  hmac,
  jsonReply,
  MemoryReplayStore,
  meta,
  okta,
  queryChallenge,
  type SignedHttpRequest,
  sign,
  slack,
  twitch,
  type VerifiedWebhook,
  xero,
  zoom,
} from '@hookguard/core';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type KeyServer, startKeyServer } from '../../packages/core/test/support/key-server.js';
import { ADAPTERS, type RouteSpec, type RunningApp } from '../support/adapters.js';

// Every vendor handshake, answered through every adapter: one row per flow, with what the
// vendor sends and what it must get back. A handshake never reaches the route's handler,
// and a signed one with a bad signature gets the same refusal as any forged delivery.

const NOW = 1_700_000_000_000;
const SLACK_SECRET = 'slack-handshake-secret';
// Discord's key pair from the demo settings (seed = sha256 of "hookguard demo discord key").
const DISCORD_PUBLIC_KEY = 'aeec958b0f5e6074c50cb570efce93898388709142d23d4f01ead3ff149f0bb2';
const DISCORD_PRIVATE_KEY = 'e5ca5b34ce2b41b28a8d07568ac4ab51ebe021cd6565e81ecf05fadc93031171';
const VERIFY_TOKEN = 'meta-style-verify-token';
// Slack's example challenge (api.slack.com/events/url_verification).
const SLACK_CHALLENGE = '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P';

const slackScheme = slack({ signingSecret: SLACK_SECRET });
// The braintree SDK's own test keys and challenge vector (webhook_notification_gateway_spec.js).
const braintreeScheme = braintree({
  publicKey: 'integration_public_key',
  privateKey: 'integration_private_key',
});
const discordScheme = discord({ publicKey: DISCORD_PUBLIC_KEY, privateKey: DISCORD_PRIVATE_KEY });
// The two unsigned shapes on a scheme of your own (`hmac` takes `handshakes` too): a GET
// challenge with a verify token, as Meta sends, and a challenge header, as Okta sends.
const customScheme = hmac({
  name: 'acme',
  secret: 'acme-secret',
  signature: { header: 'x-acme-signature' },
  handshakes: [
    queryChallenge({
      name: 'acme.subscribe',
      arrives: 'GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…',
      challenge: 'hub.challenge',
      when: { param: 'hub.mode', equals: 'subscribe' },
      token: { param: 'hub.verify_token', expected: VERIFY_TOKEN },
    }),
    headerChallenge({
      name: 'acme.verification',
      arrives: 'GET with x-acme-verification-challenge',
      header: 'x-acme-verification-challenge',
      methods: ['GET'],
      reply: (challenge) => jsonReply({ verification: challenge }),
    }),
  ],
});

type Send = (server: RunningApp['server']) => request.Test;

const post =
  (message: SignedHttpRequest, path: string): Send =>
  (server) =>
    request(server)
      .post(path)
      .set(message.headers)
      .send(message.body as string);

const forged = (message: SignedHttpRequest, path: string): Send =>
  post({ headers: message.headers, body: String(message.body).replace('}', ',"x":1}') }, path);

interface Flow {
  readonly flow: string;
  readonly route: Omit<RouteSpec, 'path' | 'handle'>;
  readonly send: Send;
  readonly status: number;
  readonly contentType?: RegExp;
  /** The exact body text answered, or the error code for a refusal. */
  readonly body?: string;
  readonly code?: string;
  /** Whether the answer must carry `X-Content-Type-Options: nosniff`. */
  readonly nosniff?: boolean;
}

const slackChallenge = sign(slackScheme, {
  body: { token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge: SLACK_CHALLENGE, type: 'url_verification' },
  timestamp: NOW,
});
const discordPing = sign(discordScheme, { body: { type: 1 }, timestamp: NOW });

// The six handshake presets, with the example values their vendors' documentation shows.
const ZOOM_SECRET = 'zoom-handshake-secret-token';
const ZOOM_PLAIN_TOKEN = 'qgg8vlvZRS6UYooatFL8Aw';
const zoomScheme = zoom({ secretToken: ZOOM_SECRET });
const zoomValidation = sign(zoomScheme, {
  body: {
    payload: { plainToken: ZOOM_PLAIN_TOKEN },
    event_ts: NOW,
    event: 'endpoint.url_validation',
  },
  timestamp: NOW,
});
const twitchScheme = twitch({ secret: 'twitch-handshake-secret' });
const TWITCH_CHALLENGE = 'pogchamp-kappa-360noscope-vohiyo';
const twitchVerification = sign(twitchScheme, {
  body: {
    challenge: TWITCH_CHALLENGE,
    subscription: { status: 'webhook_callback_verification_pending' },
  },
  timestamp: NOW,
  headers: { 'twitch-eventsub-message-type': 'webhook_callback_verification' },
});
const metaScheme = meta({ appSecret: 'meta-handshake-secret', verifyToken: VERIFY_TOKEN });
const dropboxScheme = dropbox({ appSecret: 'dropbox-handshake-secret' });
const OKTA_SECRET = 'Basic YWRtaW46c3VwZXJzZWNyZXQ=';
const oktaScheme = okta({ secret: OKTA_SECRET });
const xeroScheme = xero({ webhookKey: 'xero-handshake-webhook-key' });
const XERO_ITR =
  '{"events":[],"firstEventSequence": 0,"lastEventSequence": 0, "entropy": "ZDNFAOXDPWTKXSEJWMVN"}';
const xeroIntent = sign(xeroScheme, { body: XERO_ITR });

const FLOWS: readonly Flow[] = [
  {
    flow: 'slack.url_verification, signed: the challenge as JSON',
    route: { scheme: slackScheme },
    send: post(slackChallenge, '/hook'),
    status: 200,
    contentType: /^application\/json/,
    body: JSON.stringify({ challenge: SLACK_CHALLENGE }),
  },
  {
    flow: 'slack.url_verification with a bad signature: 401, no answer',
    route: { scheme: slackScheme },
    send: forged(slackChallenge, '/hook'),
    status: 401,
    code: 'invalid_signature',
  },
  {
    flow: 'slack.ssl_check, unsigned: an empty 200',
    route: { scheme: slackScheme },
    send: (server) =>
      request(server)
        .post('/hook')
        .set('content-type', 'application/x-www-form-urlencoded')
        .send('ssl_check=1&token=Jhj5dZrVaK7ZwHHjRyZWjbDl'),
    status: 200,
    body: '',
  },
  {
    flow: 'discord.ping, signed: {"type":1}',
    route: { scheme: discordScheme },
    send: post(discordPing, '/hook'),
    status: 200,
    contentType: /^application\/json/,
    body: '{"type":1}',
  },
  {
    flow: "discord.ping with a bad signature (Discord's probe): 401",
    route: { scheme: discordScheme },
    send: forged(discordPing, '/hook'),
    status: 401,
    code: 'invalid_signature',
  },
  {
    flow: 'a GET challenge with the right verify token: the challenge as text',
    route: { scheme: customScheme, method: ['GET', 'POST'] },
    send: (server) =>
      request(server).get(
        `/hook?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
      ),
    status: 200,
    contentType: /^text\/plain/,
    body: '1158201444',
  },
  {
    flow: 'a GET challenge with a wrong verify token: 403',
    route: { scheme: customScheme, method: ['GET', 'POST'] },
    send: (server) =>
      request(server).get('/hook?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1'),
    status: 403,
    code: 'handshake_refused',
  },
  {
    flow: 'a GET challenge that is not plain text: 400, never echoed',
    route: { scheme: customScheme, method: ['GET', 'POST'] },
    send: (server) =>
      request(server).get(
        `/hook?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=%3Cscript%3E%20x`,
      ),
    status: 400,
    code: 'malformed_request',
  },
  {
    flow: 'a challenge header: {"verification"}',
    route: { scheme: customScheme, method: ['GET', 'POST'] },
    send: (server) =>
      request(server).get('/hook').set('x-acme-verification-challenge', 'Uz6z8XHk2ZbKbCVG'),
    status: 200,
    contentType: /^application\/json/,
    body: '{"verification":"Uz6z8XHk2ZbKbCVG"}',
  },
  {
    flow: 'braintree.challenge, unsigned: publicKey|HMAC-SHA1 of the challenge',
    route: { scheme: braintreeScheme, method: ['GET', 'POST'] },
    send: (server) => request(server).get('/hook?bt_challenge=20f9f8ed05f77439fe955c977e4c8a53'),
    status: 200,
    contentType: /^text\/plain/,
    body: 'integration_public_key|d9b899556c966b3f06945ec21311865d35df3ce4',
  },
  {
    flow: 'braintree.challenge that is not 20–32 hex characters: 400',
    route: { scheme: braintreeScheme, method: ['GET', 'POST'] },
    send: (server) => request(server).get('/hook?bt_challenge=not-hex'),
    status: 400,
    code: 'malformed_request',
  },
  {
    flow: 'zoom.url_validation, signed: plainToken and its HMAC as JSON',
    route: { scheme: zoomScheme },
    send: post(zoomValidation, '/hook'),
    status: 200,
    contentType: /^application\/json/,
    body: JSON.stringify({
      plainToken: ZOOM_PLAIN_TOKEN,
      encryptedToken: createHmac('sha256', ZOOM_SECRET).update(ZOOM_PLAIN_TOKEN).digest('hex'),
    }),
  },
  {
    flow: 'zoom.url_validation with a bad signature: 401, no answer',
    route: { scheme: zoomScheme },
    send: forged(zoomValidation, '/hook'),
    status: 401,
    code: 'invalid_signature',
  },
  {
    flow: 'twitch.webhook_callback_verification, signed: the raw challenge as text',
    route: { scheme: twitchScheme },
    send: post(twitchVerification, '/hook'),
    status: 200,
    contentType: /^text\/plain/,
    body: TWITCH_CHALLENGE,
  },
  {
    flow: 'twitch.webhook_callback_verification with a bad signature: 401',
    route: { scheme: twitchScheme },
    send: forged(twitchVerification, '/hook'),
    status: 401,
    code: 'invalid_signature',
  },
  {
    flow: 'meta.subscribe with the right verify token: the challenge as text',
    route: { scheme: metaScheme, method: ['GET', 'POST'] },
    send: (server) =>
      request(server).get(
        `/hook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${VERIFY_TOKEN}`,
      ),
    status: 200,
    contentType: /^text\/plain/,
    body: '1158201444',
  },
  {
    flow: 'meta.subscribe with a wrong verify token: 403',
    route: { scheme: metaScheme, method: ['GET', 'POST'] },
    send: (server) =>
      request(server).get('/hook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=x'),
    status: 403,
    code: 'handshake_refused',
  },
  {
    flow: 'dropbox.challenge: the challenge echoed as text, nosniff',
    route: { scheme: dropboxScheme, method: ['GET', 'POST'] },
    send: (server) => request(server).get('/hook?challenge=Z8hkVZu3YDzr6oLO8ReF'),
    status: 200,
    contentType: /^text\/plain/,
    body: 'Z8hkVZu3YDzr6oLO8ReF',
    nosniff: true,
  },
  {
    flow: 'okta.verification with the secret: {"verification"}',
    route: { scheme: oktaScheme, method: ['GET', 'POST'] },
    send: (server) =>
      request(server)
        .get('/hook')
        .set('x-okta-verification-challenge', 'VhHRXPpPaMjzw3abKsH_bQvwSVrB8jZLOqv2Wm3cjSw')
        .set('authorization', OKTA_SECRET),
    status: 200,
    contentType: /^application\/json/,
    body: '{"verification":"VhHRXPpPaMjzw3abKsH_bQvwSVrB8jZLOqv2Wm3cjSw"}',
  },
  {
    flow: 'okta.verification without the secret: 403',
    route: { scheme: oktaScheme, method: ['GET', 'POST'] },
    send: (server) =>
      request(server).get('/hook').set('x-okta-verification-challenge', 'VhHRXPpPaMjzw3abKsH'),
    status: 403,
    code: 'handshake_refused',
  },
  {
    flow: "xero.intent_to_receive, correctly signed: an empty 200 (Xero's intent to receive)",
    route: { scheme: xeroScheme },
    send: post(xeroIntent, '/hook'),
    status: 200,
    body: '',
  },
  {
    flow: "xero.intent_to_receive, incorrectly signed: 401 (Xero's intent to receive)",
    route: { scheme: xeroScheme },
    send: post(
      {
        ...xeroIntent,
        headers: { ...xeroIntent.headers, 'x-xero-signature': 'bm90IHRoZSBzaWduYXR1cmU=' },
      },
      '/hook',
    ),
    status: 401,
    code: 'invalid_signature',
  },
  {
    flow: 'a GET that is no handshake: the signature is still required',
    route: { scheme: customScheme, method: ['GET', 'POST'] },
    send: (server) => request(server).get('/hook?hub.mode=unsubscribe&hub.challenge=1'),
    status: 401,
    code: 'missing_signature',
  },
];

for (const adapter of ADAPTERS) {
  describe(`${adapter.name} adapter answers handshakes`, () => {
    let app: RunningApp | undefined;
    let calls: VerifiedWebhook[] = [];
    afterEach(async () => {
      await app?.close();
      app = undefined;
      calls = [];
    });
    const start = async (route: Omit<RouteSpec, 'path' | 'handle'>) => {
      app = await adapter.start([
        {
          now: () => NOW,
          ...route,
          path: '/hook',
          handle: (webhook) => {
            calls.push(webhook);
            return { status: 200, body: { handled: true } };
          },
        },
      ]);
      return app;
    };

    it.each(FLOWS)('$flow', async (flow) => {
      const target = await start(flow.route);
      const response = await flow.send(target.server);
      expect(response.status).toBe(flow.status);
      if (flow.code !== undefined) expect(response.body.error.code).toBe(flow.code);
      if (flow.body !== undefined) expect(response.text).toBe(flow.body);
      if (flow.contentType !== undefined)
        expect(response.headers['content-type']).toMatch(flow.contentType);
      if (flow.nosniff === true) expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(calls).toEqual([]);
    });

    it('answers a text challenge with nosniff, so a browser never renders it', async () => {
      const target = await start({ scheme: customScheme, method: ['GET', 'POST'] });
      const response = await request(target.server).get(
        `/hook?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=abc`,
      );
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });

    it('answers a repeated handshake every time: it is never claimed in the replay store', async () => {
      const target = await start({ scheme: slackScheme, replayStore: new MemoryReplayStore() });
      for (const _ of [1, 2]) {
        const response = await post(slackChallenge, '/hook')(target.server);
        expect(response.status).toBe(200);
        expect(response.body).toEqual({ challenge: SLACK_CHALLENGE });
      }
    });

    it("still calls the handler for a delivery that is not a handshake (Discord's type 2)", async () => {
      const target = await start({ scheme: discordScheme });
      const command = sign(discordScheme, { body: { type: 2, id: '1' }, timestamp: NOW });
      const response = await post(command, '/hook')(target.server);
      expect(response.status).toBe(200);
      expect(calls.map((call) => call.payload)).toEqual([{ type: 2, id: '1' }]);
    });

    it("with handshakes: 'pass', hands a signed handshake to the handler with the answer to send", async () => {
      const target = await start({ scheme: slackScheme, handshakes: 'pass' });
      const response = await post(slackChallenge, '/hook')(target.server);
      expect(response.status).toBe(200);
      expect(calls).toHaveLength(1);
      expect(calls[0]?.handshake?.name).toBe('slack.url_verification');
      expect(calls[0]?.handshake?.reply.body).toBe(JSON.stringify({ challenge: SLACK_CHALLENGE }));
      expect(calls[0]?.replayClaim).toBeUndefined();
    });
  });
}

// AWS SNS's SubscriptionConfirmation, confirmed by the route (`confirmSubscription: true`):
// a signed handshake whose answer waits for a GET of its signed SubscribeURL. A local server
// plays SNS (the certificate and the confirmation), reached through the scheme's `fetch`.
const SNS_CERTIFICATE = JSON.parse(
  readFileSync(
    new URL('../../packages/core/test/fixtures/aws-sns-test-certificate.json', import.meta.url),
    'utf8',
  ),
) as { certificatePem: string; privateKeyPkcs8Base64: string };
const SNS_TOPIC = 'arn:aws:sns:us-east-1:123456789012:orders';
// Inside the test certificate's validity (from December 2026).
const SNS_NOW = Date.parse('2027-01-15T10:00:00.000Z');
let snsConfirmStatus = 200;
let snsServer: KeyServer | undefined;
beforeAll(async () => {
  snsServer = await startKeyServer((received, response) => {
    const confirming = received.url.startsWith('/?');
    response.writeHead(confirming ? snsConfirmStatus : 200);
    response.end(confirming ? '<ConfirmSubscriptionResponse/>' : SNS_CERTIFICATE.certificatePem);
  });
});
afterAll(() => snsServer?.close());

const snsScheme = (confirmSubscription: boolean) =>
  awsSns({
    topicArn: SNS_TOPIC,
    confirmSubscription,
    fetch: (url, init) => (snsServer as KeyServer).fetch(url, init),
    privateKey: SNS_CERTIFICATE.privateKeyPkcs8Base64,
    signingCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem',
  });
const snsConfirmation = (topicArn = SNS_TOPIC) =>
  sign(
    snsScheme(true),
    { type: 'SubscriptionConfirmation', topicArn, token: 'token-1', message: 'confirm' },
    { now: () => SNS_NOW },
  );
const confirmUrl = `/?Action=ConfirmSubscription&TopicArn=${SNS_TOPIC}&Token=token-1`;

for (const adapter of ADAPTERS) {
  describe(`${adapter.name} adapter confirms AWS SNS subscriptions`, () => {
    let app: RunningApp | undefined;
    let calls: VerifiedWebhook[] = [];
    afterEach(async () => {
      await app?.close();
      app = undefined;
      calls = [];
      snsConfirmStatus = 200;
    });
    const start = async (confirmSubscription: boolean) => {
      app = await adapter.start([
        {
          now: () => SNS_NOW,
          scheme: snsScheme(confirmSubscription),
          path: '/hook',
          handle: (webhook) => {
            calls.push(webhook);
            return { status: 200, body: { handled: true } };
          },
        },
      ]);
      return app;
    };
    const confirmsSent = () =>
      (snsServer as KeyServer).requests.filter((received) => received.url === confirmUrl).length;

    it('GETs the signed SubscribeURL, then answers an empty 200; the handler never sees it', async () => {
      const target = await start(true);
      const before = confirmsSent();
      const response = await post(snsConfirmation(), '/hook')(target.server);
      expect(response.status).toBe(200);
      expect(response.text).toBe('');
      expect(confirmsSent()).toBe(before + 1);
      expect(calls).toEqual([]);
    });

    it.each([
      [
        'a confirmation whose signed Message was changed',
        () => {
          const message = snsConfirmation();
          const body = String(message.body).replace('"Message":"confirm"', '"Message":"forged"');
          return post({ headers: message.headers, body }, '/hook');
        },
        401,
        'invalid_signature',
      ],
      [
        "a confirmation for a topic not the route's",
        () => post(snsConfirmation('arn:aws:sns:us-east-1:999999999999:orders'), '/hook'),
        403,
        'unexpected_sender',
      ],
    ] as const)('refuses %s, confirming nothing', async (_, send, status, code) => {
      const target = await start(true);
      const before = confirmsSent();
      const response = await send()(target.server);
      expect(response.status).toBe(status);
      expect(response.body.error.code).toBe(code);
      expect(confirmsSent()).toBe(before);
      expect(calls).toEqual([]);
    });

    it('answers 503 handshake_failed when the GET fails, so SNS retries', async () => {
      const target = await start(true);
      snsConfirmStatus = 500;
      const response = await post(snsConfirmation(), '/hook')(target.server);
      expect(response.status).toBe(503);
      expect(response.body.error.code).toBe('handshake_failed');
      expect(calls).toEqual([]);
    });

    it('without confirmSubscription, hands the verified confirmation to the handler', async () => {
      const target = await start(false);
      const before = confirmsSent();
      const response = await post(snsConfirmation(), '/hook')(target.server);
      expect(response.status).toBe(200);
      expect(calls.map((call) => (call.payload as { Type: string }).Type)).toEqual([
        'SubscriptionConfirmation',
      ]);
      expect(confirmsSent()).toBe(before);
    });
  });
}
