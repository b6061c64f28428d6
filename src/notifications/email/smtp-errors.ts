import { ApplicationFailure } from '@temporalio/common';
import { parseSmtpUrl } from './mailer';

/** The fields of a nodemailer error that describe an SMTP failure. */
interface SmtpError {
  message: string;
  code?: string;
  responseCode?: number;
}

/**
 * Converts a failed send into a Temporal failure. Rejected credentials and a
 * permanent (5xx) rejection of every recipient cannot succeed on retry, so
 * they are non-retryable. Connection errors, timeouts and temporary (4xx)
 * replies are retryable. The message names the server by host and port only.
 */
export function smtpFailure(error: unknown, context: { server: string; emailKind: string; secrets: string[] }): ApplicationFailure {
  const smtp = asSmtpError(error);
  const detail = withoutSecrets(smtp.message, context.secrets);
  const failed = `Sending the ${context.emailKind} email through the SMTP server ${context.server} failed (${smtp.code ?? 'unknown error'}): ${detail}`;

  // NOTE: no test covers the EAUTH and EENVELOPE branches, because the local
  // stack's Mailpit accepts every login and every recipient.
  if (smtp.code === 'EAUTH') {
    return ApplicationFailure.nonRetryable(`${failed}. Set SMTP_URL with a user and password that this server accepts, then restart the worker.`, 'SmtpAuthFailed');
  }
  if (smtp.code === 'EENVELOPE' && smtp.responseCode !== undefined && smtp.responseCode >= 500) {
    return ApplicationFailure.nonRetryable(`${failed}. Check the recipients' addresses and the server's relay rules.`, 'EmailRecipientsRejected');
  }
  return ApplicationFailure.retryable(`${failed}. The activity retries.`, 'SmtpSendFailed');
}

// Reads the fields by shape, because an error raised inside Node's socket code
// may come from another realm (as under Jest), where instanceof Error is false.
function asSmtpError(error: unknown): SmtpError {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const fields = error as { message?: unknown; code?: unknown; responseCode?: unknown };
  return {
    message: typeof fields.message === 'string' ? fields.message : 'no message',
    code: typeof fields.code === 'string' ? fields.code : undefined,
    responseCode: typeof fields.responseCode === 'number' ? fields.responseCode : undefined,
  };
}

// Removes any secret that a server's reply might echo, as a second guard.
function withoutSecrets(text: string, secrets: string[]): string {
  return secrets.filter((secret) => secret !== '').reduce((result, secret) => result.split(secret).join('[redacted]'), text);
}

/** Returns the password of an SMTP URL, as written and decoded, so that messages can leave it out. */
export function smtpSecretsOf(smtpUrl: string): string[] {
  const url = parseSmtpUrl(smtpUrl);
  return [url.password, decodeURIComponent(url.password)].filter((secret) => secret !== '');
}
