import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as opensslSign,
} from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { hmacValidator as AdyenHmacValidator } from '@adyen/api-library';
import { verifyWebhook as clerkVerifyWebhook } from '@clerk/backend/webhooks';
import {
  type AwsSnsOptions,
  type AwsSnsSignInput,
  adyen,
  awsSns,
  box,
  braintree,
  cashfree,
  clerk,
  coinbaseCommerce,
  discord,
  github,
  gocardless,
  hubspot,
  linear,
  mercadoPago,
  meta,
  mollie,
  PROVIDERS,
  type ProviderEntry,
  paddle,
  phonepe,
  polar,
  razorpay,
  resend,
  sendgrid,
  sign,
  slack,
  smileId,
  square,
  standardWebhooks,
  stripe,
  svix,
  telegram,
  telnyx,
  twilio,
  verify,
  type WebhookRequest,
  type WebhookScheme,
  workos,
  zoom,
} from '@hookguard/core';
import { Signature as HubspotSignature } from '@hubspot/api-client';
import { LinearWebhookClient } from '@linear/sdk/webhooks';
import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { Paddle } from '@paddle/paddle-node-sdk';
import {
  WebhookVerificationError as PolarVerificationError,
  validateEvent as polarValidateEvent,
} from '@polar-sh/sdk/webhooks';
import { EventWebhook } from '@sendgrid/eventwebhook';
import { isValidSlackRequest } from '@slack/bolt';
import { WorkOS } from '@workos-inc/node';
import { AwsLambdaReceiver as ZoomAwsLambdaReceiver } from '@zoom/rivet/users';
import { computeWebhookSignature as boxComputeSignature } from 'box-node-sdk/internal/utils';
import { WebhooksManager as BoxWebhooks } from 'box-node-sdk/managers/webhooks';
import braintreeSdk from 'braintree';
import { Cashfree, CFEnvironment } from 'cashfree-pg';
import { verifyKey as discordVerifyKey } from 'discord-interactions';
import fc from 'fast-check';
import * as gocardlessWebhooks from 'gocardless-nodejs/webhooks';
import { Bot as GrammyBot, webhookCallback as grammyWebhookCallback } from 'grammy';
import {
  InvalidWebhookSignatureError as MercadoPagoSignatureError,
  WebhookSignatureValidator as MercadoPagoValidator,
} from 'mercadopago';
import {
  InvalidSignatureException as MollieSignatureError,
  SignatureValidator as MollieValidator,
} from 'mollie-api-typescript';
import Razorpay from 'razorpay';
import { Resend } from 'resend';
import smileCore from 'smile-identity-core';
import MessageValidator from 'sns-validator';
import { WebhooksHelper as SquareWebhooksHelper } from 'square';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { Webhook as SvixWebhook } from 'svix';
import { TelnyxWebhook } from 'telnyx/lib/webhooks';
import twilioSdk from 'twilio';
import { describe, expect, it, vi } from 'vitest';

// Meta's WhatsApp SDK exports only its client (its `exports` map hides the rest); its signing
// helper is read from the published build beside the entry point.
const requireFromHere = createRequire(import.meta.url);
const { generateXHub256Sig } = requireFromHere(
  join(dirname(requireFromHere.resolve('whatsapp')), 'utils.js'),
) as { generateXHub256Sig(body: string, appSecret: string): string };
// coinbase-commerce-node ships no types: the two functions checked against, as its lib/Webhook.js has them.
const coinbaseSdk = requireFromHere('coinbase-commerce-node') as {
  Webhook: {
    computeSignature(payload: string, secret: string): string;
    verifySigHeader(payload: string, sigHeader: string, secret: string): true;
  };
};

// Each vendor's own SDK against hookguard, both ways where the SDK can sign: what the SDK
// signs verifies in hookguard, and what hookguard signs verifies in the SDK. Arbitrary
// payloads (fast-check), real secrets' shapes, the current time.

const RUNS = { numRuns: 40 };

/** The providers cross-checked below. */
const CROSS_CHECKED = new Set<string>();

/** Cross-checks provider `id` against the SDK its entry in PROVIDERS names. */
function crossCheck(id: string, checks: () => void): void {
  const entry = (PROVIDERS as readonly ProviderEntry[]).find((provider) => provider.id === id);
  CROSS_CHECKED.add(id);
  describe(`${id} (${entry?.checkedAgainst.sdk?.package ?? 'no SDK named in PROVIDERS'})`, checks);
}

const payload = fc
  .jsonValue({ maxDepth: 3, stringUnit: 'grapheme' })
  .map((value) => JSON.stringify({ data: value }));
const secretText = fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/);

async function accepted(scheme: WebhookScheme, request: WebhookRequest, now = Date.now()) {
  return verify(scheme, request, { now: () => now });
}

crossCheck('stripe', () => {
  const sdk = new Stripe('sk_test_cross_check');
  it('verifies what generateTestHeaderString signs, and constructEvent accepts what hookguard signs', async () => {
    await fc.assert(
      fc.asyncProperty(payload, secretText, async (body, raw) => {
        const secret = `whsec_${raw}`;
        const scheme = stripe({ secret });
        const header = sdk.webhooks.generateTestHeaderString({ payload: body, secret });
        await expect(
          accepted(scheme, {
            method: 'POST',
            url: '/',
            headers: { 'content-type': 'application/json', 'stripe-signature': header },
            body,
          }),
        ).resolves.toBeDefined();
        const signed = sign(scheme, { body });
        expect(
          sdk.webhooks.constructEvent(
            String(signed.body),
            String(signed.headers['stripe-signature']),
            secret,
          ),
        ).toEqual(JSON.parse(body));
      }),
      RUNS,
    );
  });
});

crossCheck('github', () => {
  it('verifies what octokit signs, and octokit verifies what hookguard signs', async () => {
    await fc.assert(
      fc.asyncProperty(payload, secretText, async (body, secret) => {
        const scheme = github({ secret });
        const signature = await octokitSign(secret, body);
        await expect(
          accepted(scheme, {
            method: 'POST',
            url: '/',
            headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
            body,
          }),
        ).resolves.toBeDefined();
        const signed = sign(scheme, { body });
        expect(
          await octokitVerify(
            secret,
            String(signed.body),
            String(signed.headers['x-hub-signature-256']),
          ),
        ).toBe(true);
      }),
      RUNS,
    );
  });

  it('form posts: verifies what octokit signs over the raw form body, and octokit verifies what hookguard signs', async () => {
    // GitHub's form content type: payload=<the JSON, form-encoded>, signed as sent.
    await fc.assert(
      fc.asyncProperty(payload, secretText, async (json, secret) => {
        const scheme = github({ secret });
        const body = new URLSearchParams({ payload: json }).toString();
        const headers = { 'content-type': 'application/x-www-form-urlencoded' };
        const verified = await accepted(scheme, {
          method: 'POST',
          url: '/',
          headers: { ...headers, 'x-hub-signature-256': await octokitSign(secret, body) },
          body,
        });
        expect(verified.payload).toEqual(JSON.parse(json));
        const signed = sign(scheme, { body, headers });
        expect(
          await octokitVerify(secret, body, String(signed.headers['x-hub-signature-256'])),
        ).toBe(true);
        // Octokit over the JSON alone is not GitHub's signature of a form post.
        await expect(
          accepted(scheme, {
            method: 'POST',
            url: '/',
            headers: { ...headers, 'x-hub-signature-256': await octokitSign(secret, json) },
            body,
          }),
        ).rejects.toMatchObject({ code: 'invalid_signature' });
      }),
      RUNS,
    );
  });
});

/** A fresh Ed25519 key pair as Discord shows it: the public key and the seed, each in hex. */
function discordKeys(): { publicKey: string; privateKey: string } {
  const pair = generateKeyPairSync('ed25519');
  const raw = (der: Buffer, prefix: number) => der.subarray(prefix).toString('hex');
  return {
    publicKey: raw(createPublicKey(pair.privateKey).export({ type: 'spki', format: 'der' }), 12),
    privateKey: raw(pair.privateKey.export({ type: 'pkcs8', format: 'der' }), 16),
  };
}

