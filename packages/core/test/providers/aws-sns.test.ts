import { createPrivateKey, generateKeyPairSync, sign as opensslSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  type AwsSnsOptions,
  type AwsSnsSignInput,
  awsSns,
  explain,
  explainAsync,
  MemoryReplayStore,
  sign,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import { webhookRoute } from '@hookguard/core/adapter';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type KeyHandler,
  type KeyServer,
  startKeyServer,
  writeLazily,
} from '../support/key-server.js';

// AWS SNS (HTTP/S subscriptions): messages AWS itself signed (from the AWS SDK for Java v2's
// tests, with the certificate SNS served for them) and messages signed with a test key whose
// self-signed certificate is a fixture (fixtures/aws-sns-test-certificate.json says how it
// was made), each verified with the certificate served by a real local server: the `fetch`
// option maps SNS's https URL to it once the allow-list passed it.

interface AwsVectors {
  readonly signingCertUrl: string;
  readonly topicArn: string;
  readonly certificatePem: string;
  readonly messages: Readonly<Record<string, string>>;
}
const AWS = JSON.parse(
  readFileSync(new URL('../fixtures/aws-sns-sdk-vectors.json', import.meta.url), 'utf8'),
) as AwsVectors;
const TEST_CERTIFICATE = JSON.parse(
  readFileSync(new URL('../fixtures/aws-sns-test-certificate.json', import.meta.url), 'utf8'),
) as { certificatePem: string; privateKeyPkcs8Base64: string };

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:orders';
const OTHER_TOPIC = 'arn:aws:sns:us-east-1:999999999999:orders';
const CERT_URL =
  'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem';
const NOW = Date.parse('2027-01-15T10:00:00.000Z');
const TEXT = 'text/plain; charset=UTF-8';

const servers: KeyServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handle: KeyHandler): Promise<KeyServer> {
  const server = await startKeyServer(handle);
  servers.push(server);
  return server;
}

/** SNS as the route sees it: certificates at `.pem` paths, confirmations at `/?Action=…`. */
function sns(
  certificatePem = TEST_CERTIFICATE.certificatePem,
  confirm: KeyHandler = (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/xml' });
    response.end('<ConfirmSubscriptionResponse/>');
  },
): KeyHandler {
  return (request, response, written) => {
    if (request.url.startsWith('/?')) return confirm(request, response, written);
    response.writeHead(200, { 'content-type': 'application/x-pem-file' });
    response.end(certificatePem);
  };
}

const snsServer = () => serve(sns());

function scheme(server: KeyServer, options: Partial<AwsSnsOptions> = {}) {
  return awsSns({
    topicArn: TOPIC,
    fetch: server.fetch,
    privateKey: TEST_CERTIFICATE.privateKeyPkcs8Base64,
    signingCertUrl: CERT_URL,
    ...options,
  });
}

function request(body: string, contentType = TEXT): WebhookRequest {
  return { method: 'POST', url: '/sns', headers: { 'content-type': contentType }, body };
}

/** A message signed with the test key, as SNS would post it. */
function signed(
  server: KeyServer,
  input: Partial<AwsSnsSignInput> = {},
  options: Partial<AwsSnsOptions> = {},
) {
  const message = sign(
    scheme(server, options),
    { message: 'order 42 shipped', ...input },
    { now: () => NOW },
  );
  return { ...request(String(message.body)), headers: message.headers };
}

/** The body of a request, with `change` applied to its envelope. */
function changed(body: string | Uint8Array, change: (envelope: Record<string, unknown>) => void) {
  const envelope = JSON.parse(String(body)) as Record<string, unknown>;
  change(envelope);
  return request(JSON.stringify(envelope));
}

const at = (time: string, offsetMs = 1000) => ({ now: () => Date.parse(time) + offsetMs });
const timeOf = (body: string) => (JSON.parse(body) as { Timestamp: string }).Timestamp;

