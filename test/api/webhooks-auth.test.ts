import { createHmac } from 'node:crypto';
import { signWebhookBody, verifyWebhookRequest } from '../../src/api/webhook-auth';
import { createIntegration, packageRowCounts, postWebhook, startApi, webhookSecret, type ApiHarness, type WebhookAuth } from '../packages/support/api-harness';
import { newPackage } from '../packages/support/packages';

describe('webhook authentication', () => {
  let harness: ApiHarness;
  let nowSeconds: number;

  beforeAll(async () => {
    harness = await startApi();
    await createIntegration(harness);
  });

  afterAll(async () => {
    await harness?.close();
  });

  beforeEach(async () => {
    await harness.raw.execute('DELETE FROM packages');
    harness.starter.calls.length = 0;
    harness.logs.length = 0;
    harness.clock.nowMs = Date.UTC(2026, 2, 2, 10, 0, 0);
    nowSeconds = harness.clock.nowMs / 1000;
  });

  describe('accepted', () => {
    const accepted: [string, () => WebhookAuth][] = [
      ['a valid signature', () => ({ kind: 'signature' })],
      ['a signature 300 seconds old', () => ({ kind: 'signature', timestampSeconds: nowSeconds - 300 })],
      ['a signature 300 seconds ahead', () => ({ kind: 'signature', timestampSeconds: nowSeconds + 300 })],
      ['the static secret', () => ({ kind: 'secret' })],
    ];

    it.each(accepted)('stores and starts with %s', async (_case, auth) => {
      const { status, body } = await postWebhook(harness, newPackage(), auth());

      expect(status).toBe(202);
      expect(body.deliveries).toHaveLength(1);
      expect(harness.starter.calls).toHaveLength(1);
      expect(await packageRowCounts(harness)).toEqual({ packages: 1, files: 2, folders: 3 });
    });

    it('accepts a second v1 among several', async () => {
      const raw = JSON.stringify(newPackage());
      const valid = signWebhookBody(raw, webhookSecret, nowSeconds);
      const header = `t=${nowSeconds},v1=${'0'.repeat(64)},${valid.split(',')[1]},v0=ignored`;

      const { status } = await postWebhook(harness, raw, { kind: 'header', name: 'x-signature', value: header });

      expect(status).toBe(202);
    });
  });

  describe('rejected', () => {
    const rejected: [string, () => WebhookAuth, string, string][] = [
      ['no header', () => ({ kind: 'none' }), 'missing_signature', 'The webhook carries no X-Signature or X-Webhook-Secret header'],
      ['a wrong signing secret', () => ({ kind: 'signature', secret: 'another-secret-0123456789' }), 'invalid_signature', 'The X-Signature does not match the body'],
      ['a signature 301 seconds old', () => ({ kind: 'signature', timestampSeconds: nowSeconds - 301 }), 'stale_signature', 'The X-Signature timestamp is 301 seconds old'],
      ['a signature 301 seconds ahead', () => ({ kind: 'signature', timestampSeconds: nowSeconds + 301 }), 'stale_signature', 'The X-Signature timestamp is 301 seconds in the future'],
      ['a header without v1', () => ({ kind: 'header', name: 'x-signature', value: `t=${nowSeconds}` }), 'malformed_signature', 'The X-Signature header is malformed'],
      ['a short v1', () => ({ kind: 'header', name: 'x-signature', value: `t=${nowSeconds},v1=abcd` }), 'malformed_signature', 'expected "t=<unix seconds>,v1=<64 hex digits>"'],
      ['a non-numeric timestamp', () => ({ kind: 'header', name: 'x-signature', value: `t=now,v1=${'a'.repeat(64)}` }), 'malformed_signature', 'malformed'],
      ['a wrong static secret', () => ({ kind: 'secret', secret: 'wrong-secret-but-long-enough' }), 'invalid_secret', "does not match the server's WEBHOOK_SECRET"],
      ['an empty static secret', () => ({ kind: 'header', name: 'x-webhook-secret', value: '' }), 'invalid_secret', 'X-Webhook-Secret'],
    ];

    it.each(rejected)('returns 401 for %s', async (_case, auth, error, message) => {
      const { status, body } = await postWebhook(harness, newPackage(), auth());

      expect(status).toBe(401);
      expect(body.error).toBe(error);
      expect(body.message).toContain(message);
      expect(JSON.stringify(body)).not.toContain(webhookSecret);
      expect(harness.starter.calls).toEqual([]);
      expect(await packageRowCounts(harness)).toEqual({ packages: 0, files: 0, folders: 0 });
      expect(harness.logs).toContainEqual(expect.objectContaining({ reason: error, msg: 'webhook rejected' }));
      expect(JSON.stringify(harness.logs)).not.toContain(webhookSecret);
    });

    it('rejects a body changed after signing', async () => {
      const signed = JSON.stringify(newPackage());
      const header = signWebhookBody(signed, webhookSecret, nowSeconds);
      const tampered = signed.replace('"size":12', '"size":13');

      const { status, body } = await postWebhook(harness, tampered, { kind: 'header', name: 'x-signature', value: header });

      expect(status).toBe(401);
      expect(body.error).toBe('invalid_signature');
      expect(await packageRowCounts(harness)).toEqual({ packages: 0, files: 0, folders: 0 });
    });

    it('signs the exact bytes, whitespace included', async () => {
      const compact = JSON.stringify(newPackage());
      const pretty = JSON.stringify(newPackage(), null, 2);

      const { status } = await postWebhook(harness, pretty, { kind: 'header', name: 'x-signature', value: signWebhookBody(compact, webhookSecret, nowSeconds) });

      expect(status).toBe(401);
      expect((await postWebhook(harness, pretty)).status).toBe(202);
    });

    it('checks the signature before parsing', async () => {
      const { status, body } = await postWebhook(harness, '{not json', { kind: 'none' });

      expect(status).toBe(401);
      expect(body.error).toBe('missing_signature');
    });

    it('ignores the secret header when a signature is present', async () => {
      const raw = JSON.stringify(newPackage());
      const response = await fetch(`${harness.url}/webhooks/packages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': `t=${nowSeconds},v1=${'0'.repeat(64)}`, 'x-webhook-secret': webhookSecret },
        body: raw,
      });

      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: string }).error).toBe('invalid_signature');
    });
  });

  describe('verifyWebhookRequest', () => {
    it('matches a signature computed independently', () => {
      const body = Buffer.from('{"id":"caf\u00e9 🎬"}', 'utf8');
      const hex = createHmac('sha256', 'k'.repeat(16)).update(Buffer.concat([Buffer.from('1767225600.'), body])).digest('hex');

      expect(signWebhookBody(body, 'k'.repeat(16), 1_767_225_600)).toBe(`t=1767225600,v1=${hex}`);
      expect(verifyWebhookRequest({ signature: `t=1767225600,v1=${hex.toUpperCase()}`, secret: undefined }, body, 'k'.repeat(16), 1_767_225_600)).toEqual({
        ok: true,
        method: 'signature',
      });
    });
  });
});