crossCheck('discord', () => {
  // discord-interactions only verifies; OpenSSL (node:crypto) signs what hookguard must accept.
  it('verifies what OpenSSL signs, and verifyKey accepts what hookguard signs', async () => {
    await fc.assert(
      fc.asyncProperty(payload, async (body) => {
        const keys = discordKeys();
        const scheme = discord(keys);
        const timestamp = String(Math.floor(Date.now() / 1000));
        const pkcs8 = Buffer.concat([
          Buffer.from('302e020100300506032b657004220420', 'hex'),
          Buffer.from(keys.privateKey, 'hex'),
        ]);
        const signature = opensslSign(null, Buffer.from(timestamp + body), {
          key: pkcs8,
          format: 'der',
          type: 'pkcs8',
        }).toString('hex');
        const headers = {
          'content-type': 'application/json',
          'x-signature-ed25519': signature,
          'x-signature-timestamp': timestamp,
        };
        await expect(
          accepted(scheme, { method: 'POST', url: '/', headers, body }),
        ).resolves.toBeDefined();
        const signed = sign(scheme, { body });
        const ours = signed.headers as Record<string, string>;
        expect(
          await discordVerifyKey(
            String(signed.body),
            String(ours['x-signature-ed25519']),
            String(ours['x-signature-timestamp']),
            keys.publicKey,
          ),
        ).toBe(true);
        expect(
          await discordVerifyKey(
            `${String(signed.body)} `,
            String(ours['x-signature-ed25519']),
            String(ours['x-signature-timestamp']),
            keys.publicKey,
          ),
        ).toBe(false);
      }),
      { numRuns: 20 },
    );
  });
});

crossCheck('telnyx', () => {
  // The SDK only verifies; OpenSSL (node:crypto) signs what hookguard must accept.
  it('verifies what OpenSSL signs, and TelnyxWebhook accepts what hookguard signs', async () => {
    await fc.assert(
      fc.asyncProperty(payload, async (body) => {
        const pair = generateKeyPairSync('ed25519');
        const publicKey = createPublicKey(pair.privateKey)
          .export({ type: 'spki', format: 'der' })
          .subarray(12)
          .toString('base64');
        const privateKey = pair.privateKey
          .export({ type: 'pkcs8', format: 'der' })
          .subarray(16)
          .toString('base64');
        const scheme = telnyx({ publicKey, privateKey });
        const timestamp = String(Math.floor(Date.now() / 1000));
        const headers = {
          'content-type': 'application/json',
          'telnyx-signature-ed25519': opensslSign(
            null,
            Buffer.from(`${timestamp}|${body}`),
            pair.privateKey,
          ).toString('base64'),
          'telnyx-timestamp': timestamp,
        };
        await expect(
          accepted(scheme, { method: 'POST', url: '/', headers, body }),
        ).resolves.toBeDefined();
        const signed = sign(scheme, { body });
        const sdk = new TelnyxWebhook(publicKey);
        await expect(sdk.verify(String(signed.body), signed.headers)).resolves.toBeUndefined();
        await expect(sdk.verify(`${String(signed.body)} `, signed.headers)).rejects.toThrow(
          /does not match/,
        );
      }),
      { numRuns: 20 },
    );
  });
});

crossCheck('sendgrid', () => {
  // The SDK only verifies; OpenSSL (node:crypto) signs what hookguard must accept.
  const sdk = new EventWebhook();
  const SIGNATURE = 'x-twilio-email-event-webhook-signature';
  const TIMESTAMP = 'x-twilio-email-event-webhook-timestamp';
  const sdkVerifies = (publicKey: string, body: string, signature: string, timestamp: string) =>
    sdk.verifySignature(sdk.convertPublicKeyToECDSA(publicKey), body, signature, timestamp);

  it('verifies what OpenSSL signs (DER), and verifySignature accepts what hookguard signs', async () => {
    await fc.assert(
      fc.asyncProperty(payload, async (event) => {
        // SendGrid posts an array of events, ending in CRLF.
        const body = `[${event}]\r\n`;
        const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const publicKey = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
        const privateKey = pair.privateKey
          .export({ type: 'pkcs8', format: 'der' })
          .toString('base64');
        const scheme = sendgrid({ publicKey, privateKey });
        const timestamp = String(Math.floor(Date.now() / 1000));
        const headers = {
          'content-type': 'application/json',
          [SIGNATURE]: opensslSign('sha256', Buffer.from(timestamp + body), {
            key: pair.privateKey,
            dsaEncoding: 'der',
          }).toString('base64'),
          [TIMESTAMP]: timestamp,
        };
        await expect(
          accepted(scheme, { method: 'POST', url: '/', headers, body }),
        ).resolves.toBeDefined();
        const signed = sign(scheme, { body });
        const ours = signed.headers as Record<string, string>;
        const [signature, at] = [String(ours[SIGNATURE]), String(ours[TIMESTAMP])];
        expect(sdkVerifies(publicKey, String(signed.body), signature, at)).toBe(true);
        expect(sdkVerifies(publicKey, String(signed.body).trimEnd(), signature, at)).toBe(false);
        expect(sdkVerifies(publicKey, String(signed.body), signature, String(Number(at) + 1))).toBe(
          false,
        );
      }),
      { numRuns: 20 },
    );
  });

  // The fixture SendGrid's SDKs share (sendgrid-nodejs eventwebhook.spec.js, 2020): the SDK
  // and hookguard agree on it and on each tampered form of it.
  const FIXTURE = {
    publicKey:
      'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==',
    signature:
      'MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=',
    timestamp: '1588788367',
    body: '{"category":"example_payload","event":"test_event","message_id":"message_id"}',
  };
  it.each([
    ['the fixture as SendGrid signed it', FIXTURE, true],
    [
      'another body',
      { ...FIXTURE, body: FIXTURE.body.replace('test_event', 'test_events') },
      false,
    ],
    ['another timestamp', { ...FIXTURE, timestamp: '1588788368' }, false],
    [
      'one bit of s changed',
      { ...FIXTURE, signature: FIXTURE.signature.replace('NH2j', 'NH3j') },
      false,
    ],
    [
      'another key',
      {
        ...FIXTURE,
        publicKey:
          'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqTxd43gyp8IOEto2LdIfjRQrIbsd4SXZkLW6jDutdhXSJCWHw8REntlo7aNDthvj+y7GjUuFDb/R1NGe1OPzpA==',
      },
      false,
    ],
  ] as const)('agrees with verifySignature on %s', async (_what, fixture, valid) => {
    expect(sdkVerifies(fixture.publicKey, fixture.body, fixture.signature, fixture.timestamp)).toBe(
      valid,
    );
    const verified = accepted(
      sendgrid({ publicKey: fixture.publicKey }),
      {
        method: 'POST',
        url: '/',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE]: fixture.signature,
          [TIMESTAMP]: fixture.timestamp,
        },
        body: fixture.body,
      },
      Number(fixture.timestamp) * 1000,
    );
    if (valid) await expect(verified).resolves.toMatchObject({ provider: 'sendgrid' });
    else await expect(verified).rejects.toMatchObject({ code: 'invalid_signature' });
  });
});

const whsec = fc
  .uint8Array({ minLength: 24, maxLength: 32 })
  .map((bytes) => `whsec_${Buffer.from(bytes).toString('base64')}`);
for (const [id, prefix, factory, Sdk] of [
  ['standard-webhooks', 'webhook', standardWebhooks, StandardWebhook],
  ['svix', 'svix', svix, SvixWebhook],
] as const) {
  crossCheck(id, () => {
    it('verifies what the SDK signs, and the SDK verifies what hookguard signs', async () => {
      await fc.assert(
        fc.asyncProperty(payload, whsec, async (body, secret) => {
          const scheme = factory({ secret });
          const sdk = new Sdk(secret);
          const id = `msg_${Math.random().toString(36).slice(2)}`;
          const timestamp = new Date();
          const signature = sdk.sign(id, timestamp, body);
          const headers = {
            [`${prefix}-id`]: id,
            [`${prefix}-timestamp`]: String(Math.floor(timestamp.getTime() / 1000)),
            [`${prefix}-signature`]: signature,
          };
          await expect(
            accepted(scheme, {
              method: 'POST',
              url: '/',
              headers: { 'content-type': 'application/json', ...headers },
              body,
            }),
          ).resolves.toBeDefined();
          const signed = sign(scheme, { body });
          expect(sdk.verify(String(signed.body), signed.headers as Record<string, string>)).toEqual(
            JSON.parse(body),
          );
        }),
        RUNS,
      );
    });
  });
}