describe('aws-sns: messages AWS signed', () => {
  it.each(Object.entries(AWS.messages))(
    'verifies %s with the certificate SNS served for it',
    async (_, body) => {
      const server = await serve(sns(AWS.certificatePem));
      const verified = await verify(
        awsSns({ topicArn: AWS.topicArn, fetch: server.fetch }),
        request(body),
        at(timeOf(body)),
      );
      expect(verified.matchedKey).toBe(AWS.signingCertUrl);
      expect(verified.payload.MessageId).toBe(JSON.parse(body).MessageId);
      expect(verified.timestamp).toBe(Date.parse(timeOf(body)));
      expect(server.requests.map((received) => received.url)).toEqual([
        new URL(AWS.signingCertUrl).pathname,
      ]);
    },
  );

  it('fetches the certificate once, and serves later messages from the cache', async () => {
    const server = await serve(sns(AWS.certificatePem));
    const route = awsSns({ topicArn: AWS.topicArn, fetch: server.fetch });
    const bodies = Object.values(AWS.messages);
    await Promise.all(bodies.map((body) => verify(route, request(body), at(timeOf(body), 60_000))));
    expect(server.requests).toHaveLength(1);
  });

  it('accepts the same message labelled application/json, as a delivery policy may send it', async () => {
    const server = await serve(sns(AWS.certificatePem));
    const body = AWS.messages.notificationWithSubject as string;
    const verified = await verify(
      awsSns({ topicArn: AWS.topicArn, fetch: server.fetch }),
      request(body, 'application/json'),
      at(timeOf(body)),
    );
    expect(verified.payload.Subject).toBe('My message subject');
  });

  it.each([
    ['a form', 'application/x-www-form-urlencoded'],
    ['XML', 'application/xml'],
    ['text in another charset', 'text/plain; charset=ISO-8859-1'],
  ])('refuses %s before reading anything', async (_, contentType) => {
    const server = await serve(sns(AWS.certificatePem));
    const body = AWS.messages.notificationWithSubject as string;
    await expect(
      verify(
        awsSns({ topicArn: AWS.topicArn, fetch: server.fetch }),
        request(body, contentType),
        at(timeOf(body)),
      ),
    ).rejects.toMatchObject({ code: 'unsupported_media_type', status: 415 });
    expect(server.requests).toEqual([]);
  });

  it('refuses an expired certificate, naming when it expired (key_unavailable)', async () => {
    const server = await serve(sns(AWS.certificatePem));
    const body = AWS.messages.notificationWithSubject as string;
    const error = await verify(
      awsSns({ topicArn: AWS.topicArn, fetch: server.fetch, tolerance: false }),
      request(body),
      at('2026-10-15T00:00:00.000Z'),
    ).catch((reason) => reason);
    expect(error).toMatchObject({ code: 'key_unavailable', status: 503 });
    expect(error.message).toContain('expired at 2026-10-14T23:59:59.000Z');
  });

  it.each([
    ['Message', 'Hello! This message has another subject.'],
    ['MessageId', '26858270-545e-5848-82a2-e05566af3dd0'],
    ['Subject', 'My other subject'],
    ['Timestamp', '2026-03-06T19:53:21.425Z'],
    ['Signature', `${'A'.repeat(340)}==`],
  ])('refuses the notification with its %s changed (invalid_signature)', async (field, value) => {
    const server = await serve(sns(AWS.certificatePem));
    const body = AWS.messages.notificationWithSubject as string;
    const tampered = changed(body, (envelope) => {
      envelope[field] = value;
    });
    await expect(
      verify(awsSns({ topicArn: AWS.topicArn, fetch: server.fetch }), tampered, at(timeOf(body))),
    ).rejects.toMatchObject({ code: 'invalid_signature', status: 401 });
  });

  it.each([
    ['Message', 'You have chosen to subscribe.'],
    ['MessageId', 'f3f2fc87-c426-4c2f-9044-b55890c0939d'],
    ['SubscribeURL', 'https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&Token=1'],
    ['Timestamp', '2026-03-06T19:31:32.896Z'],
    ['Token', '2336412f37fb687f5d51e6e2425929f52e8e353134fe72d55ef8b330217d82da'],
    ['TopicArn', 'arn:aws:sns:us-west-2:131990247566:dongie-other-topic'],
    ['Type', 'UnsubscribeConfirmation'],
  ])(
    'refuses the subscription confirmation with its %s changed (invalid_signature)',
    async (field, value) => {
      const server = await serve(sns(AWS.certificatePem));
      const body = AWS.messages.subscriptionConfirmation as string;
      const tampered = changed(body, (envelope) => {
        envelope[field] = value;
      });
      await expect(
        verify(
          awsSns({
            topicArn: [AWS.topicArn, 'arn:aws:sns:us-west-2:131990247566:dongie-other-topic'],
            fetch: server.fetch,
          }),
          tampered,
          at(timeOf(body)),
        ),
      ).rejects.toMatchObject({ code: 'invalid_signature' });
    },
  );

  it('leaves the unsigned fields unchecked, as SNS signs none of them', async () => {
    const server = await serve(sns(AWS.certificatePem));
    const body = AWS.messages.notificationWithSubject as string;
    const verified = await verify(
      awsSns({ topicArn: AWS.topicArn, fetch: server.fetch }),
      changed(body, (envelope) => {
        envelope.UnsubscribeURL = 'https://example.com/';
        envelope.MessageAttributes = { unsigned: { Type: 'String', Value: 'x' } };
      }),
      at(timeOf(body)),
    );
    expect(verified.payload.MessageAttributes).toEqual({
      unsigned: { Type: 'String', Value: 'x' },
    });
  });

  it('explains with explainAsync once the certificate is fetched; explain() says to use it', async () => {
    const server = await serve(sns(AWS.certificatePem));
    const route = awsSns({ topicArn: AWS.topicArn, fetch: server.fetch });
    const body = AWS.messages.notificationWithSubject as string;
    expect(() => explain(route, request(body), at(timeOf(body)))).toThrow(/use explainAsync\(\)/);
    const explanation = await explainAsync(route, request(body), at(timeOf(body)));
    expect(explanation.verdict).toEqual({ ok: true, matchedKey: AWS.signingCertUrl });
    expect(explanation.algorithm).toBe('RSA PKCS#1 v1.5 with SHA-1');
    expect(explanation.stringToSign?.text).toBe(
      [
        'Message',
        'Hello! This message has a subject.',
        'MessageId',
        '26858270-545e-5848-82a2-e05566af3dcf',
        'Subject',
        'My message subject',
        'Timestamp',
        '2026-03-06T19:53:21.424Z',
        'TopicArn',
        AWS.topicArn,
        'Type',
        'Notification',
        '',
      ].join('\\n'),
    );
    const version2 = AWS.messages.notificationSignatureVersion2 as string;
    const explained = await explainAsync(route, request(version2), at(timeOf(version2)));
    expect(explained.algorithm).toBe('RSA PKCS#1 v1.5 with SHA-256');
    expect(explained.verdict.ok).toBe(true);
  });
});

