import { WebhookVerificationError } from '../../errors.js';
import { payloadField, signedHandshake } from '../../handshake/flows.js';
import { emptyReply, type Handshake, type HandshakeRequest } from '../../handshake/handshake.js';
import {
  describeFetchFailure,
  fetchKeyDocument,
  type KeyFetchPolicy,
  trustedKeyUrl,
} from '../../keys/key-fetch.js';

/** The handshake's name, in `explain`, logs and `webhook.handshake`. */
export const SUBSCRIPTION_CONFIRMATION = 'aws-sns.subscription_confirmation';

/**
 * The signed `SubscribeURL`, checked before it is fetched: `https` on SNS's own hosts (the
 * key fetch policy's, `untrusted_key_url` otherwise), and SNS's `ConfirmSubscription` action
 * for the message's own topic (`malformed_request` otherwise). AWS signed it, so neither
 * should ever fail; both keep the route from GETting anything but a confirmation.
 */
function subscribeUrl(payload: unknown, request: HandshakeRequest, policy: KeyFetchPolicy): URL {
  const url = trustedKeyUrl(payloadField(payload, 'SubscribeURL') as string, policy);
  if (
    url.pathname !== '/' ||
    url.hash !== '' ||
    url.searchParams.get('Action') !== 'ConfirmSubscription' ||
    url.searchParams.get('TopicArn') !== payloadField(payload, 'TopicArn')
  ) {
    throw new WebhookVerificationError(
      'malformed_request',
      "the SubscribeURL is not SNS's ConfirmSubscription action for the message's topic; it is not fetched.",
      { provider: request.provider },
    );
  }
  return url;
}

/**
 * AWS SNS's `SubscriptionConfirmation`, confirmed (`confirmSubscription: true`): once the
 * message verified and its topic is one the route accepts, GET its signed `SubscribeURL`
 * (through the key fetch policy: SNS's hosts only, no redirect, the fetch timeout and size
 * cap) and answer an empty 200. A GET that fails is `handshake_failed` (503): the
 * subscription stays pending and SNS retries the confirmation.
 */
export function subscriptionConfirmation(policy: KeyFetchPolicy): Handshake {
  return signedHandshake({
    name: SUBSCRIPTION_CONFIRMATION,
    arrives: 'POST {"Type":"SubscriptionConfirmation",…,"SubscribeURL":…} (signed)',
    match: { field: 'Type', equals: 'SubscriptionConfirmation' },
    reply(payload, request) {
      subscribeUrl(payload, request, policy);
      return emptyReply();
    },
    async perform(payload, request) {
      const url = subscribeUrl(payload, request, policy);
      try {
        await fetchKeyDocument(url.href, policy);
      } catch (error) {
        // Once the URL passed (above), fetchKeyDocument rejects only with key_unavailable,
        // whose cause says what failed. The URL carries the confirmation token: the message
        // names only its host.
        const { cause } = error as { cause?: unknown };
        throw new WebhookVerificationError(
          'handshake_failed',
          `could not confirm the subscription to ${String(payloadField(payload, 'TopicArn'))}: the GET of its SubscribeURL on ${url.hostname} failed (${describeFetchFailure(cause)}). Nothing was answered, and SNS retries the confirmation; if this lasts, check outbound HTTPS to ${url.hostname}, or pass a fetch that goes through your proxy.`,
          { provider: request.provider, cause },
        );
      }
    },
  });
}