crossCheck('twilio', () => {
  const params = fc.dictionary(
    fc.stringMatching(/^[A-Z][A-Za-z]{0,12}$/),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    { maxKeys: 20 },
  );
  const token = fc.stringMatching(/^[a-f0-9]{32}$/);
  it('form posts: verifies getExpectedTwilioSignature, and validateRequest accepts what hookguard signs', async () => {
    await fc.assert(
      fc.asyncProperty(params, token, async (fields, authToken) => {
        const scheme = twilio({ authToken, publicUrl: 'https://merchant.example' });
        const url = 'https://merchant.example/sms/incoming?account=1';
        const signature = twilioSdk.getExpectedTwilioSignature(authToken, url, fields);
        const body = new URLSearchParams(fields).toString();
        const request = {
          method: 'POST',
          url: '/sms/incoming?account=1',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': signature,
          },
          body,
        };
        await expect(accepted(scheme, request)).resolves.toBeDefined();
        const signed = sign(scheme, { url: '/sms/incoming?account=1', params: fields });
        expect(
          twilioSdk.validateRequest(
            authToken,
            String(signed.headers['x-twilio-signature']),
            signed.url,
            fields,
          ),
        ).toBe(true);
      }),
      RUNS,
    );
  });

  // Basic-auth credentials as Twilio's console shows them (letters, digits, escapes), an
  // optional non-default port and a path prefix a proxy strips.
  const credentials = fc.tuple(
    fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/),
    fc.stringMatching(/^(?:[A-Za-z0-9!$&'()*+,;=._~-]|%[0-9A-F]{2}){1,16}$/),
  );
  const port = fc.constantFrom('', ':443', ':8443');

  it('credentialed URLs with a path prefix: hookguard signs what getExpectedTwilioSignature signs, validateRequest accepts it, and hookguard verifies the SDK both with and without the default port', async () => {
    await fc.assert(
      fc.asyncProperty(
        params,
        token,
        credentials,
        port,
        async (fields, authToken, [user, pass], at) => {
          const origin = `https://${user}:${pass}@merchant.example${at}`;
          const scheme = twilio({ authToken, publicUrl: `${origin}/twilio` });
          const url = `${origin}/twilio/sms/incoming?account=1`;
          const signed = sign(scheme, { url: '/sms/incoming?account=1', params: fields });
          const expected = twilioSdk.getExpectedTwilioSignature(authToken, signed.url, fields);
          expect(signed.headers['x-twilio-signature']).toBe(expected);
          expect(twilioSdk.validateRequest(authToken, expected, url, fields)).toBe(true);
          const withPort = at === '' ? `https://${user}:${pass}@merchant.example:443` : origin;
          for (const signedUrl of [url, `${withPort}/twilio/sms/incoming?account=1`]) {
            const request = {
              method: 'POST',
              url: '/sms/incoming?account=1',
              headers: {
                'content-type': 'application/x-www-form-urlencoded',
                'x-twilio-signature': twilioSdk.getExpectedTwilioSignature(
                  authToken,
                  signedUrl,
                  fields,
                ),
              },
              body: new URLSearchParams(fields).toString(),
            };
            await expect(accepted(scheme, request)).resolves.toBeDefined();
          }
        },
      ),
      RUNS,
    );
  });

  it('repeated parameters: hookguard verifies what getExpectedTwilioSignature signs for a list, in any order, and validateRequest accepts what hookguard signs', async () => {
    const lists = fc.dictionary(
      fc.stringMatching(/^[A-Z][A-Za-z.]{0,12}$/),
      fc.uniqueArray(fc.string({ unit: 'grapheme', maxLength: 12 }), {
        minLength: 2,
        maxLength: 4,
      }),
      { minKeys: 1, maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(
        params,
        lists,
        token,
        fc.infiniteStream(fc.boolean()),
        async (single, repeated, authToken, flips) => {
          const fields: Record<string, string | string[]> = { ...single, ...repeated };
          const scheme = twilio({ authToken, publicUrl: 'https://merchant.example' });
          const url = 'https://merchant.example/conversations';
          // The entries as a form, each list's values in an arbitrary order.
          const entries = Object.entries(fields).flatMap(([name, value]) =>
            (typeof value === 'string' ? [value] : value).map(
              (item) => [name, item] as [string, string],
            ),
          );
          entries.sort(() => (flips.next().value ? 1 : -1));
          const verified = await accepted(scheme, {
            method: 'POST',
            url: '/conversations',
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              'x-twilio-signature': twilioSdk.getExpectedTwilioSignature(authToken, url, fields),
            },
            body: new URLSearchParams(entries).toString(),
          });
          for (const [name, value] of Object.entries(repeated))
            expect((verified.payload as Record<string, unknown>)[name]).toEqual([...value].sort());
          const signed = sign(scheme, { url: '/conversations', params: fields });
          expect(
            twilioSdk.validateRequest(
              authToken,
              String(signed.headers['x-twilio-signature']),
              url,
              fields,
            ),
          ).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('JSON bodies: validateRequestWithBody accepts what hookguard signs, and hookguard verifies what the SDK signs', async () => {
    await fc.assert(
      fc.asyncProperty(payload, token, async (body, authToken) => {
        const scheme = twilio({ authToken, publicUrl: 'https://merchant.example' });
        const signed = sign(scheme, { url: '/status', body });
        expect(
          twilioSdk.validateRequestWithBody(
            authToken,
            String(signed.headers['x-twilio-signature']),
            signed.url,
            body,
          ),
        ).toBe(true);
        const url = `https://merchant.example/status?bodySHA256=${twilioSdk.getExpectedBodyHash(body)}`;
        const signature = twilioSdk.getExpectedTwilioSignature(authToken, url, {});
        const { pathname, search } = new URL(url);
        await expect(
          accepted(scheme, {
            method: 'POST',
            url: `${pathname}${search}`,
            headers: { 'content-type': 'application/json', 'x-twilio-signature': signature },
            body,
          }),
        ).resolves.toBeDefined();
      }),
      RUNS,
    );
  });
});

// SDKs that only verify: what hookguard signs must pass them.
crossCheck('razorpay', () => {
  it('validateWebhookSignature accepts what hookguard signs', async () => {
    fc.assert(
      fc.property(payload, secretText, (body, secret) => {
        const signed = sign(razorpay({ secret }), { body });
        expect(
          Razorpay.validateWebhookSignature(
            String(signed.body),
            String(signed.headers['x-razorpay-signature']),
            secret,
          ),
        ).toBe(true);
      }),
      RUNS,
    );
  });
});

crossCheck('slack', () => {
  it('isValidSlackRequest accepts what hookguard signs', async () => {
    fc.assert(
      fc.property(payload, secretText, (body, signingSecret) => {
        const now = Date.now();
        const signed = sign(slack({ signingSecret }), { body }, { now: () => now });
        const headers = {
          'x-slack-signature': String(signed.headers['x-slack-signature']),
          'x-slack-request-timestamp': Number(signed.headers['x-slack-request-timestamp']),
        };
        expect(
          isValidSlackRequest({
            signingSecret,
            body: String(signed.body),
            headers,
            nowMilliseconds: now,
          }),
        ).toBe(true);
      }),
      RUNS,
    );
  });
});

crossCheck('cashfree.webhook', () => {
  it('PGVerifyWebhookSignature accepts what hookguard signs', async () => {
    fc.assert(
      fc.property(payload, secretText, (body, secret) => {
        const signed = sign(cashfree.webhook({ secret }), { body });
        // The last argument turns off the SDK's default Sentry error analytics.
        const sdk = new Cashfree(
          CFEnvironment.SANDBOX,
          'client',
          secret,
          undefined,
          undefined,
          undefined,
          false,
        );
        const event = sdk.PGVerifyWebhookSignature(
          String(signed.headers['x-webhook-signature']),
          String(signed.body),
          String(signed.headers['x-webhook-timestamp']),
        );
        expect(event.object).toEqual(JSON.parse(body));
      }),
      RUNS,
    );
  });
});

crossCheck('smile-id', () => {
  it('verifies what generate_signature signs, and confirm_signature accepts what hookguard signs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[0-9]{1,6}$/), secretText, async (partnerId, apiKey) => {
        const scheme = smileId({ partnerId, apiKey });
        const sdk = new smileCore.Signature(partnerId, apiKey);
        const { signature, timestamp } = sdk.generate_signature(new Date().toISOString());
        const body = JSON.stringify({ signature, timestamp, job_id: 'job_1' });
        await expect(
          accepted(scheme, {
            method: 'POST',
            url: '/',
            headers: { 'content-type': 'application/json' },
            body,
          }),
        ).resolves.toBeDefined();
        const ours = sign(scheme, {});
        expect(sdk.confirm_signature(ours.timestamp, ours.signature)).toBe(true);
      }),
      RUNS,
    );
  });
});

crossCheck('braintree', () => {
  // The SDK signs test notifications (webhookTesting) and verifies both the form and the
  // endpoint challenge; one merchant's key pair per run, of the shapes Braintree issues.
  const keyPair = fc.record({
    publicKey: fc.stringMatching(/^[a-z0-9]{16}$/),
    privateKey: fc.stringMatching(/^[a-f0-9]{32}$/),
  });
  const gatewayFor = (keys: { publicKey: string; privateKey: string }) =>
    new braintreeSdk.BraintreeGateway({
      environment: braintreeSdk.Environment.Sandbox,
      merchantId: 'hookguard',
      ...keys,
    });
  const formRequest = (fields: Record<string, string>): WebhookRequest => ({
    method: 'POST',
    url: '/',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

  it('verifies what sampleNotification signs, and parse accepts what hookguard signs', async () => {
    await fc.assert(
      fc.asyncProperty(keyPair, fc.string({ maxLength: 40 }), async (keys, id) => {
        const gateway = gatewayFor(keys);
        const scheme = braintree(keys);
        // Its types say a promise; braintree 3.40 returns the fields at once. Either awaits.
        const sample = await gateway.webhookTesting.sampleNotification(
          'subscription_charged_successfully' as braintreeSdk.WebhookNotificationKind,
          id,
        );
        const verified = await accepted(scheme, formRequest({ ...sample }));
        expect((verified.payload as { kind: string }).kind).toBe(
          'subscription_charged_successfully',
        );
        // One base64 character of the payload changed: the signature no longer matches.
        const { bt_payload: payload } = sample;
        const changed = payload[10] === 'A' ? 'B' : 'A';
        const tampered = {
          ...sample,
          bt_payload: `${payload.slice(0, 10)}${changed}${payload.slice(11)}`,
        };
        await expect(accepted(scheme, formRequest(tampered))).rejects.toMatchObject({
          code: 'invalid_signature',
        });

        const xml = `<notification><kind>check</kind><subject><id>${id.replace(/[<&]/g, '')}</id></subject></notification>`;
        const fields = Object.fromEntries(
          new URLSearchParams(String(sign(scheme, { xml }).body)),
        ) as { bt_signature: string; bt_payload: string };
        const parsed = await gateway.webhookNotification.parse(
          fields.bt_signature,
          fields.bt_payload,
        );
        expect(parsed.kind).toBe('check');
      }),
      { numRuns: 20 },
    );
  });

  it('answers the endpoint challenge exactly as verify(challenge) does', async () => {
    await fc.assert(
      fc.asyncProperty(keyPair, fc.stringMatching(/^[a-f0-9]{20,32}$/), async (keys, challenge) => {
        const { webhookRoute } = await import('@hookguard/core/adapter');
        const outcome = await webhookRoute(braintree(keys), {}, ['respond'], 'test').handle({
          method: 'GET',
          url: `/?bt_challenge=${challenge}`,
          headers: {},
          body: '',
        });
        // `verify` is missing from the SDK's published types.
        const sdk = gatewayFor(keys).webhookNotification as unknown as {
          verify(challenge: string): string;
        };
        expect(outcome.kind === 'handshake' && outcome.handshake.reply.body).toBe(
          sdk.verify(challenge),
        );
      }),
      { numRuns: 20 },
    );
  });
});

/** A 32-byte HMAC key in hex, as Adyen's Customer Area shows it (either case is accepted). */
const adyenKey = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .chain((bytes) =>
    fc.constantFrom(
      Buffer.from(bytes).toString('hex').toUpperCase(),
      Buffer.from(bytes).toString('hex'),
    ),
  );

/** A NotificationRequestItem: any text in the signed fields, colons and backslashes included. */
const adyenItem = fc.record(
  {
    pspReference: fc.stringMatching(/^[A-Z0-9]{16}$/),
    originalReference: fc.string({ unit: 'grapheme', maxLength: 16 }),
    merchantAccountCode: fc.stringMatching(/^[A-Za-z0-9_:\\-]{1,20}$/),
    merchantReference: fc.string({ unit: 'grapheme', maxLength: 40 }),
    amount: fc.record({
      value: fc.integer({ min: 0, max: 2 ** 40 }),
      currency: fc.constantFrom('EUR', 'USD', 'JPY'),
    }),
    eventCode: fc.constantFrom('AUTHORISATION', 'CAPTURE', 'REFUND', 'REPORT_AVAILABLE'),
    success: fc.constantFrom('true', 'false'),
    reason: fc.string({ maxLength: 20 }),
  },
  { requiredKeys: ['pspReference', 'amount', 'eventCode', 'success', 'merchantAccountCode'] },
);

crossCheck('adyen', () => {
  const sdk = new AdyenHmacValidator();
  type SdkItem = Parameters<AdyenHmacValidator['validateHMAC']>[0];
  const asNotification = (items: object[]) =>
    JSON.stringify({
      live: 'false',
      notificationItems: items.map((fields) => ({ NotificationRequestItem: fields })),
    });

  it('verifies batches calculateHmac signs, and validateHMAC accepts every item hookguard signs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(adyenItem, { minLength: 1, maxLength: 4 }),
        adyenKey,
        async (items, hmacKey) => {
          const scheme = adyen({ hmacKey });
          const bySdk = items.map((fields) => ({
            ...fields,
            additionalData: { hmacSignature: sdk.calculateHmac(fields as SdkItem, hmacKey) },
          }));
          await expect(
            accepted(scheme, {
              method: 'POST',
              url: '/',
              headers: { 'content-type': 'application/json' },
              body: asNotification(bySdk),
            }),
          ).resolves.toMatchObject({ provider: 'adyen' });
          const signed = sign(scheme, { body: asNotification(items) });
          const signedItems = (
            JSON.parse(String(signed.body)) as {
              notificationItems: { NotificationRequestItem: SdkItem }[];
            }
          ).notificationItems.map((entry) => entry.NotificationRequestItem);
          for (const item of signedItems) expect(sdk.validateHMAC(item, hmacKey)).toBe(true);
          // A changed amount: both refuse it.
          const [first, ...rest] = signedItems as (SdkItem & { amount: { value: number } })[];
          const tampered = {
            ...(first as SdkItem),
            amount: { ...first?.amount, value: (first?.amount.value ?? 0) + 1 },
          } as SdkItem;
          expect(sdk.validateHMAC(tampered, hmacKey)).toBe(false);
          await expect(
            accepted(scheme, {
              method: 'POST',
              url: '/',
              headers: { 'content-type': 'application/json' },
              body: asNotification([tampered, ...rest]),
            }),
          ).rejects.toMatchObject({ code: 'invalid_signature' });
        },
      ),
      RUNS,
    );
  });
});

crossCheck('adyen.platform', () => {
  const sdk = new AdyenHmacValidator();
  it('verifies what calculateHmac signs, and validateHMACSignature accepts what hookguard signs', async () => {
    await fc.assert(
      fc.asyncProperty(payload, adyenKey, async (body, hmacKey) => {
        const scheme = adyen.platform({ hmacKey });
        const request = (signature: string, text = body) => ({
          method: 'POST',
          url: '/',
          headers: { 'content-type': 'application/json', hmacsignature: signature },
          body: text,
        });
        await expect(
          accepted(scheme, request(sdk.calculateHmac(body, hmacKey))),
        ).resolves.toBeDefined();
        const signature = String(sign(scheme, { body }).headers.hmacsignature);
        expect(sdk.validateHMACSignature(hmacKey, signature, body)).toBe(true);
        expect(sdk.validateHMACSignature(hmacKey, signature, `${body} `)).toBe(false);
        await expect(accepted(scheme, request(signature, `${body} `))).rejects.toMatchObject({
          code: 'invalid_signature',
        });
      }),
      RUNS,
    );
  });
});

/** A Zoom event with JSON that `JSON.stringify(JSON.parse(body))` gives back as is (Rivet re-serialises). */
const zoomEvent = fc
  .record({
    id: fc.stringMatching(/^[A-Za-z0-9]{6,12}$/),
    topic: fc.string({ unit: 'grapheme', maxLength: 30 }),
    duration: fc.integer({ min: 0, max: 600 }),
  })
  .map((object) => JSON.stringify({ event: 'meeting.started', payload: { object } }));

crossCheck('zoom', () => {
  // Rivet's AwsLambdaReceiver runs the whole check (signature, then url_validation) on a
  // Lambda-style event, with no server; it logs each event at debug level.
  const receiver = (secretToken: string) => {
    const lambda = new ZoomAwsLambdaReceiver({ webhooksSecretToken: secretToken });
    lambda.init({ eventEmitter: { emit: async () => undefined } } as never);
    return lambda.start() as (
      event: object,
      context: object,
    ) => Promise<{ statusCode: number; body: string }>;
  };
  const quiet = () => vi.spyOn(console, 'debug').mockImplementation(() => undefined);

  it("Rivet's receiver accepts what hookguard signs, and refuses it under another secret", async () => {
    const debug = quiet();
    await fc.assert(
      fc.asyncProperty(zoomEvent, secretText, async (body, secretToken) => {
        const signed = sign(zoom({ secretToken }), { body });
        const event = {
          headers: signed.headers,
          body: String(signed.body),
          isBase64Encoded: false,
        };
        expect((await receiver(secretToken)(event, {})).statusCode).toBe(200);
        expect((await receiver(`${secretToken}x`)(event, {})).statusCode).toBe(400);
      }),
      RUNS,
    );
    debug.mockRestore();
  });

  it('answers endpoint.url_validation exactly as Rivet does', async () => {
    const debug = quiet();
    const { webhookRoute } = await import('@hookguard/core/adapter');
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[A-Za-z0-9_-]{16,32}$/),
        secretText,
        async (plainToken, secretToken) => {
          const scheme = zoom({ secretToken });
          const signed = sign(scheme, {
            body: JSON.stringify({
              payload: { plainToken },
              event_ts: 1,
              event: 'endpoint.url_validation',
            }),
          });
          const request = {
            method: 'POST',
            url: '/',
            headers: signed.headers,
            body: String(signed.body),
          };
          const outcome = await webhookRoute(scheme, {}, ['respond'], 'test').handle(request);
          const rivet = await receiver(secretToken)({ ...request, isBase64Encoded: false }, {});
          expect(outcome.kind === 'handshake' && JSON.parse(outcome.handshake.reply.body)).toEqual(
            JSON.parse(rivet.body),
          );
        },
      ),
      RUNS,
    );
    debug.mockRestore();
  });
});

