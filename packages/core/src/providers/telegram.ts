import type { ProviderDefinition } from '../catalog/provider-entry.js';
import { jsonSignInput } from '../catalog/sign-inputs.js';
import type { SecretInput } from '../keys/key-ring.js';
import type { WebhookScheme } from '../scheme.js';
import type { SignedHttpRequest } from '../signed-request.js';
import { type SharedTokenSignInput, sharedToken } from './shared-token.js';

const NAME = 'telegram';
// setWebhook's secret_token: "1-256 characters. Only characters A-Z, a-z, 0-9, _ and - are allowed."
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

/** Options for {@link telegram}. */
export interface TelegramOptions {
  /** The `secret_token` you gave `setWebhook`; a list while rotating. */
  readonly secretToken: SecretInput;
  /** Seconds a replay store remembers a body (nothing is timestamped); default 24 h. */
  readonly replayTtl?: number;
}

/**
 * Telegram Bot API webhooks: every update carries `X-Telegram-Bot-Api-Secret-Token`, the
 * `secret_token` given to `setWebhook` (core.telegram.org/bots/api#setwebhook), as is. It
 * is a shared token, not a signature (see `sharedToken`): it proves the sender knows it,
 * never what it sent, so a captured request can carry any update. Replays are deduplicated
 * on the body for 24 h, which also refuses Telegram's own retries of an update (each has
 * its `update_id`). Telegram sends from 149.154.160.0/20 and 91.108.4.0/22
 * (core.telegram.org/bots/webhooks): allow only those where you can.
 *
 * A token outside what `setWebhook` accepts (1–256 of `A-Z a-z 0-9 _ -`) is a `TypeError`
 * here, since Telegram would never send it. Checked against grammY's `webhookCallback`
 * with `secretToken` (the framework compares the header the same way).
 *
 * @example
 * ```ts
 * const scheme = telegram({ secretToken: process.env.TELEGRAM_WEBHOOK_SECRET_TOKEN! });
 * ```
 */
export function telegram<TPayload = unknown>(
  options: TelegramOptions,
): WebhookScheme<TPayload, SharedTokenSignInput, SignedHttpRequest> {
  const tokens = options?.secretToken;
  const list = typeof tokens === 'string' ? [tokens] : Array.isArray(tokens) ? tokens : [];
  list.forEach((token, index) => {
    if (typeof token === 'string' && !SECRET_TOKEN.test(token)) {
      throw new TypeError(
        `[hookguard] ${NAME}: secretToken[${index}] must be 1–256 characters of A-Z, a-z, 0-9, _ and -, as setWebhook's secret_token.`,
      );
    }
  });
  return sharedToken<TPayload>({
    name: NAME,
    header: 'X-Telegram-Bot-Api-Secret-Token',
    secret: options.secretToken,
    label: 'the secret token',
    option: 'secretToken',
    ...(options.replayTtl === undefined ? {} : { replayTtl: options.replayTtl }),
  });
}

/** Telegram in the list of providers. */
export const TELEGRAM_PROVIDER = {
  id: NAME,
  title: 'Telegram Bot API webhooks',
  vendor: NAME,
  family: 'shared-token',
  docs: 'https://core.telegram.org/bots/api#setwebhook',
  verifies: true,
  mediaType: 'json',
  timestamped: false,
  settings: [
    {
      option: 'secretToken',
      env: 'TELEGRAM_WEBHOOK_SECRET_TOKEN',
      secret: true,
      format: 'list',
      description: "setWebhook's secret_token",
      demo: 'demo-telegram-secret-token',
    },
  ],
  factory: telegram,
  route: '/webhooks/telegram',
  // A payment confirmed in a chat: what a bot acts on, with an amount of 100 (cents).
  sample: (now) => ({
    body: {
      update_id: now % 1_000_000_000,
      message: {
        message_id: 1,
        date: Math.floor(now / 1000),
        chat: { id: 1001, type: 'private' },
        from: { id: 1001, is_bot: false, first_name: 'Demo' },
        successful_payment: {
          currency: 'USD',
          total_amount: 100,
          invoice_payload: 'order-1',
          telegram_payment_charge_id: `tg_${now}`,
          provider_payment_charge_id: `pp_${now}`,
        },
      },
    },
  }),
  signInput: jsonSignInput,
  checkedAgainst: {
    vector: 'independent vectors, each accepted or refused by grammY webhookCallback',
    sdk: { package: 'grammy', functions: ['webhookCallback'] },
  },
} as const satisfies ProviderDefinition;
