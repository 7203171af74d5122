import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { isoSeconds } from '../catalog/samples.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import { WebhookVerificationError } from '../errors.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { IncomingWebhook } from '../request/incoming-webhook.js';
import {
  defineWebhookScheme,
  type WebhookDefinition,
  type WebhookScheme,
  webhookDefinitionOf,
} from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { epochSeconds } from '../time/timestamps.js';
import { type HmacSignInput, hmac, payloadOf } from './hmac.js';

const NAME = 'persona';
const HEADER = 'persona-signature';

/** Options for {@link persona}. */
export interface PersonaOptions {
  /** The webhook's secret (`wbhsec_…`), used as text; a list while rotating. */
  readonly secret: SecretInput;
  /** Seconds of skew allowed each way on `t`; default 300. */
  readonly tolerance?: number | false;
  /** Seconds a replay store remembers a delivery; default twice the tolerance. */
  readonly replayTtl?: number;
}

/** One `t=…,v1=…` set: its timestamp and its signatures. */
interface SignatureSet {
  readonly t: string | undefined;
  readonly v1: readonly string[];
}

function readSet(text: string): SignatureSet {
  let t: string | undefined;
  const v1: string[] = [];
  for (const entry of text.split(',')) {
    const assign = entry.indexOf('=');
    if (assign === -1) continue;
    const name = entry.slice(0, assign).trim();
    const value = entry.slice(assign + 1).trim();
    if (name === 'v1' && value !== '') v1.push(value);
    if (name !== 't') continue;
    if (t !== undefined) {
      throw new WebhookVerificationError(
        'malformed_request',
        `the t entry appears more than once in a set of the ${HEADER} header.`,
        { provider: NAME },
      );
    }
    t = value;
  }
  return { t, v1 };
}

/**
 * The header's sets: one `t=…,v1=…` normally, two separated by a space while a secret
 * rotates. Every set must carry the same `t`: Persona's own rotation sample computes one
 * digest from the first set's `t` and compares it with every `v1`, so a second `t` is never
 * what was signed, and a request whose sets disagree is ambiguous.
 */
function readHeader(value: string): SignatureSet {
  const sets = value
    .trim()
    // A space after a comma is within a set (`t=…, v1=…`); any other space starts a set.
    .split(/(?<!,) +/)
    .map((set) => readSet(set));
  const t = sets[0]?.t;
  if (sets.some((set) => set.t !== t)) {
    throw new WebhookVerificationError(
      'malformed_request',
      `the sets of the ${HEADER} header carry different t values; Persona signs one timestamp.`,
      { provider: NAME },
    );
  }
  return { t, v1: sets.flatMap((set) => set.v1) };
}

/** The event id of Persona's JSON:API body (`data.id`, `evt_…`), signed with the body. */
function eventId(payload: unknown): string | undefined {
  const data =
    payload !== null && typeof payload === 'object'
      ? (payload as { data?: unknown }).data
      : undefined;
  const id = data !== null && typeof data === 'object' ? (data as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * Persona: `Persona-Signature: t=<unix seconds>,v1=<hex>`, `v1` the hex HMAC-SHA256 of
 * `t + "." + body` under the webhook secret used as text (docs.withpersona.com, "Webhook
 * Best Practices", "Checking signatures"). While a secret rotates the header carries two such
 * sets separated by a space (`t=…,v1=<new> t=…,v1=<old>`), and any `v1` may match, as in
 * Persona's own rotation sample; `hmac()`'s list reader would split that on commas into a
 * `v1` of `<new> t=…`, so this preset reads the sets itself and hands the rest to `hmac()`.
 * The sets must share one `t` (Persona's sample takes the first set's for both digests); a
 * request whose sets disagree is `malformed_request`.
 *
 * Persona documents no window; 300 s each way is the default (`tolerance` changes it).
 * Replays are refused by the event id (`data.id`, `evt_…`), which the signed body carries and
 * Persona keeps when it delivers an event again (its docs: deduplicate on logged events); a
 * body without one falls back to the signed message, which is the same whichever secret
 * matched. Persona publishes no SDK verifier and no signed example: checked against
 * independent vectors (node:crypto).
 *
 * @example
 * ```ts
 * const scheme = persona({ secret: process.env.PERSONA_WEBHOOK_SECRET! });
 * ```
 */
export function persona<TPayload = unknown>(
  options: PersonaOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  const definition = webhookDefinitionOf(
    hmac<TPayload>({
      name: NAME,
      secret: options.secret,
      signature: { header: HEADER, list: { separator: ',', assign: '=', version: 'v1' } },
      timestamp: { listEntry: 't', unit: 's' },
      message: '{timestamp}.{body}',
      ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
      ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
    }),
  ) as WebhookDefinition<TPayload, HmacSignInput, SignedHttpRequest>;
  return defineWebhookScheme({
    ...definition,
    deliveryIdFrom: (payload) => eventId(payload),
    read(request: IncomingWebhook) {
      const value = request.header(HEADER);
      // Absent or empty: the builder's reader says what is missing.
      if (value === undefined || value.trim() === '') return definition.read(request);
      const { t, v1 } = readHeader(value);
      if (v1.length > 0 && (t === undefined || t === '')) {
        throw new WebhookVerificationError(
          'missing_signature',
          `the t entry of the ${HEADER} header is missing.`,
          { provider: NAME },
        );
      }
      const timestamp = epochSeconds(t ?? '');
      return {
        signatures: v1,
        signatureSource:
          v1.length === 0 ? `a v1 signature in the ${HEADER} header` : `the ${HEADER} header`,
        timestamp,
        message: [
          { label: 'timestamp', value: timestamp.raw },
          { label: 'literal', value: '.' },
          { label: 'body', value: request.body },
        ],
        payload: () => payloadOf(request) as TPayload,
      };
    },
  });
}

/** Persona in the list of providers. */
export const PERSONA_PROVIDER = {
  id: 'persona',
  title: 'Persona webhooks',
  vendor: 'persona',
  family: 'hmac',
  docs: 'https://docs.withpersona.com/docs/webhooks-best-practices',
  verifies: true,
  mediaType: 'json',
  timestamped: true,
  settings: [
    {
      option: 'secret',
      env: 'PERSONA_WEBHOOK_SECRET',
      secret: true,
      format: 'list',
      description: 'webhook secret, wbhsec_…',
      demo: 'wbhsec_demo_persona_secret',
    },
  ],
  factory: persona,
  route: '/webhooks/persona',
  sample: (now) => ({
    body: {
      data: {
        type: 'event',
        id: `evt_persona_${now}`,
        attributes: {
          name: 'inquiry.approved',
          'created-at': isoSeconds(now),
          payload: {
            data: {
              type: 'inquiry',
              id: 'inq_demo_1',
              attributes: { status: 'approved', 'reference-id': 'customer-100' },
            },
          },
        },
      },
    },
    timestamp: now,
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    none: 'Persona publishes no SDK verifier and no signed example.',
    vector:
      'independent vectors: HMAC-SHA256 through node:crypto (test/vectors/generate-persona.mjs)',
  },
} as const satisfies ProviderDefinition;