crossCheck('meta', () => {
  it('verifies what generateXHub256Sig signs, and signs what it computes', async () => {
    await fc.assert(
      fc.asyncProperty(payload, secretText, async (body, appSecret) => {
        const header = `sha256=${generateXHub256Sig(body, appSecret)}`;
        const signed = sign(meta({ appSecret }), { body });
        expect(signed.headers['x-hub-signature-256']).toBe(header);
        const request = {
          method: 'POST',
          url: '/',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': header },
          body,
        };
        expect((await verify(meta({ appSecret }), request)).provider).toBe('meta');
      }),
      RUNS,
    );
  });
});

crossCheck('aws-sns', () => {
  // sns-validator, AWS's standalone Node validator, fetches the certificate with https.get:
  // stubbed here to serve the fixtures, so nothing leaves the machine, and recorded.
  const fixture = (name: string) =>
    JSON.parse(
      readFileSync(new URL(`../../packages/core/test/fixtures/${name}`, import.meta.url), 'utf8'),
    );
  const TEST = fixture('aws-sns-test-certificate.json') as {
    certificatePem: string;
    privateKeyPkcs8Base64: string;
  };
  const AWS = fixture('aws-sns-sdk-vectors.json') as {
    signingCertUrl: string;
    topicArn: string;
    certificatePem: string;
    messages: Record<string, string>;
  };
  const TOPIC = 'arn:aws:sns:us-east-1:123456789012:orders';
  const CERT_URL = 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-hookguard.pem';
  // Inside the test certificate's validity (from December 2026), the clock of both sides.
  const NOW = Date.parse('2027-01-15T10:00:00.000Z');
  const privateKey = createPrivateKey({
    key: Buffer.from(TEST.privateKeyPkcs8Base64, 'base64'),
    format: 'der',
    type: 'pkcs8',
  });
  const served = new Map([
    [CERT_URL, TEST.certificatePem],
    [AWS.signingCertUrl, AWS.certificatePem],
  ]);
  const fetchedBySdk: string[] = [];
  const stubCertificateFetch = () =>
    vi.spyOn(https, 'get').mockImplementation(((
      url: string,
      callback: (response: Readable) => void,
    ) => {
      fetchedBySdk.push(url);
      const response = Object.assign(Readable.from([served.get(url) ?? '']), {
        statusCode: served.has(url) ? 200 : 404,
      });
      process.nextTick(() => callback(response));
      return new EventEmitter();
    }) as never);
  const sdkValidates = (body: string) =>
    new Promise<boolean>((resolve) => {
      new MessageValidator().validate(body, (error) => resolve(error === null));
    });
  const fetchKey: NonNullable<AwsSnsOptions['fetch']> = async (url) =>
    new Response(served.get(url) ?? '', { status: served.has(url) ? 200 : 404 });
  const scheme = (topicArn = TOPIC) =>
    awsSns({
      topicArn,
      fetch: fetchKey,
      privateKey: TEST.privateKeyPkcs8Base64,
      signingCertUrl: CERT_URL,
    });
  const asRequest = (body: string): WebhookRequest => ({
    method: 'POST',
    url: '/',
    headers: { 'content-type': 'text/plain; charset=UTF-8' },
    body,
  });
  // What SNS publishes: any text, line breaks included; a Subject is one line of printable
  // ASCII (SNS refuses line breaks and control characters in it).
  const text = fc.string({ unit: 'grapheme', maxLength: 200 });
  const subject = fc.option(fc.stringMatching(/^[A-Za-z0-9][ -~]{0,60}$/), { nil: undefined });
  const version = fc.constantFrom('1' as const, '2' as const);

  it('sns-validator accepts what hookguard signs: notifications and subscription confirmations', async () => {
    const stub = stubCertificateFetch();
    try {
      await fc.assert(
        fc.asyncProperty(
          text,
          subject,
          version,
          fc.constantFrom('Notification' as const, 'SubscriptionConfirmation' as const),
          async (message, title, signatureVersion, type) => {
            const input: AwsSnsSignInput = {
              type,
              message,
              signatureVersion,
              ...(title === undefined ? {} : { subject: title }),
            };
            const signed = sign(scheme(), input, { now: () => NOW });
            expect(await sdkValidates(String(signed.body))).toBe(true);
          },
        ),
        RUNS,
      );
      expect(new Set(fetchedBySdk)).toEqual(new Set([CERT_URL]));
    } finally {
      stub.mockRestore();
    }
  });

  it('sns-validator and hookguard agree on the messages AWS signed, but for one sns-validator bug', async () => {
    const stub = stubCertificateFetch();
    try {
      for (const [name, body] of Object.entries(AWS.messages)) {
        const timestamp = Date.parse((JSON.parse(body) as { Timestamp: string }).Timestamp);
        const ours = await verify(
          awsSns({ topicArn: AWS.topicArn, fetch: fetchKey }),
          asRequest(body),
          { now: () => timestamp + 1000 },
        );
        expect(ours.matchedKey).toBe(AWS.signingCertUrl);
        // sns-validator 0.3.5 signs Token only for a SubscriptionConfirmation, so it refuses
        // every UnsubscribeConfirmation; AWS's docs, its PHP and Java validators and this
        // message AWS signed include the Token.
        expect([name, await sdkValidates(body)]).toEqual([
          name,
          name !== 'unsubscribeConfirmation',
        ]);
      }
    } finally {
      stub.mockRestore();
    }
  });

  it('hookguard accepts what OpenSSL signs over the documented string (Name\\nvalue\\n, in byte order)', async () => {
    await fc.assert(
      fc.asyncProperty(text, subject, version, async (message, title, signatureVersion) => {
        const fields: [string, string][] = [
          ['Message', message],
          ['MessageId', '165545c9-2a5c-472c-8df2-7ff2be2b3b1b'],
          ...(title === undefined ? [] : ([['Subject', title]] as [string, string][])),
          ['Timestamp', new Date(NOW).toISOString()],
          ['TopicArn', TOPIC],
          ['Type', 'Notification'],
        ];
        const stringToSign = fields.map(([name, value]) => `${name}\n${value}\n`).join('');
        const signature = opensslSign(
          signatureVersion === '1' ? 'sha1' : 'sha256',
          Buffer.from(stringToSign, 'utf8'),
          privateKey,
        ).toString('base64');
        const body = JSON.stringify({
          ...Object.fromEntries(fields),
          SignatureVersion: signatureVersion,
          Signature: signature,
          SigningCertURL: CERT_URL,
        });
        const verified = await verify(scheme(), asRequest(body), { now: () => NOW });
        expect(verified.payload.Message).toBe(message);
      }),
      RUNS,
    );
  });
});

