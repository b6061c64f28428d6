import type { FastifyReply } from 'fastify';

/** Sends an error in the XML shape that GCS's XML API uses for signed-URL and resumable-session requests. */
export function sendGcsXmlError(reply: FastifyReply, status: number, code: string, message: string, details?: string): FastifyReply {
  const body =
    "<?xml version='1.0' encoding='UTF-8'?>" +
    `<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message>` +
    (details === undefined ? '' : `<Details>${escapeXml(details)}</Details>`) +
    '</Error>';
  return reply.code(status).header('content-type', 'application/xml; charset=UTF-8').send(body);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
