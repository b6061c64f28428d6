import { WebClient } from '@slack/web-api';
import { standinToken, startStandin, type StandinHarness } from './support/slack-standin';

describe('Slack stand-in', () => {
  let standin: StandinHarness;
  let deliveriesId: string;

  beforeAll(async () => {
    standin = await startStandin();
    deliveriesId = standin.standin.channels.find('deliveries')!.id;
  });
  afterEach(async () => {
    await standin.reset();
  });
  afterAll(async () => {
    await standin.close();
  });

  async function postForm(fields: Record<string, string>, token: string | null = standinToken) {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${standin.apiUrl}chat.postMessage`, { method: 'POST', headers, body: new URLSearchParams(fields).toString() });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), contentType: response.headers.get('content-type'), body: (await response.json()) as any };
  }

  async function postJson(body: unknown, token = standinToken) {
    const response = await fetch(`${standin.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  test('form post with blocks', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Hello*' } }];

    const response = await postForm({ channel: '#deliveries', text: 'Hello', blocks: JSON.stringify(blocks) });

    expect(response.status).toBe(200);
    expect(response.contentType).toBe('application/json; charset=utf-8');
    expect(response.body).toEqual({
      ok: true,
      channel: deliveriesId,
      ts: expect.stringMatching(/^\d{10}\.\d{6}$/),
      message: { type: 'message', subtype: 'bot_message', text: 'Hello', user: 'U0STANDIN', bot_id: 'B0STANDIN', app_id: 'A0STANDIN', team: 'T0STANDIN', ts: response.body.ts, blocks },
    });
    expect(await standin.messages()).toEqual([
      { channel: deliveriesId, channelName: 'deliveries', ts: response.body.ts, text: 'Hello', blocks, encoding: 'form', receivedAt: expect.any(String) },
    ]);
  });

  test('JSON post by channel id', async () => {
    const response = await postJson({ channel: deliveriesId, text: 'By id' });

    expect(response.body).toMatchObject({ ok: true, channel: deliveriesId, message: { text: 'By id' } });
    const [message] = await standin.messages('deliveries');
    expect(message).toMatchObject({ channel: deliveriesId, text: 'By id', blocks: null, encoding: 'json' });
  });

  test('token in the form body', async () => {
    const response = await postForm({ token: standinToken, channel: 'deliveries', text: 'legacy' }, null);

    expect(response.body.ok).toBe(true);
  });

  test('timestamps increase', async () => {
    const first = await postForm({ channel: 'deliveries', text: 'one' });
    const second = await postForm({ channel: 'deliveries', text: 'two' });

    expect(Number(second.body.ts)).toBeGreaterThan(Number(first.body.ts));
  });

  test.each([
    ['missing token', { channel: 'deliveries', text: 'x' }, null, 'not_authed'],
    ['wrong token', { channel: 'deliveries', text: 'x' }, 'xoxb-wrong', 'invalid_auth'],
    ['missing channel', { text: 'x' }, standinToken, 'channel_not_found'],
    ['unknown channel', { channel: '#nowhere', text: 'x' }, standinToken, 'channel_not_found'],
    ['channel without the app', { channel: '#private-ops', text: 'x' }, standinToken, 'not_in_channel'],
    ['no text or blocks', { channel: 'deliveries' }, standinToken, 'no_text'],
    ['blocks not JSON', { channel: 'deliveries', blocks: '[{' }, standinToken, 'invalid_blocks_format'],
    ['text too long', { channel: 'deliveries', text: 'x'.repeat(40_001) }, standinToken, 'msg_too_long'],
  ])('%s returns its error', async (_case, fields, token, error) => {
    const response = await postForm(fields, token);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: false, error });
    expect(await standin.messages()).toEqual([]);
  });

  test('blocks over Block Kit limits', async () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
      { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
      { type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } },
    ];

    const response = await postJson({ channel: 'deliveries', text: 'x', blocks });

    const errors = [
      'must be less than 151 characters [json-pointer:/blocks/0/text/text]',
      'no more than 10 items allowed [json-pointer:/blocks/1/fields]',
      'must be less than 3001 characters [json-pointer:/blocks/2/text/text]',
    ];
    expect(response.body).toEqual({ ok: false, error: 'invalid_blocks', errors, response_metadata: { messages: errors.map((line) => `[ERROR] ${line}`) } });
  });

  test('ratelimited fault returns 429', async () => {
    await standin.armFault({ error: 'ratelimited', count: 2, retryAfterSeconds: 4 });

    const first = await postForm({ channel: 'deliveries', text: 'x' });
    const second = await postForm({ channel: 'deliveries', text: 'x' });
    const third = await postForm({ channel: 'deliveries', text: 'x' });

    for (const limited of [first, second]) {
      expect(limited.status).toBe(429);
      expect(limited.retryAfter).toBe('4');
      expect(limited.body).toEqual({ ok: false, error: 'ratelimited' });
    }
    expect(third.body.ok).toBe(true);
    expect(await standin.messages()).toHaveLength(1);
  });

  test('Slack client reads the rate limit', async () => {
    await standin.armFault({ error: 'ratelimited', retryAfterSeconds: 3 });
    const client = new WebClient(standinToken, { slackApiUrl: standin.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });

    const error = await client.chat.postMessage({ channel: 'deliveries', text: 'x' }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 3 });
  });

  test('invalid fault is rejected', async () => {
    const response = await fetch(`${standin.url}/_standin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'Rate Limited!' }) });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'Invalid fault: error: expected a Slack error code such as ratelimited or internal_error. Send {"error": "ratelimited", "count": 1, "retryAfterSeconds": 2}.',
    });
  });

  test('DELETE clears the messages', async () => {
    await postForm({ channel: 'deliveries', text: 'x' });
    expect(await standin.messages()).toHaveLength(1);

    const response = await fetch(`${standin.url}/_standin/messages`, { method: 'DELETE' });

    expect(response.status).toBe(204);
    expect(await standin.messages()).toEqual([]);
  });

  test('channels list their ids', async () => {
    const response = await fetch(`${standin.url}/_standin/channels`);

    expect(await response.json()).toEqual({
      channels: [
        { id: deliveriesId, name: 'deliveries', appIsMember: true },
        { id: expect.stringMatching(/^C[0-9A-F]{10}$/), name: 'media-ops', appIsMember: true },
        { id: expect.stringMatching(/^C[0-9A-F]{10}$/), name: 'private-ops', appIsMember: false },
      ],
    });
    expect(deliveriesId).toMatch(/^C[0-9A-F]{10}$/);
  });
});