// Paddle's SDK only verifies, with its own clock and a five-second window: hookguard signs now.
crossCheck('paddle', () => {
  const sdk = new Paddle('pdl_sdbx_apikey_cross_check').webhooks;
  const secret = secretText.map((raw) => `pdl_ntfset_${raw}`);
  it('isSignatureValid accepts what hookguard signs, and refuses it once the body changes', async () => {
    await fc.assert(
      fc.asyncProperty(payload, secret, async (body, key) => {
        const signed = sign(paddle({ secret: key }), { body });
        const header = String(signed.headers['paddle-signature']);
        expect(header).toMatch(/^ts=\d+;h1=[0-9a-f]{64}$/);
        expect(await sdk.isSignatureValid(String(signed.body), key, header)).toBe(true);
        expect(await sdk.isSignatureValid(`${String(signed.body)} `, key, header)).toBe(false);
      }),
      RUNS,
    );
  });

  it('unmarshal parses the event hookguard signed, with the notification_id it keys replays on', async () => {
    await fc.assert(
      fc.asyncProperty(secret, fc.uuid(), async (key, id) => {
        const body = JSON.stringify({
          event_id: `evt_${id}`,
          event_type: 'hookguard.cross_check',
          occurred_at: new Date().toISOString(),
          notification_id: `ntf_${id}`,
          data: { amount: '100' },
        });
        const scheme = paddle({ secret: key });
        const signed = sign(scheme, { body });
        const event = await sdk.unmarshal(
          String(signed.body),
          key,
          String(signed.headers['paddle-signature']),
        );
        expect(event).toMatchObject({ eventId: `evt_${id}`, notificationId: `ntf_${id}` });
        const verified = await accepted(scheme, {
          method: 'POST',
          url: '/',
          headers: signed.headers,
          body: String(signed.body),
        });
        expect(verified.payload).toEqual(JSON.parse(body));
      }),
      RUNS,
    );
  });
});

