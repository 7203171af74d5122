import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { isoSeconds } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import { WebhookVerificationError } from '../errors.js';
import { headerChallenge, payloadField } from '../handshake/flows.js';
import { emptyReply, type Handshake } from '../handshake/handshake.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

const SECRET_HEADER = 'x-hook-secret';

/** Options for {@link asana}. */
export interface AsanaOptions {
  /**
   * The webhook's secret: the `X-Hook-Secret` Asana sent when the webhook was created (its
   * answer to your `POST /webhooks` carries it too), used as text; a list while rotating or
   * while two webhooks share the route.
   */
  readonly secret: SecretInput;
  /**
   * Whether the route echoes Asana's handshake (`POST` with `X-Hook-Secret`); default
   * `false`, which refuses it (`handshake_refused`, 403) and so makes Asana refuse to create
   * the webhook. Turn it on only while you create a webhook for this route. The handshake is
   * not signed: anyone can send one, and an echo confirms a webhook to whoever asked.
   */
  readonly acceptHandshake?: boolean;
  /** Seconds a replay store remembers a delivery (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Asana's handshake (developers.asana.com/reference/createwebhook): while `POST /webhooks`
 * is in flight, Asana posts to the target with `X-Hook-Secret`, and the target confirms by
 * answering 200 with the same header. Nothing in it is signed.
 */
function asanaHandshake(accept: boolean): Handshake {
  return headerChallenge({
    name: 'asana.handshake',
    arrives: `POST with ${SECRET_HEADER} (not signed)`,
    header: SECRET_HEADER,
    methods: ['POST'],
    reply(secret, request) {
      if (!accept) {
        throw new WebhookVerificationError(
          'handshake_refused',
          'asana.handshake is refused: this route does not accept new webhooks. Create the scheme with acceptHandshake: true while you register one.',
          { provider: request.provider },
        );
      }
      return { status: 200, headers: { [SECRET_HEADER]: secret }, body: '' };
    },
  });
}

/**
 * Asana's heartbeat: a signed delivery with no event (`{"events":[]}`), which Asana sends to
 * check that a webhook's target is alive and which repeats byte for byte. Answered 200 without
 * the handler and never claimed in the replay store, as every handshake: a replay store
 * would otherwise refuse the second heartbeat as a replay, and a webhook whose target keeps
 * failing is deleted by Asana.
 */
const ASANA_HEARTBEAT: Handshake = {
  name: 'asana.heartbeat',
  signed: true,
  arrives: 'POST {"events":[]} (signed)',
  answer(request) {
    const events = payloadField(request.payload, 'events');
    const onlyEvents =
      request.payload !== null &&
      typeof request.payload === 'object' &&
      Object.keys(request.payload).length === 1;
    return onlyEvents && Array.isArray(events) && events.length === 0 ? emptyReply() : undefined;
  },
};

/**
 * Asana: `X-Hook-Signature: <hex HMAC-SHA256(secret, body)>` over the raw body, the secret
 * being the webhook's `X-Hook-Secret`, used as text (developers.asana.com/docs/webhooks-guide;
 * Asana's example servers in Asana/devrel-examples compute exactly that). Nothing is
 * timestamped: replays are refused by the matched digest for 24 h.
 *
 * **The handshake delivers the secret unauthenticated.** Asana's examples store whatever
 * `X-Hook-Secret` arrives, so anyone who posts one can replace the key and then sign events
 * of their own. This preset never takes a secret from a request: the secret is configured,
 * read from Asana's answer to your authenticated `POST /webhooks` (which carries the same
 * `X-Hook-Secret`). It echoes the handshake only when `acceptHandshake` is set, for the time
 * you register a webhook, and refuses it otherwise.
 *
 * Asana's heartbeats (an empty `events` list) are answered 200 once they verify, and never
 * reach the replay store (see `asana.heartbeat`). Event bodies carry no id outside their
 * events, so two identical bodies are one delivery to a replay store. Asana publishes no SDK
 * verifier and no signed example: checked against independent vectors (node:crypto).
 *
 * @example
 * ```ts
 * const scheme = asana({ secret: process.env.ASANA_WEBHOOK_SECRET! });
 * ```
 */
export function asana<TPayload = unknown>(
  options: AsanaOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'asana',
    secret: options.secret,
    signature: { header: 'x-hook-signature' },
    handshakes: [asanaHandshake(options.acceptHandshake === true), ASANA_HEARTBEAT],
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Asana in the list of providers. */
export const ASANA_PROVIDER = {
  id: 'asana',
  title: 'Asana webhooks',
  vendor: 'asana',
  family: 'hmac',
  docs: 'https://developers.asana.com/docs/webhooks-guide',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'secret',
      env: 'ASANA_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: "the webhook's X-Hook-Secret",
      demo: 'demo-asana-x-hook-secret',
    },
  ],
  factory: asana,
  route: '/webhooks/asana',
  sample: (now) => ({
    body: {
      events: [
        {
          user: { gid: '100', resource_type: 'user' },
          created_at: isoSeconds(now),
          action: 'changed',
          resource: { gid: `task-${now}`, resource_type: 'task', resource_subtype: 'default_task' },
          parent: null,
          change: { field: 'completed', action: 'changed' },
        },
      ],
    },
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    none: 'Asana publishes no SDK verifier and no signed example.',
    vector:
      'independent vectors: HMAC-SHA256 through node:crypto (test/vectors/generate-asana.mjs)',
  },
} as const satisfies ProviderDefinition;
