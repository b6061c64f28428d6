import type { FastifyReply } from 'fastify';

/** An error in B2's JSON envelope `{status, code, message}`, as B2's upload endpoints return it. */
export class B2Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'B2Error';
  }

  toJSON(): { status: number; code: string; message: string } {
    return { status: this.status, code: this.code, message: this.message };
  }
}

export const badRequest = (message: string): B2Error => new B2Error(400, 'bad_request', message);

export function sendB2Error(reply: FastifyReply, error: B2Error): FastifyReply {
  return reply.code(error.status).header('content-type', 'application/json').send(JSON.stringify(error.toJSON()));
}