const notificationUrl = fc
  .tuple(fc.domain(), fc.webPath(), fc.constantFrom('', '/'))
  .map(([host, path, slash]) => `https://${host}${path}${slash}`)
  .filter((url) => !/[{}\s]/.test(url));

crossCheck('square', () => {
  it('verifySignature accepts what hookguard signs, with the notification URL it was given', async () => {
    await fc.assert(
      fc.asyncProperty(payload, secretText, notificationUrl, async (body, signatureKey, url) => {
        const signed = sign(square({ signatureKey, notificationUrl: url }), { body });
        const signatureHeader = String(signed.headers['x-square-hmacsha256-signature']);
        const check = (notificationUrl: string) =>
          SquareWebhooksHelper.verifySignature({
            requestBody: String(signed.body),
            signatureHeader,
            signatureKey,
            notificationUrl,
          });
        expect(await check(url)).toBe(true);
        expect(await check(`${url}x`)).toBe(false);
      }),
      RUNS,
    );
  });
});

crossCheck('coinbase-commerce', () => {
  it('verifies what computeSignature signs, and verifySigHeader accepts what hookguard signs', async () => {
    await fc.assert(
      fc.asyncProperty(payload, secretText, async (body, secret) => {
        const scheme = coinbaseCommerce({ secret });
        const signature = coinbaseSdk.Webhook.computeSignature(body, secret);
        await expect(
          accepted(scheme, {
            method: 'POST',
            url: '/',
            headers: { 'content-type': 'application/json', 'x-cc-webhook-signature': signature },
            body,
          }),
        ).resolves.toBeDefined();
        const signed = sign(scheme, { body });
        expect(
          coinbaseSdk.Webhook.verifySigHeader(
            String(signed.body),
            String(signed.headers['x-cc-webhook-signature']),
            secret,
          ),
        ).toBe(true);
      }),
      RUNS,
    );
  });
});

// WorkOS's SDK signs and verifies over the parsed payload re-serialised (JSON.stringify),
// which is the body only for compact JSON: the generated bodies are such JSON.
crossCheck('workos', () => {
  const sdk = new WorkOS('sk_test_cross_check').webhooks;
  const request = (header: string, body: string): WebhookRequest => ({
    method: 'POST',
    url: '/',
    headers: { 'content-type': 'application/json', 'workos-signature': header },
    body,
  });
  it('verifies what computeSignature signs, and verifyHeader accepts what hookguard signs', async () => {
    await fc.assert(
      fc.asyncProperty(payload, secretText, async (body, secret) => {
        fc.pre(JSON.stringify(JSON.parse(body)) === body);
        const scheme = workos({ secret });
        const t = String(Date.now());
        const v1 = await sdk.computeSignature(t, JSON.parse(body), secret);
        await expect(accepted(scheme, request(`t=${t}, v1=${v1}`, body))).resolves.toBeDefined();
        const signed = sign(scheme, { body });
        const sigHeader = String(signed.headers['workos-signature']);
        await expect(
          sdk.verifyHeader({ payload: JSON.parse(String(signed.body)), sigHeader, secret }),
        ).resolves.toBe(true);
        await expect(
          sdk.verifyHeader({ payload: { tampered: body }, sigHeader, secret }),
        ).rejects.toThrow();
      }),
      RUNS,
    );
  });

  it('constructEvent hands back the event hookguard signed', async () => {
    await fc.assert(
      fc.asyncProperty(secretText, fc.uuid(), async (secret, id) => {
        const body = JSON.stringify({
          id: `event_${id}`,
          event: 'organization.created',
          data: { object: 'organization', id: `org_${id}`, name: 'Acme', domains: [] },
          created_at: new Date().toISOString(),
        });
        const signed = sign(workos({ secret }), { body });
        const event = await sdk.constructEvent({
          payload: JSON.parse(String(signed.body)),
          sigHeader: String(signed.headers['workos-signature']),
          secret,
        });
        expect(event).toMatchObject({ id: `event_${id}`, event: 'organization.created' });
      }),
      RUNS,
    );
  });
});

// Linear's SDK only verifies: the HMAC of the raw body, then webhookTimestamp (a minute).
crossCheck('linear', () => {
  const hex = (secret: string, body: string) =>
    createHmac('sha256', secret).update(body).digest('hex');
  it('LinearWebhookClient verify and parseData accept what hookguard signs, and refuse it once the body changes', async () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 3, stringUnit: 'grapheme' }),
        secretText,
        (data, secret) => {
          const signed = sign(linear({ secret }), { body: { type: 'Issue', data } });
          const raw = Buffer.from(String(signed.body));
          const signature = String(signed.headers['linear-signature']);
          const client = new LinearWebhookClient(secret);
          expect(client.verify(raw, signature)).toBe(true);
          expect(client.parseData(raw, signature)).toEqual(JSON.parse(String(signed.body)));
          expect(() => client.verify(Buffer.from(`${String(signed.body)} `), signature)).toThrow();
        },
      ),
      RUNS,
    );
  });

  it('hookguard accepts what verify accepts, and both refuse a webhookTimestamp 61 s off', async () => {
    await fc.assert(
      fc.asyncProperty(
        payload,
        secretText,
        fc.constantFrom(0, 61_000, -61_000),
        async (text, secret, skew) => {
          const body = JSON.stringify({ ...JSON.parse(text), webhookTimestamp: Date.now() + skew });
          const signature = hex(secret, body);
          const sdkSays = (() => {
            try {
              return new LinearWebhookClient(secret).verify(Buffer.from(body), signature);
            } catch {
              return false;
            }
          })();
          const request: WebhookRequest = {
            method: 'POST',
            url: '/',
            headers: { 'content-type': 'application/json', 'linear-signature': signature },
            body,
          };
          const ours = await accepted(linear({ secret }), request).then(
            () => true,
            () => false,
          );
          expect([ours, sdkSays]).toEqual(skew === 0 ? [true, true] : [false, false]);
        },
      ),
      RUNS,
    );
  });
});

// GoCardless's SDK only verifies (and parses the events).
crossCheck('gocardless', () => {
  it('webhooks.parse accepts what hookguard signs and returns its events; it throws once the body changes', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 2 }), secretText, fc.uuid(), (details, secret, id) => {
        const body = JSON.stringify({
          events: [{ id: `EV${id}`, action: 'confirmed', resource_type: 'payments', details }],
          meta: { webhook_id: `WB${id}` },
        });
        const signed = sign(gocardless({ secret }), { body });
        const signature = String(signed.headers['webhook-signature']);
        expect(gocardlessWebhooks.parse(String(signed.body), secret, signature)).toEqual(
          JSON.parse(body).events,
        );
        expect(() => gocardlessWebhooks.parse(`${body} `, secret, signature)).toThrow();
      }),
      RUNS,
    );
  });
});

// grammY only compares the header with the secret token it is given.
crossCheck('telegram', () => {
  const bot = new GrammyBot('123456:cross-check', {
    botInfo: {
      id: 123456,
      is_bot: true,
      first_name: 'Cross check',
      username: 'cross_check_bot',
      can_join_groups: false,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    },
  });
  const telegramToken = fc.stringMatching(/^[A-Za-z0-9_-]{1,256}$/);
  const grammyStatus = async (secretToken: string, headers: Record<string, string>, body: string) =>
    (
      await grammyWebhookCallback(bot, 'std/http', { secretToken })(
        new Request('https://bot.example/webhooks/telegram', { method: 'POST', headers, body }),
      )
    ).status;
  it('webhookCallback answers 200 to what hookguard signs; both refuse another token and none', async () => {
    await fc.assert(
      fc.asyncProperty(
        telegramToken,
        telegramToken,
        fc.string({ unit: 'grapheme' }),
        fc.nat(),
        async (token, other, text, updateId) => {
          fc.pre(token !== other);
          const scheme = telegram({ secretToken: token });
          const body = JSON.stringify({
            update_id: updateId,
            message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' }, text },
          });
          const signed = sign(scheme, { body });
          expect(await grammyStatus(token, signed.headers, body)).toBe(200);
          await expect(
            accepted(scheme, { method: 'POST', url: '/', ...signed }),
          ).resolves.toBeDefined();
          const forged = { ...signed.headers, 'x-telegram-bot-api-secret-token': other };
          expect(await grammyStatus(token, forged, body)).toBe(401);
          await expect(
            accepted(scheme, { method: 'POST', url: '/', headers: forged, body }),
          ).rejects.toMatchObject({ code: 'invalid_signature' });
          const { 'x-telegram-bot-api-secret-token': _, ...bare } = signed.headers;
          expect(await grammyStatus(token, bare, body)).toBe(401);
          await expect(
            accepted(scheme, { method: 'POST', url: '/', headers: bare, body }),
          ).rejects.toMatchObject({ code: 'missing_signature' });
        },
      ),
      { numRuns: 20 },
    );
  });
});

