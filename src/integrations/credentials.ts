import { inspect } from 'node:util';

/**
 * The App ID and application token that authenticate requests to Iconik.
 * Serialized or inspected, it shows the App ID and replaces the token with
 * "[redacted]", so logging it by mistake leaks nothing. Read `token` only to
 * build the request header.
 */
export class IntegrationCredentials {
  readonly #token: string;

  constructor(
    readonly integrationId: string,
    readonly appId: string,
    token: string,
  ) {
    this.#token = token;
  }

  get token(): string {
    return this.#token;
  }

  toJSON(): Record<string, string> {
    return { integrationId: this.integrationId, appId: this.appId, token: '[redacted]' };
  }

  toString(): string {
    return `IntegrationCredentials(${this.integrationId}, appId ${this.appId}, token [redacted])`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
