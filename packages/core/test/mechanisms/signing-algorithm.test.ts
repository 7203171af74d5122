import { awsSns, hmac } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { signingAlgorithm } from '../../src/check-request.js';
import { webhookDefinitionOf } from '../../src/scheme.js';

// The algorithm a message is checked with: the scheme's, or the one a public-key scheme's
// request names (AWS SNS's SignatureVersion). A MAC scheme never changes its digest.

const message = { signatures: [], signatureSource: 'x', message: [] };

describe('signingAlgorithm', () => {
  const sns = webhookDefinitionOf(awsSns({ topicArn: 'arn:aws:sns:us-east-1:123456789012:t' }));
  const mac = webhookDefinitionOf(hmac({ name: 'acme', secret: 's', signature: { header: 'x' } }));

  it("is the scheme's where the message names none", () => {
    expect(signingAlgorithm(sns, message)).toBe('rsa-pkcs1-sha256');
    expect(signingAlgorithm(mac, message)).toBe('sha256');
  });

  it('is the one a public-key scheme’s message names', () => {
    expect(signingAlgorithm(sns, { ...message, algorithm: 'rsa-pkcs1-sha1' })).toBe(
      'rsa-pkcs1-sha1',
    );
  });

  it('is a TypeError for a MAC scheme', () => {
    expect(() => signingAlgorithm(mac, { ...message, algorithm: 'rsa-pkcs1-sha1' })).toThrow(
      '[hookguard] acme: only a public-key scheme may name a message',
    );
  });
});