/** A `whsec_` secret as Svix and GitLab hand them out: the base64 of random bytes. */
const whsecSecret = fc
  .uint8Array({ minLength: 24, maxLength: 32 })
  .map((bytes) => `whsec_${Buffer.from(bytes).toString('base64')}`);

// Resend's SDK only verifies, with the standardwebhooks library, under the svix-* headers.
crossCheck('resend', () => {
  const sdk = new Resend('re_cross_check').webhooks;
  const verifies = (secret: string, headers: Record<string, string>, body: string) => {
    try {
      sdk.verify({
        payload: body,
        headers: {
          id: String(headers['svix-id']),
          timestamp: String(headers['svix-timestamp']),
          signature: String(headers['svix-signature']),
        },
        webhookSecret: secret,
      });
      return true;
    } catch {
      return false;
    }
  };
  it('webhooks.verify accepts what hookguard signs, and refuses it once the body changes', async () => {
    await fc.assert(
      fc.asyncProperty(payload, whsecSecret, async (body, secret) => {
        const signed = sign(resend({ secret }), { body });
        expect(verifies(secret, signed.headers, String(signed.body))).toBe(true);
        expect(verifies(secret, signed.headers, `${String(signed.body)} `)).toBe(false);
      }),
      RUNS,
    );
  });

  it('hookguard accepts what standardwebhooks (which webhooks.verify runs) signs under svix-* headers', async () => {
    await fc.assert(
      fc.asyncProperty(payload, whsecSecret, fc.uuid(), async (body, secret, id) => {
        const t = new Date();
        const headers = {
          'content-type': 'application/json',
          'svix-id': `msg_${id}`,
          'svix-timestamp': String(Math.floor(t.getTime() / 1000)),
          'svix-signature': new StandardWebhook(secret).sign(`msg_${id}`, t, body),
        };
        expect(verifies(secret, headers, body)).toBe(true);
        await expect(
          accepted(resend({ secret }), { method: 'POST', url: '/', headers, body }),
        ).resolves.toBeDefined();
      }),
      RUNS,
    );
  });
});

// Clerk's SDK only verifies (the svix-* headers of a Request), and hands back the event.
crossCheck('clerk', () => {
  const request = (headers: Record<string, string>, body: string) =>
    new Request('https://merchant.example/webhooks/clerk', { method: 'POST', headers, body });
  it('verifyWebhook accepts what hookguard signs and returns its event; it throws once the body changes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue({ maxDepth: 2 }),
        whsecSecret,
        fc.uuid(),
        async (data, secret, id) => {
          const body = JSON.stringify({
            type: 'user.created',
            object: 'event',
            data,
            timestamp: 1,
          });
          const signed = sign(clerk({ secret }), {
            body,
            headers: { 'svix-id': `msg_${id}` },
          });
          const event = await clerkVerifyWebhook(request(signed.headers, body), {
            signingSecret: secret,
          });
          expect(event).toMatchObject({ type: 'user.created', object: 'event' });
          expect(event.data).toEqual(JSON.parse(body).data);
          await expect(
            clerkVerifyWebhook(request(signed.headers, `${body} `), { signingSecret: secret }),
          ).rejects.toThrow(/Unable to verify incoming webhook/);
        },
      ),
      RUNS,
    );
  });
});

// Polar's SDK (0.49) only verifies, and only legacy keys: the UTF-8 bytes of the whole
// secret. A signature it accepts can still fail Polar's event schemas afterwards
// (SDKValidationError); only WebhookVerificationError means the signature was refused.
// Secrets of the 2026-09-08 shape are checked against the standardwebhooks library, which
// Polar's server signs them with (server/polar/webhook/tasks.py), both ways.
crossCheck('polar', () => {
  const signatureAccepted = (body: string, headers: Record<string, string>, secret: string) => {
    try {
      polarValidateEvent(body, headers, secret);
      return true;
    } catch (error) {
      return !(error instanceof PolarVerificationError);
    }
  };
  const legacySecret = fc.oneof(
    secretText.map((text) => `whsec_${text}`),
    fc.string({ minLength: 1, maxLength: 60 }).filter((text) => text.trim() === text),
  );
  const newSecret = fc
    .uint8Array({ minLength: 32, maxLength: 32 })
    .map((bytes) => `whsec_${Buffer.from(bytes).toString('base64')}`);

  it('validateEvent accepts the signature of what hookguard signs with a legacy secret, and refuses it once the body changes', async () => {
    await fc.assert(
      fc.asyncProperty(payload, legacySecret, async (body, secret) => {
        const signed = sign(polar({ secret }), { body });
        expect(signatureAccepted(String(signed.body), signed.headers, secret)).toBe(true);
        expect(signatureAccepted(`${String(signed.body)} `, signed.headers, secret)).toBe(false);
      }),
      RUNS,
    );
  });

  it('validateEvent returns the event hookguard signed', () => {
    const secret = 'whsec_cross_check_polar';
    const at = new Date().toISOString();
    const body = JSON.stringify({
      type: 'customer.deleted',
      timestamp: at,
      data: {
        id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        created_at: at,
        modified_at: null,
        metadata: {},
        external_id: null,
        email: 'customer@example.com',
        email_verified: true,
        type: 'individual',
        name: null,
        billing_name: 'Customer',
        billing_address: null,
        tax_id: null,
        organization_id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        deleted_at: at,
        avatar_url: 'https://example.com/a.png',
      },
    });
    const signed = sign(polar({ secret }), { body });
    expect(polarValidateEvent(String(signed.body), signed.headers, secret)).toMatchObject({
      type: 'customer.deleted',
      data: { email: 'customer@example.com' },
    });
  });

  it('new-shape secrets: standardwebhooks verifies what hookguard signs, and hookguard what it signs', async () => {
    await fc.assert(
      fc.asyncProperty(payload, newSecret, fc.uuid(), async (body, secret, id) => {
        const scheme = polar({ secret });
        const signed = sign(scheme, { body, headers: { 'webhook-id': id } });
        expect(new StandardWebhook(secret).verify(body, signed.headers)).toEqual(JSON.parse(body));
        const t = new Date();
        const headers = {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(t.getTime() / 1000)),
          'webhook-signature': new StandardWebhook(secret).sign(id, t, body),
        };
        await expect(
          accepted(scheme, { method: 'POST', url: '/', headers, body }),
        ).resolves.toBeDefined();
        // The SDK's legacy reading of such a secret is not the key Polar signs it with.
        expect(signatureAccepted(body, signed.headers, secret)).toBe(false);
      }),
      RUNS,
    );
  });
});

// PhonePe's pg-sdk-node only verifies: `validateCallback` compares Authorization with
// SHA256(username:password) (`CommonUtils.isCallbackValid`, `==`), then parses the body with
// class-transformer's `plainToClass`, which the class-transformer 0.4.1 its `^0.4.0` range
// resolves to does not export: a callback that passed the check throws a TypeError there. So
// a refusal is its PhonePeException "Invalid Callback", and anything else got past the check.
const phonepeSdk = requireFromHere('pg-sdk-node') as {
  Env: { SANDBOX: string };
  PhonePeException: new (...args: never[]) => Error;
  StandardCheckoutClient: {
    getInstance(
      clientId: string,
      clientSecret: string,
      clientVersion: number,
      env: string,
      shouldPublishEvents: boolean,
    ): { validateCallback(u: string, p: string, authorization: string, body: string): unknown };
  };
};
const phonepeUtils = requireFromHere('pg-sdk-node/dist/common/CommonUtils.js') as {
  CommonUtils: { calculateSha256(args: { username: string; password: string }): string };
};

