#!/usr/bin/env node
// Writes test/vectors/gitlab.json: GitLab webhooks with a Secret token, which GitLab sends
// as is in `X-Gitlab-Token` (docs.gitlab.com/user/project/integrations/webhooks). GitLab
// publishes no Node verifier and no example request with a token, so these are independent
// vectors: the request GitLab documents, the token copied in as text. Nothing is computed,
// and no hookguard code is involved.
// Run: node test/vectors/generate-gitlab.mjs
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/gitlab';
const TOKEN = 'gitlab-vector-secret-token';
const OTHER = 'another-gitlab-secret-token';
const BODY =
  '{"object_kind":"push","event_name":"push","before":"95790bf891e76fee5e1747ab589903a6a1f80f22","after":"da1560886d4f094c3e6c9ef40349f7d38b5d27d7","ref":"refs/heads/main","user_username":"root","project_id":100,"project":{"id":100,"path_with_namespace":"acme/shop"},"total_commits_count":1}';

/** What GitLab sends beside the token; none of it is checked. */
const GITLAB_HEADERS = {
  'x-gitlab-event': 'Push Hook',
  'x-gitlab-event-uuid': '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
  'x-gitlab-webhook-uuid': '1a2b3c4d-5e6f-4a0b-9c8d-7e6f5a4b3c2d',
  'x-gitlab-instance': 'https://gitlab.example.com',
  'idempotency-key': '5b9a8f2e-3c41-4d7a-8e6f-0a1b2c3d4e5f',
};
const request = (/** @type {Record<string, string>} */ fields, body = BODY) => ({
  method: 'POST',
  url: ROUTE,
  headers: { 'content-type': 'application/json', ...GITLAB_HEADERS, ...fields },
  body,
});

const vectors = {
  scheme: 'gitlab',
  source:
    'independent vectors (test/vectors/generate-gitlab.mjs): the token as text, as GitLab documents it; GitLab publishes no Node verifier and no example request with a token',
  options: { secretToken: TOKEN },
  cases: [
    {
      name: 'accepts a push event carrying the secret token',
      request: request({ 'x-gitlab-token': TOKEN }),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
      sign: { input: { body: BODY }, signature: TOKEN },
    },
    {
      name: 'accepts the second of two tokens while rotating',
      options: { secretToken: [OTHER, TOKEN] },
      request: request({ 'x-gitlab-token': TOKEN }),
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'accepts any body with the token: nothing is signed',
      request: request(
        { 'x-gitlab-token': TOKEN },
        BODY.replace('"project_id":100', '"project_id":1'),
      ),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'rejects another token',
      request: request({ 'x-gitlab-token': OTHER }),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the token with a suffix',
      request: request({ 'x-gitlab-token': `${TOKEN}x` }),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the token in Authorization only',
      request: request({ authorization: TOKEN }),
      expect: { code: 'missing_signature' },
    },
    {
      name: 'rejects a request without X-Gitlab-Token',
      request: request({}),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('./gitlab.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