describe('aws-sns: messages signed with the test key', () => {
  it('signs a notification that verifies, with and without a Subject', async () => {
    const server = await snsServer();
    for (const subject of ['Shipping', undefined]) {
      const message = signed(server, subject === undefined ? {} : { subject });
      const verified = await verify(scheme(server), message, { now: () => NOW });
      expect(verified.payload).toMatchObject({
        Type: 'Notification',
        TopicArn: TOPIC,
        Message: 'order 42 shipped',
        SignatureVersion: '2',
        SigningCertURL: CERT_URL,
      });
      expect('Subject' in verified.payload).toBe(subject !== undefined);
      expect(message.headers).toMatchObject({
        'content-type': TEXT,
        'x-amz-sns-message-type': 'Notification',
        'x-amz-sns-topic-arn': TOPIC,
      });
    }
  });

  it('takes a null Subject as no Subject', async () => {
    const server = await snsServer();
    const message = signed(server);
    const verified = await verify(
      scheme(server),
      changed(message.body, (envelope) => {
        envelope.Subject = null;
      }),
      { now: () => NOW },
    );
    expect(verified.payload.Subject).toBeNull();
  });

  it('refuses a message from a topic that is not the route’s (unexpected_sender, 403)', async () => {
    const server = await snsServer();
    const message = signed(server, { topicArn: OTHER_TOPIC });
    await expect(verify(scheme(server), message, { now: () => NOW })).rejects.toMatchObject({
      code: 'unexpected_sender',
      status: 403,
    });
    const both = scheme(server, { topicArn: [TOPIC, OTHER_TOPIC] });
    await expect(verify(both, message, { now: () => NOW })).resolves.toBeDefined();
  });

  it('keys replays on the signed MessageId: a retry signed again is refused once handled', async () => {
    const server = await snsServer();
    const replayStore = new MemoryReplayStore();
    const first = signed(server, { messageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b' });
    const accepted = await verify(scheme(server), first, { now: () => NOW, replayStore });
    await accepted.replayClaim?.commit();
    const retry = sign(
      scheme(server),
      { message: 'order 42 shipped', messageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b' },
      { now: () => NOW + 20_000 },
    );
    await expect(
      verify(scheme(server), request(String(retry.body)), { now: () => NOW + 20_000, replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  describe('the Timestamp window', () => {
    it('accepts a message 3900 s old (SNS retries for up to 3600 s) and refuses one 3901 s old', async () => {
      const server = await snsServer();
      const message = signed(server);
      await expect(
        verify(scheme(server), message, { now: () => NOW + 3_900_000 }),
      ).resolves.toBeDefined();
      await expect(
        verify(scheme(server), message, { now: () => NOW + 3_901_000 }),
      ).rejects.toMatchObject({ code: 'timestamp_out_of_tolerance' });
    });

    it('takes another tolerance, or none', async () => {
      const server = await snsServer();
      const message = signed(server);
      await expect(
        verify(scheme(server, { tolerance: 300 }), message, { now: () => NOW + 301_000 }),
      ).rejects.toMatchObject({ code: 'timestamp_out_of_tolerance' });
      await expect(
        verify(scheme(server, { tolerance: false }), message, { now: () => NOW + 86_400_000 }),
      ).resolves.toBeDefined();
    });

    it('refuses a Timestamp that is not UTC ISO-8601, even correctly signed', async () => {
      const server = await snsServer();
      const body = String(signed(server).body).replace(
        /"Timestamp":"[^"]+"/,
        '"Timestamp":"2027-01-15T11:00:00+01:00"',
      );
      // Re-signed over the changed text: only the format is wrong.
      const envelope = JSON.parse(body) as Record<string, string>;
      const text = `Message\n${envelope.Message}\nMessageId\n${envelope.MessageId}\nTimestamp\n${envelope.Timestamp}\nTopicArn\n${envelope.TopicArn}\nType\nNotification\n`;
      envelope.Signature = opensslSign(
        'sha256',
        Buffer.from(text),
        createPrivateKey({
          key: Buffer.from(TEST_CERTIFICATE.privateKeyPkcs8Base64, 'base64'),
          format: 'der',
          type: 'pkcs8',
        }),
      ).toString('base64');
      await expect(
        verify(scheme(server), request(JSON.stringify(envelope)), { now: () => NOW }),
      ).rejects.toMatchObject({ code: 'timestamp_out_of_tolerance' });
    });
  });

  describe('signature versions', () => {
    it('signs and verifies version 1 (SHA1withRSA) and version 2 (SHA256withRSA)', async () => {
      const server = await snsServer();
      for (const version of ['1', '2'] as const) {
        const message = signed(server, { signatureVersion: version });
        const verified = await verify(scheme(server), message, { now: () => NOW });
        expect(verified.payload.SignatureVersion).toBe(version);
      }
    });

    it('signs with version 1 where the route accepts only it', async () => {
      const server = await snsServer();
      const only1 = scheme(server, { signatureVersions: ['1'] });
      const message = sign(only1, { message: 'x' }, { now: () => NOW });
      expect(JSON.parse(String(message.body)).SignatureVersion).toBe('1');
      await expect(
        verify(only1, request(String(message.body)), { now: () => NOW }),
      ).resolves.toBeDefined();
    });

    it.each([
      ['a version the route does not list', '1', ['2']],
      ['an unknown version', '3', ['1', '2']],
      ['a version that is not text', 2, ['1', '2']],
      ['no version', undefined, ['1', '2']],
    ] as const)(
      'refuses %s with invalid_signature, fetching nothing',
      async (_, version, versions) => {
        const server = await snsServer();
        const message = changed(signed(server).body, (envelope) => {
          envelope.SignatureVersion = version;
        });
        await expect(
          verify(scheme(server, { signatureVersions: versions }), message, { now: () => NOW }),
        ).rejects.toMatchObject({ code: 'invalid_signature' });
        expect(server.requests).toEqual([]);
      },
    );

    it('refuses a version 2 signature relabelled as version 1: PKCS#1 names its hash', async () => {
      const server = await snsServer();
      const message = changed(signed(server).body, (envelope) => {
        envelope.SignatureVersion = '1';
      });
      await expect(verify(scheme(server), message, { now: () => NOW })).rejects.toMatchObject({
        code: 'invalid_signature',
      });
    });
  });

  describe('what is not an SNS message', () => {
    it.each([
      ['not JSON', 'Type=Notification'],
      ['not an object', '["Notification"]'],
      ['no Type (raw message delivery)', '{"order":42}'],
      ['an unknown Type', '{"Type":"Notice"}'],
      ['a signed field that is not text', '{"Type":"Notification","Message":{"order":42}}'],
      [
        'a confirmation without its Token',
        '{"Type":"SubscriptionConfirmation","Message":"m","MessageId":"1","SubscribeURL":"https://sns.us-east-1.amazonaws.com/","Timestamp":"2027-01-15T10:00:00.000Z"}',
      ],
    ])('refuses %s as malformed_request, fetching nothing', async (_, body) => {
      const server = await snsServer();
      await expect(verify(scheme(server), request(body), { now: () => NOW })).rejects.toMatchObject(
        { code: 'malformed_request', status: 400 },
      );
      expect(server.requests).toEqual([]);
    });

    it('refuses text moved between fields, which would keep the signature', async () => {
      // Subject "Shipping" signed, then the same string read with no Subject and a MessageId
      // that carries it: `MessageId\nid\nSubject\nShipping\n` either way.
      const server = await snsServer();
      const message = signed(server, { subject: 'Shipping' });
      const shifted = changed(message.body, (envelope) => {
        envelope.MessageId = `${envelope.MessageId}\nSubject\nShipping`;
        delete envelope.Subject;
      });
      const error = await verify(scheme(server), shifted, { now: () => NOW }).catch(
        (reason) => reason,
      );
      expect(error).toMatchObject({ code: 'malformed_request' });
      expect(error.message).toContain('MessageId holds a control character');
    });

    it.each([
      ['a lone high surrogate', '\ud800x'],
      ['a lone low surrogate', 'x\udc00'],
      ['a high surrogate at the end', 'x\ud800'],
    ])('refuses a Message with %s: UTF-8 would turn it into U+FFFD', async (_, text) => {
      const server = await snsServer();
      const message = changed(signed(server).body, (envelope) => {
        envelope.Message = text;
      });
      await expect(verify(scheme(server), message, { now: () => NOW })).rejects.toMatchObject({
        code: 'malformed_request',
      });
    });

    it('accepts a Message with line breaks and characters outside the BMP', async () => {
      const server = await snsServer();
      const message = signed(server, { message: 'line 1\nline 2 🚚' });
      const verified = await verify(scheme(server), message, { now: () => NOW });
      expect(verified.payload.Message).toBe('line 1\nline 2 🚚');
    });

    it.each([
      ['Signature', 'missing_signature'],
      ['SigningCertURL', 'missing_signature'],
    ])('refuses a message without %s (%s), fetching nothing', async (field, code) => {
      const server = await snsServer();
      const message = changed(signed(server).body, (envelope) => {
        delete envelope[field];
      });
      await expect(verify(scheme(server), message, { now: () => NOW })).rejects.toMatchObject({
        code,
      });
      expect(server.requests).toEqual([]);
    });
  });

  describe('fetching the certificate', () => {
    it.each([
      ['plain http', 'http://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem'],
      ['another host', 'https://sns.us-east-1.amazonaws.com.evil.example/cert.pem'],
      ["an S3 bucket named sns (S3's legacy host)", 'https://sns.s3.amazonaws.com/cert.pem'],
      [
        "an S3 bucket named sns on S3's legacy regional host",
        'https://sns.s3-us-west-2.amazonaws.com/cert.pem',
      ],
      ['a port', 'https://sns.us-east-1.amazonaws.com:8443/SimpleNotificationService-1.pem'],
      ['user info', 'https://x@sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem'],
      ['a path that is not a .pem', 'https://sns.us-east-1.amazonaws.com/?Action=Publish'],
      ['a query after the .pem', 'https://sns.us-east-1.amazonaws.com/a.pem?Action=Publish'],
      ['a fragment', 'https://sns.us-east-1.amazonaws.com/a.pem#x'],
      ['no path', 'https://sns.us-east-1.amazonaws.com'],
    ])(
      'refuses a SigningCertURL with %s as untrusted_key_url, and fetches nothing',
      async (_, url) => {
        const server = await snsServer();
        const message = changed(signed(server).body, (envelope) => {
          envelope.SigningCertURL = url;
        });
        await expect(verify(scheme(server), message, { now: () => NOW })).rejects.toMatchObject({
          code: 'untrusted_key_url',
          status: 401,
        });
        expect(server.fetched).toEqual([]);
        expect(server.requests).toEqual([]);
      },
    );

    it('takes the China regions’ host (amazonaws.com.cn)', async () => {
      const server = await snsServer();
      const china = 'https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-1.pem';
      const message = signed(server, {}, { signingCertUrl: china });
      await expect(verify(scheme(server), message, { now: () => NOW })).resolves.toMatchObject({
        matchedKey: china,
      });
      expect(server.fetched).toEqual([china]);
    });

    it('answers key_unavailable (503) when the server fails, and fetches again for the next message', async () => {
      let failing = true;
      const server = await serve((received, response, written) => {
        if (!failing) return sns()(received, response, written);
        response.writeHead(500);
        response.end('down');
      });
      const message = signed(server);
      await expect(verify(scheme(server), message, { now: () => NOW })).rejects.toMatchObject({
        code: 'key_unavailable',
        status: 503,
      });
      failing = false;
      await expect(verify(scheme(server), message, { now: () => NOW })).resolves.toBeDefined();
      expect(server.requests).toHaveLength(2);
    });

    it('answers key_unavailable when the server is slower than keyFetchTimeout', async () => {
      const server = await serve(() => {
        // Never answers.
      });
      const started = Date.now();
      await expect(
        verify(scheme(server, { keyFetchTimeout: 200 }), signed(server), { now: () => NOW }),
      ).rejects.toMatchObject({ code: 'key_unavailable' });
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('answers key_unavailable for a huge answer, and stops reading it', async () => {
      const server = await serve((_received, response, written) => {
        response.writeHead(200, { 'content-type': 'application/x-pem-file' });
        writeLazily(response, 50 * 1024 * 1024, written);
      });
      await expect(
        verify(scheme(server), signed(server), { now: () => NOW }),
      ).rejects.toMatchObject({ code: 'key_unavailable' });
      const [closed] = await server.closedCount(1);
      expect(closed?.finished).toBe(false);
      expect(closed?.bytesWritten).toBeLessThan(10 * 1024 * 1024);
    });

    it('answers key_unavailable for a certificate with another kind of key', async () => {
      const ed25519 = generateKeyPairSync('ed25519').publicKey.export({
        type: 'spki',
        format: 'pem',
      });
      const server = await serve(sns(String(ed25519)));
      await expect(
        verify(scheme(server), signed(server), { now: () => NOW }),
      ).rejects.toMatchObject({ code: 'key_unavailable' });
    });

    it('stops fetching after maxKeyFetchesPerMinute certificates in a minute', async () => {
      const server = await serve((_received, response) => {
        response.writeHead(404);
        response.end();
      });
      const route = scheme(server, { maxKeyFetchesPerMinute: 2 });
      for (const n of [1, 2, 3]) {
        const url = `https://sns.us-east-1.amazonaws.com/SimpleNotificationService-${n}.pem`;
        await expect(
          verify(route, signed(server, {}, { signingCertUrl: url }), { now: () => NOW }),
        ).rejects.toMatchObject({ code: 'key_unavailable' });
      }
      expect(server.requests).toHaveLength(2);
    });
  });
});

describe('aws-sns: subscription confirmations', () => {
  const confirmation = (server: KeyServer, input = {}) =>
    signed(server, {
      type: 'SubscriptionConfirmation',
      message: 'You have chosen to subscribe…',
      ...input,
    });

  it('hands a verified SubscriptionConfirmation to the handler by default, fetching only the certificate', async () => {
    const server = await snsServer();
    const route = webhookRoute(scheme(server), { now: () => NOW }, ['respond'], 'test');
    const outcome = await route.handle(confirmation(server, { token: 'token-1' }));
    expect(outcome.kind).toBe('webhook');
    if (outcome.kind !== 'webhook') return;
    expect(outcome.webhook.payload).toMatchObject({
      Type: 'SubscriptionConfirmation',
      Token: 'token-1',
      SubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=token-1`,
    });
    expect(server.requests.map((received) => received.url)).toEqual([new URL(CERT_URL).pathname]);
  });

  it('with confirmSubscription, GETs the signed SubscribeURL and answers an empty 200', async () => {
    const server = await snsServer();
    const route = webhookRoute(
      scheme(server, { confirmSubscription: true }),
      { now: () => NOW },
      ['respond'],
      'test',
    );
    const outcome = await route.handle(confirmation(server, { token: 'token-2' }));
    expect(outcome).toEqual({
      kind: 'handshake',
      handshake: {
        name: 'aws-sns.subscription_confirmation',
        reply: { status: 200, headers: {}, body: '' },
        perform: expect.any(Function),
      },
    });
    expect(server.requests.map((received) => [received.method, received.url])).toEqual([
      ['GET', new URL(CERT_URL).pathname],
      ['GET', `/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=token-2`],
    ]);
  });

  it('hands notifications and unsubscribe confirmations to the handler all the same', async () => {
    const server = await snsServer();
    const route = webhookRoute(
      scheme(server, { confirmSubscription: true }),
      { now: () => NOW },
      ['respond'],
      'test',
    );
    for (const type of ['Notification', 'UnsubscribeConfirmation'] as const) {
      const outcome = await route.handle(signed(server, { type }));
      expect(outcome.kind).toBe('webhook');
    }
    expect(server.requests).toHaveLength(1);
  });

  it('never confirms a subscription to a topic that is not the route’s', async () => {
    const server = await snsServer();
    const route = webhookRoute(
      scheme(server, { confirmSubscription: true }),
      { now: () => NOW },
      ['respond'],
      'test',
    );
    await expect(
      route.handle(confirmation(server, { topicArn: OTHER_TOPIC })),
    ).rejects.toMatchObject({ code: 'unexpected_sender' });
    expect(server.requests.map((received) => received.url)).toEqual([new URL(CERT_URL).pathname]);
  });

  it('never confirms a forged confirmation', async () => {
    const server = await snsServer();
    const route = webhookRoute(
      scheme(server, { confirmSubscription: true }),
      { now: () => NOW },
      ['respond'],
      'test',
    );
    const forged = changed(confirmation(server).body, (envelope) => {
      envelope.SubscribeURL = `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=forged`;
    });
    await expect(route.handle(forged)).rejects.toMatchObject({ code: 'invalid_signature' });
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    [
      'another action',
      `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&TopicArn=${TOPIC}`,
      'malformed_request',
    ],
    [
      'another topic',
      `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${OTHER_TOPIC}`,
      'malformed_request',
    ],
    [
      'another path',
      `https://sns.us-east-1.amazonaws.com/x?Action=ConfirmSubscription&TopicArn=${TOPIC}`,
      'malformed_request',
    ],
    [
      'a host outside SNS',
      `https://example.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}`,
      'untrusted_key_url',
    ],
  ])('refuses to GET a signed SubscribeURL with %s', async (_, subscribeUrl, code) => {
    const server = await snsServer();
    const route = webhookRoute(
      scheme(server, { confirmSubscription: true }),
      { now: () => NOW },
      ['respond'],
      'test',
    );
    await expect(route.handle(confirmation(server, { subscribeUrl }))).rejects.toMatchObject({
      code,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('answers handshake_failed (503) when the GET fails or is too slow; SNS retries', async () => {
    const down = await serve(
      sns(undefined, (_received, response) => {
        response.writeHead(500);
        response.end('<Error/>');
      }),
    );
    const route = webhookRoute(
      scheme(down, { confirmSubscription: true }),
      { now: () => NOW },
      ['respond'],
      'test',
    );
    const error = await route
      .handle(confirmation(down, { token: 'secret-token' }))
      .catch((reason) => reason);
    expect(error).toMatchObject({ code: 'handshake_failed', status: 503 });
    expect(error.message).toContain('the server answered HTTP 500, not 200');
    expect(error.message).not.toContain('secret-token');

    const slow = await serve(
      sns(undefined, () => {
        // Never answers.
      }),
    );
    const slowRoute = webhookRoute(
      scheme(slow, { confirmSubscription: true, keyFetchTimeout: 200 }),
      { now: () => NOW },
      ['respond'],
      'test',
    );
    await expect(slowRoute.handle(confirmation(slow))).rejects.toMatchObject({
      code: 'handshake_failed',
    });
  });

  it("with handshakes: 'pass', hands the confirmation to the handler, which confirms with perform()", async () => {
    const server = await snsServer();
    const route = webhookRoute(
      scheme(server, { confirmSubscription: true }),
      { now: () => NOW, handshakes: 'pass' },
      ['respond'],
      'test',
    );
    const outcome = await route.handle(confirmation(server, { token: 'token-3' }));
    expect(outcome.kind).toBe('webhook');
    if (outcome.kind !== 'webhook') return;
    expect(server.requests).toHaveLength(1);
    await outcome.webhook.handshake?.perform?.();
    expect(server.requests.at(-1)?.url).toBe(
      `/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=token-3`,
    );
  });

  it('explains a confirmation as the handshake it is, without confirming it', async () => {
    const server = await snsServer();
    const explanation = await explainAsync(
      scheme(server, { confirmSubscription: true }),
      confirmation(server),
      { now: () => NOW },
    );
    expect(explanation.handshake).toMatchObject({
      name: 'aws-sns.subscription_confirmation',
      signed: true,
      reply: { status: 200, body: '' },
    });
    expect(server.requests).toHaveLength(1);
  });
});

describe('aws-sns: configuration', () => {
  it.each([
    ['no options', undefined],
    ['no topicArn', {}],
    ['an empty list', { topicArn: [] }],
    ['a topic name, not an ARN', { topicArn: 'orders' }],
    ['an ARN of another service', { topicArn: 'arn:aws:sqs:us-east-1:123456789012:orders' }],
  ])('refuses %s with a TypeError', (_, options) => {
    expect(() => awsSns(options as never)).toThrow(/topicArn must be the topic's ARN/);
  });

  it('takes ARNs of every partition and FIFO topics', () => {
    expect(() =>
      awsSns({
        topicArn: [
          'arn:aws-cn:sns:cn-north-1:123456789012:orders',
          'arn:aws-us-gov:sns:us-gov-west-1:123456789012:orders',
          'arn:aws:sns:eu-west-1:123456789012:orders.fifo',
        ],
      }),
    ).not.toThrow();
  });

  it.each([[[]], [['3']], [[1]], ['2']])('refuses signatureVersions %j', (versions) => {
    expect(() => awsSns({ topicArn: TOPIC, signatureVersions: versions as never })).toThrow(
      /signatureVersions/,
    );
  });

  it('refuses a bad tolerance, and a replayTtl shorter than twice it', () => {
    expect(() => awsSns({ topicArn: TOPIC, tolerance: -1 })).toThrow(/tolerance/);
    expect(() => awsSns({ topicArn: TOPIC, replayTtl: 60 })).toThrow(/replayTtl/);
    expect(awsSns({ topicArn: TOPIC }).replayTtlSeconds).toBe(7800);
  });

  it('signs only with signingCertUrl and a known type', () => {
    const withoutUrl = awsSns({
      topicArn: TOPIC,
      privateKey: TEST_CERTIFICATE.privateKeyPkcs8Base64,
    });
    expect(() => sign(withoutUrl, { message: 'x' })).toThrow(/signingCertUrl/);
    const server = { fetch: globalThis.fetch } as KeyServer;
    expect(() => sign(scheme(server), { message: 'x', type: 'Publish' as never })).toThrow(
      /type must be/,
    );
  });
});
