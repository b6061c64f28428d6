import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

/** One email ready to send. `messageId` includes the angle brackets, for example `<status.ab12@example.com>`. */
export interface OutgoingEmail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Message-ID of an earlier email that this one follows up, so mail clients show both in one thread. */
  inReplyTo?: string;
}

/** Result of one send: the Message-ID and the recipients the SMTP server accepted and rejected. */
export interface SentEmail {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

/** Sends email through one SMTP server. */
export interface Mailer {
  /** Host and port of the SMTP server, without the user or password, for logs and errors. */
  readonly server: string;
  send(email: OutgoingEmail): Promise<SentEmail>;
  close(): void;
}

/**
 * Creates a mailer for an SMTP URL: `smtp://` uses STARTTLS when the server
 * offers it, and `smtps://` uses TLS from the start. A user and password in
 * the URL authenticate. A failed send raises nodemailer's error, which has an
 * SMTP `code` such as EAUTH or ECONNECTION.
 */
export function createSmtpMailer(smtpUrl: string): Mailer {
  const server = smtpServerOf(smtpUrl);
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    // Seconds-long limits, so a server that stops responding fails the attempt
    // and Temporal retries it instead of the activity hanging until its timeout.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } satisfies SMTPTransport.Options);

  return {
    server,
    async send(email) {
      const info = await transport.sendMail({
        from: email.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        inReplyTo: email.inReplyTo,
        references: email.inReplyTo,
      });
      return { messageId: info.messageId, accepted: info.accepted.map(addressText), rejected: info.rejected.map(addressText) };
    },
    close: () => transport.close(),
  };
}

/** Returns `host:port` of an SMTP URL, leaving out the user and password that it may carry. */
export function smtpServerOf(smtpUrl: string): string {
  const url = parseSmtpUrl(smtpUrl);
  if (url.port !== '') return `${url.hostname}:${url.port}`;
  // nodemailer's default ports: 465 for TLS from the start, 587 otherwise.
  const defaultPort = url.protocol === 'smtps:' ? '465' : '587';
  return `${url.hostname}:${defaultPort}`;
}

/**
 * Parses an SMTP URL. The error of an invalid URL leaves the URL out,
 * because it may carry a password; Node's own error would include it.
 */
export function parseSmtpUrl(smtpUrl: string): URL {
  try {
    return new URL(smtpUrl);
  } catch {
    throw new Error('SMTP_URL is not a valid URL: percent-encode special characters in the user and password (for example / as %2F and @ as %40).');
  }
}

function addressText(address: string | { address: string }): string {
  return typeof address === 'string' ? address : address.address;
}
