#!/usr/bin/env node
// Writes test/vectors/telegram.json: Telegram's `X-Telegram-Bot-Api-Secret-Token`, the
// `secret_token` given to setWebhook, sent as is (core.telegram.org/bots/api#setwebhook).
// Telegram publishes no example request; every case is put to grammY 1.46's
// `webhookCallback(bot, 'std/http', { secretToken })`, which must answer 200 exactly where
// the case is accepted and 401 elsewhere. No hookguard code is involved.
// Run: node test/vectors/generate-telegram.mjs
import { writeFileSync } from 'node:fs';
import { Bot, webhookCallback } from 'grammy';

const ROUTE = '/webhooks/telegram';
const TOKEN = 'telegram_vector-Secret_Token_0123456789';
const OTHER = 'another-telegram-secret-token';
const BODY =
  '{"update_id":10000,"message":{"message_id":1365,"date":1700000000,"chat":{"id":1111111,"type":"private","first_name":"Test"},"from":{"id":1111111,"is_bot":false,"first_name":"Test"},"successful_payment":{"currency":"USD","total_amount":100,"invoice_payload":"order-1","telegram_payment_charge_id":"tg_1","provider_payment_charge_id":"pp_1"}}}';

/** A bot that knows itself, so grammY never calls Telegram's getMe. */
const bot = new Bot('123456:vectors', {
  botInfo: {
    id: 123456,
    is_bot: true,
    first_name: 'Vectors',
    username: 'vectors_bot',
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

/** grammY's answer for the request when `secretToken` is configured. */
async function grammyAccepts(
  /** @type {string} */ secretToken,
  /** @type {Record<string, string>} */ headers,
  /** @type {string} */ body,
) {
  const handle = webhookCallback(bot, 'std/http', { secretToken });
  const response = await handle(
    new Request(`https://bot.example${ROUTE}`, { method: 'POST', headers, body }),
  );
  if (response.status !== 200 && response.status !== 401)
    throw new Error(`grammY answered ${response.status}`);
  return response.status === 200;
}

const request = (/** @type {Record<string, string>} */ fields, body = BODY) => ({
  method: 'POST',
  url: ROUTE,
  headers: { 'content-type': 'application/json', ...fields },
  body,
});
const withToken = (/** @type {string} */ token) => ({ 'x-telegram-bot-api-secret-token': token });

const cases = [
  {
    name: 'accepts an update carrying the secret token',
    request: request(withToken(TOKEN)),
    expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
    sign: { input: { body: BODY }, signature: TOKEN },
  },
  {
    name: 'accepts the second of two tokens while rotating',
    options: { secretToken: [OTHER, TOKEN] },
    request: request(withToken(TOKEN)),
    expect: { accepted: true, matchedKey: 1 },
  },
  {
    name: 'accepts any body with the token: nothing is signed',
    request: request(withToken(TOKEN), BODY.replace('"total_amount":100', '"total_amount":1')),
    expect: { accepted: true, matchedKey: 0 },
  },
  {
    name: 'rejects another token',
    request: request(withToken(OTHER)),
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects the token in another case',
    request: request(withToken(TOKEN.toUpperCase())),
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects a prefix of the token',
    request: request(withToken(TOKEN.slice(0, -1))),
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects the token in Authorization',
    request: request({ authorization: TOKEN }),
    expect: { code: 'missing_signature' },
  },
  {
    name: 'rejects an update without the header',
    request: request({}),
    expect: { code: 'missing_signature' },
  },
];

for (const testCase of cases) {
  let accepted = false;
  for (const token of [testCase.options?.secretToken ?? TOKEN].flat())
    accepted ||= await grammyAccepts(token, testCase.request.headers, testCase.request.body);
  if (accepted !== 'accepted' in testCase.expect)
    throw new Error(`grammY webhookCallback disagrees with "${testCase.name}"`);
}

const vectors = {
  scheme: 'telegram',
  source:
    'independent vectors, every case agreed by grammY 1.46.0 webhookCallback with secretToken (test/vectors/generate-telegram.mjs); Telegram publishes no example request',
  options: { secretToken: TOKEN },
  cases,
};

writeFileSync(new URL('./telegram.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