crossCheck('phonepe', () => {
  const client = phonepeSdk.StandardCheckoutClient.getInstance(
    'hookguard_cross_check',
    'client_secret',
    1,
    phonepeSdk.Env.SANDBOX,
    false,
  );
  const sdkAccepts = (username: string, password: string, authorization: string, body: string) => {
    try {
      client.validateCallback(username, password, authorization, body);
    } catch (error) {
      if (error instanceof phonepeSdk.PhonePeException) return false;
    }
    return true;
  };
  it('validateCallback accepts the Authorization hookguard sends, and refuses it for other credentials', () => {
    fc.assert(
      fc.property(payload, secretText, secretText, (body, username, password) => {
        const signed = sign(phonepe({ username, password }), { body });
        const authorization = String(signed.headers.authorization);
        expect(sdkAccepts(username, password, authorization, String(signed.body))).toBe(true);
        expect(sdkAccepts(username, `${password}x`, authorization, body)).toBe(false);
        expect(sdkAccepts(`${username}x`, password, authorization, body)).toBe(false);
      }),
      RUNS,
    );
  });

  it('verifies the value the SDK computes (calculateSha256), whatever the body', async () => {
    await fc.assert(
      fc.asyncProperty(payload, secretText, secretText, async (body, username, password) => {
        const authorization = phonepeUtils.CommonUtils.calculateSha256({ username, password });
        const request: WebhookRequest = {
          method: 'POST',
          url: '/',
          headers: { 'content-type': 'application/json', authorization },
          body,
        };
        await expect(accepted(phonepe({ username, password }), request)).resolves.toMatchObject({
          payload: JSON.parse(body),
        });
        await expect(
          accepted(phonepe({ username, password: `${password}x` }), request),
        ).rejects.toMatchObject({ code: 'invalid_signature' });
      }),
      RUNS,
    );
  });
});

// HubSpot's SDK signs (getSignature) and verifies (isValid, past-only 300 s), given the full
// URL: the one hookguard rebuilds from publicUrl and the request's path and query.
crossCheck('hubspot', () => {
  const publicUrl = 'https://merchant.example';
  const path = fc.webPath().map((web) => web || '/');
  it('verifies what getSignature signs, and isValid accepts what hookguard signs', async () => {
    await fc.assert(
      fc.asyncProperty(
        payload,
        secretText,
        path,
        fc.constantFrom('POST', 'GET'),
        async (body, clientSecret, url, method) => {
          fc.pre(!/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/i.test(url));
          const scheme = hubspot({ clientSecret, publicUrl });
          const timestamp = Date.now();
          const options = {
            signature: '',
            clientSecret,
            requestBody: body,
            url: `${publicUrl}${url}`,
            timestamp,
          };
          const signature = HubspotSignature.getSignature(method, 'v3', options);
          await expect(
            accepted(scheme, {
              method,
              url,
              headers: {
                'content-type': 'application/json',
                'x-hubspot-signature-v3': signature,
                'x-hubspot-request-timestamp': String(timestamp),
              },
              body,
            }),
          ).resolves.toBeDefined();
          const signed = sign(scheme, { url, method, body });
          const isValid = (requestBody: string) =>
            HubspotSignature.isValid({
              signature: String(signed.headers['x-hubspot-signature-v3']),
              clientSecret,
              requestBody,
              url: String(signed.url),
              method,
              signatureVersion: 'v3',
              timestamp: Number(signed.headers['x-hubspot-request-timestamp']),
            });
          expect(isValid(String(signed.body))).toBe(true);
          expect(isValid(`${String(signed.body)} `)).toBe(false);
        },
      ),
      RUNS,
    );
  });
});

// Box's SDK only verifies (validateMessage, ten minutes past-only); computeWebhookSignature is
// the computation it verifies with, so it stands in as Box's signer.
crossCheck('box', () => {
  it('validateMessage accepts what hookguard signs with both keys, or the secondary alone, and refuses a changed body', async () => {
    await fc.assert(
      fc.asyncProperty(payload, secretText, secretText, async (body, primaryKey, secondaryKey) => {
        fc.pre(primaryKey !== secondaryKey);
        const signed = sign(box({ primaryKey, secondaryKey }), { body });
        const headers = signed.headers as Record<string, string>;
        const validate = (text: string, sent: Record<string, string>) =>
          BoxWebhooks.validateMessage(text, sent, primaryKey, { secondaryKey });
        expect(await validate(String(signed.body), headers)).toBe(true);
        const { 'box-signature-primary': _, ...secondaryOnly } = headers;
        expect(await validate(String(signed.body), secondaryOnly)).toBe(true);
        expect(await validate(`${String(signed.body)} `, headers)).toBe(false);
      }),
      RUNS,
    );
  });

  it("verifies what Box's computeWebhookSignature signs, each header with its own key", async () => {
    await fc.assert(
      fc.asyncProperty(payload, secretText, secretText, async (body, primaryKey, secondaryKey) => {
        fc.pre(primaryKey !== secondaryKey);
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'box-delivery-timestamp': new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00'),
          'box-signature-version': '1',
          'box-signature-algorithm': 'HmacSHA256',
        };
        headers['box-signature-primary'] = String(
          await boxComputeSignature(body, headers, primaryKey),
        );
        headers['box-signature-secondary'] = String(
          await boxComputeSignature(body, headers, secondaryKey),
        );
        const request = { method: 'POST', url: '/', headers, body };
        await expect(accepted(box({ primaryKey, secondaryKey }), request)).resolves.toMatchObject({
          matchedKey: 0,
        });
        const { 'box-signature-primary': _, ...secondaryOnly } = headers;
        await expect(
          accepted(box({ primaryKey, secondaryKey }), { ...request, headers: secondaryOnly }),
        ).resolves.toMatchObject({ matchedKey: 1 });
        await expect(
          accepted(box({ primaryKey: secondaryKey, secondaryKey: primaryKey }), request),
        ).rejects.toMatchObject({ code: 'invalid_signature' });
      }),
      RUNS,
    );
  });
});

// Mercado Pago's validator (mercadopago 3.x, utils/webhook) recomputes the manifest from the
// x-signature, x-request-id and data.id it is given; it signs nothing, so one direction.
crossCheck('mercado-pago', () => {
  it('WebhookSignatureValidator accepts what hookguard signs, and refuses another data.id or request id', () => {
    fc.assert(
      fc.property(
        secretText,
        fc.stringMatching(/^[0-9A-Za-z]{1,24}$/),
        fc.uuid(),
        (secret, dataId, requestId) => {
          const now = Date.now();
          const signed = sign(mercadoPago({ secret }), {
            url: `/webhooks/mercado-pago?data.id=${dataId}&type=payment`,
            body: { action: 'payment.updated', data: { id: dataId }, type: 'payment' },
            headers: { 'x-request-id': requestId },
            timestamp: now,
          });
          const options = {
            xSignature: signed.headers['x-signature'],
            xRequestId: requestId,
            dataId,
            secret,
            toleranceSeconds: 300,
            now: () => now,
          };
          expect(() => MercadoPagoValidator.validate(options)).not.toThrow();
          expect(() => MercadoPagoValidator.validate({ ...options, dataId: `${dataId}0` })).toThrow(
            MercadoPagoSignatureError,
          );
          expect(() =>
            MercadoPagoValidator.validate({ ...options, xRequestId: `${requestId}0` }),
          ).toThrow(MercadoPagoSignatureError);
        },
      ),
      RUNS,
    );
  });
});

// Mollie's next-gen validator (mollie-api-typescript, utils/webhooks): it signs too.
crossCheck('mollie', () => {
  it('SignatureValidator accepts what hookguard signs; hookguard accepts what createSignature signs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue({ maxDepth: 2 }),
        secretText,
        fc.uuid(),
        async (details, secret, id) => {
          const body = JSON.stringify({ resource: 'event', id: `event_${id}`, details });
          const signed = sign(mollie({ secret }), { body });
          const header = String(signed.headers['x-mollie-signature']);
          expect(await MollieValidator.validate(String(signed.body), secret, header)).toBe(true);
          await expect(MollieValidator.validate(`${body} `, secret, header)).rejects.toThrow(
            MollieSignatureError,
          );
          const fromSdk = await MollieValidator.createSignature(body, secret);
          const request: WebhookRequest = {
            method: 'POST',
            url: '/webhooks/mollie',
            headers: { 'content-type': 'application/json', 'x-mollie-signature': fromSdk },
            body,
          };
          await expect(verify(mollie({ secret }), request)).resolves.toMatchObject({
            provider: 'mollie',
          });
          await expect(verify(mollie({ secret: `${secret}0` }), request)).rejects.toMatchObject({
            code: 'invalid_signature',
          });
        },
      ),
      RUNS,
    );
  });
});

describe('the list of providers', () => {
  it('has a cross-check here for every provider whose oracle names a vendor SDK', () => {
    const named = (PROVIDERS as readonly ProviderEntry[])
      .filter((provider) => provider.checkedAgainst.sdk !== undefined)
      .map((provider) => provider.id);
    expect([...CROSS_CHECKED].sort()).toEqual(named.sort());
  });

  it('names only SDKs installed as devDependencies, so each cross-check runs the real one', () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { devDependencies: Record<string, string> };
    for (const provider of PROVIDERS as readonly ProviderEntry[]) {
      const sdk = provider.checkedAgainst.sdk;
      if (sdk !== undefined)
        expect(manifest.devDependencies, provider.id).toHaveProperty([sdk.package]);
    }
  });
});
