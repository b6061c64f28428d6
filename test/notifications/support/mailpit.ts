import { loadConfig } from '../../../src/config';

/** A message as Mailpit's REST API returns it from `/api/v1/message/{ID}`, with the fields the tests read. */
export interface MailpitMessage {
  ID: string;
  MessageID: string;
  From: { Name: string; Address: string };
  To: { Name: string; Address: string }[];
  Cc: { Name: string; Address: string }[] | null;
  Subject: string;
  Text: string;
  HTML: string;
}

function mailpitUrl(): string {
  return `http://127.0.0.1:${loadConfig().stack.ports.mailpitHttp}`;
}

/** Returns the messages sent to this address, newest first. Other test files share Mailpit, so each test uses its own address. */
export async function messagesTo(address: string): Promise<MailpitMessage[]> {
  const search = await fetch(`${mailpitUrl()}/api/v1/search?query=${encodeURIComponent(`to:"${address}"`)}`);
  if (!search.ok) throw new Error(`Mailpit search for ${address} failed with HTTP ${search.status}: is the local stack's Mailpit running?`);
  const { messages } = (await search.json()) as { messages: { ID: string }[] };
  return Promise.all(
    messages.map(async ({ ID }) => {
      const response = await fetch(`${mailpitUrl()}/api/v1/message/${ID}`);
      return (await response.json()) as MailpitMessage;
    }),
  );
}

/** Waits until exactly `count` messages to the address are stored, then returns them; fails after 10 s. */
export async function waitForMessagesTo(address: string, count = 1): Promise<MailpitMessage[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const messages = await messagesTo(address);
    if (messages.length >= count) return messages;
    if (Date.now() > deadline) throw new Error(`Mailpit holds ${messages.length} messages to ${address} after 10 s, expected ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Returns the message's headers, each name mapped to its values. */
export async function headersOf(message: MailpitMessage): Promise<Record<string, string[]>> {
  const response = await fetch(`${mailpitUrl()}/api/v1/message/${message.ID}/headers`);
  return (await response.json()) as Record<string, string[]>;
}

/** Returns the body with SMTP's CRLF line endings turned into LF, as the code under test wrote it. */
export function lf(body: string): string {
  return body.replace(/\r\n/g, '\n');
}
