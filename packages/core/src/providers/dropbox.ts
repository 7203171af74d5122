import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import { queryChallenge } from '../handshake/flows.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type HmacSignInput, hmac } from './hmac.js';

/**
 * Dropbox's verification request (dropbox.com/developers/reference/webhooks): `GET
 * ?challenge=…`, answered by echoing the challenge as `text/plain` with
 * `X-Content-Type-Options: nosniff`, as Dropbox asks. Nothing in it is signed.
 */
const DROPBOX_CHALLENGE = queryChallenge({
  name: 'dropbox.challenge',
  arrives: 'GET ?challenge=… (not signed)',
  challenge: 'challenge',
});

/** Options for {@link dropbox}. */
export interface DropboxOptions {
  /** The app secret (App Console → Settings); a list while rotating. */
  readonly appSecret: SecretInput;
  /** Seconds a replay store remembers a notification (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Dropbox webhooks: `X-Dropbox-Signature: <hex HMAC-SHA256(app secret, body)>`. The
 * verification GET is answered by the adapters. Nothing is timestamped and notifications
 * carry no id: a notification only says which accounts changed (`{"list_folder":
 * {"accounts": [...]}}`), so two notifications about the same account are the same bytes.
 * A replay store would refuse the second as a replay for `replayTtl` seconds; a repeated
 * notification is harmless (it only prompts a `list_folder/continue`), so mount a Dropbox
 * route without a replay store, or give it a short `replayTtl`. Checked against independent
 * vectors (Dropbox publishes no example, and its SDK verifies nothing).
 *
 * @example
 * ```ts
 * const scheme = dropbox({ appSecret: process.env.DROPBOX_APP_SECRET! });
 * ```
 */
export function dropbox<TPayload = unknown>(
  options: DropboxOptions,
): WebhookScheme<TPayload, HmacSignInput, SignedHttpRequest> {
  return hmac<TPayload>({
    name: 'dropbox',
    secret: options.appSecret,
    signature: { header: 'x-dropbox-signature' },
    handshakes: [DROPBOX_CHALLENGE],
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Dropbox in the list of providers. */
export const DROPBOX_PROVIDER = {
  id: 'dropbox',
  title: 'Dropbox webhooks',
  vendor: 'dropbox',
  family: 'hmac',
  docs: 'https://www.dropbox.com/developers/reference/webhooks',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'appSecret',
      env: 'DROPBOX_APP_SECRET',
      secret: true,
      format: 'list',
      description: 'app secret',
      demo: 'demo-dropbox-app-secret',
    },
  ],
  factory: dropbox,
  route: '/webhooks/dropbox',
  // A real notification repeats byte for byte; the demo's differs with `now` so that it is
  // a new delivery each run, not a replay.
  sample: (now) => ({
    body: {
      list_folder: { accounts: [`dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc${now}`] },
      delta: { users: [100] },
    },
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    none: 'Dropbox publishes no Node verifier and no signed example.',
    vector: 'independent vectors',
  },
} as const satisfies ProviderDefinition;
