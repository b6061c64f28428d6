import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { encodeKeyPath, joinUrl } from '../keys';
import type { StorageBackendsOptions } from '../options';
import { committedFromRangeHeader, committedRangeHeader, parseResumableRequest } from './content-range';
import type { FakeGcsApi } from './fake-gcs-api';
import { forwardChunk } from './forward-chunk';
import type { GcsUrlSigner } from './signed-url';
import { sendGcsXmlError } from './xml-error';

/**
 * Serves, in front of fake-gcs-server 1.56.1, the pieces of GCS's resumable
 * upload protocol that it lacks:
 * - the signed upload URL, its expiry check and the `x-goog-resumable: start`
 *   POST that returns 201 with the session URI in `Location` (fake-gcs-server
 *   only serves its unsigned JSON API, which returns 200 to such a POST);
 * - the status query `PUT` with `Content-Range: bytes *\/TOTAL` and no body.
 *   fake-gcs-server treats it as the last chunk and finalises the object with
 *   the bytes received so far. Here it returns 308 with the committed `Range`;
 * - a chunk that starts before the committed offset (a client resending after
 *   a lost reply), whose already committed bytes are dropped as GCS does.
 * Chunks themselves are streamed to fake-gcs-server's own resumable session,
 * which stores the object.
 */
export function createGcsResumableRoutes(api: FakeGcsApi, signer: GcsUrlSigner, options: StorageBackendsOptions): FastifyPluginAsync {
  const { logger } = options;
  // NOTE: sessions live in memory and are never pruned. After a simulator restart a session URI
  // returns 404 NoSuchUpload, as an expired GCS session does, and the client must start again.
  const sessions = new Map<string, UploadSession>();

  const startSession = async (request: FastifyRequest, reply: FastifyReply, bucket: string, key: string): Promise<FastifyReply> => {
    const check = signer.verify(bucket, key, request.query as Record<string, string | undefined>, new Date());
    if (!check.valid) {
      logger.info({ method: 'GCS', bucket, key, reason: check.reason }, 'rejected upload URL');
      if (check.reason === 'expired') {
        return sendGcsXmlError(reply, 400, 'ExpiredToken', 'The provided token has expired.', `Request signature expired at: ${check.expiredAt.toISOString()}`);
      }
      if (check.reason === 'bad_signature') {
        return sendGcsXmlError(reply, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
      }
      return sendGcsXmlError(reply, 401, 'AccessDenied', 'Anonymous caller does not have storage.objects.create access to the Google Cloud Storage object.');
    }
    if (request.headers['x-goog-resumable'] !== 'start') {
      return sendGcsXmlError(reply, 400, 'InvalidArgument', 'A POST on a signed upload URL starts a resumable upload and needs the header "x-goog-resumable: start".');
    }

    const started = await api.startResumable(bucket, key);
    if (started.status === 'no_bucket') return sendGcsXmlError(reply, 404, 'NoSuchBucket', 'The specified bucket does not exist.', bucket);

    const id = randomBytes(16).toString('hex');
    sessions.set(id, { id, bucket, key, fakeSessionUrl: started.sessionUrl, committed: 0, total: undefined, object: undefined, busy: false });
    const query = request.url.slice(request.url.indexOf('?') + 1);
    const location = joinUrl(options.simulatorUrl(), `/gcs/${encodeURIComponent(bucket)}/${encodeKeyPath(key)}?${query}&upload_id=${id}`);
    logger.info({ method: 'GCS', bucket, key, uploadId: id }, 'started resumable upload session');
    return reply.code(201).header('location', location).header('x-guploader-uploadid', id).header('content-length', '0').send();
  };

  const putChunk = async (request: FastifyRequest, reply: FastifyReply, session: UploadSession): Promise<FastifyReply> => {
    const contentLength = request.headers['content-length'] === undefined ? undefined : Number(request.headers['content-length']);
    const put = parseResumableRequest(request.headers['content-range'], contentLength);
    if (put === undefined) {
      request.raw.resume();
      return sendGcsXmlError(reply, 400, 'InvalidArgument', `Invalid Content-Range header "${request.headers['content-range'] ?? ''}": expected "bytes FIRST-LAST/TOTAL" or "bytes */TOTAL".`);
    }
    if (session.object !== undefined) {
      request.raw.resume();
      return reply.code(200).header('content-type', 'application/json').send(session.object);
    }
    if (put.kind === 'query') return sendCommitted(reply, session.committed);

    if (contentLength !== put.length) {
      request.raw.resume();
      return sendGcsXmlError(reply, 400, 'InvalidArgument', `Content-Length ${contentLength ?? 'missing'} does not match the ${put.length} bytes named by Content-Range.`);
    }
    if (put.start > session.committed) {
      request.raw.resume();
      return sendGcsXmlError(
        reply,
        400,
        'InvalidArgument',
        `According to the Content-Range header, the upload offset is ${put.start} byte(s), which exceeds already uploaded size of ${session.committed} byte(s).`,
      );
    }
    if (session.busy) {
      request.raw.resume();
      return sendGcsXmlError(reply, 503, 'ServiceUnavailable', 'Another request is writing to this upload session; retry after it completes.');
    }

    const skip = session.committed - put.start;
    const end = put.start + put.length;
    const total = put.total ?? session.total;
    if (skip >= put.length && end !== total) {
      request.raw.resume();
      return sendCommitted(reply, session.committed);
    }

    const sendLength = end - session.committed;
    const contentRange = sendLength === 0 ? `bytes */${total ?? '*'}` : `bytes ${session.committed}-${end - 1}/${total ?? '*'}`;
    session.busy = true;
    try {
      const forwarded = await forwardChunk(session.fakeSessionUrl, request.raw, skip, contentRange, sendLength);
      if (forwarded.status === 308) {
        const range: string | undefined = forwarded.headers.range;
        session.committed = committedFromRangeHeader(range) ?? session.committed;
        session.total = total;
        return sendCommitted(reply, session.committed);
      }
      if (forwarded.status === 200 || forwarded.status === 201) {
        session.committed = end;
        session.object = forwarded.body;
        logger.info({ method: 'GCS', bucket: session.bucket, key: session.key, uploadId: session.id, size: end }, 'finished resumable upload');
        return reply.code(200).header('content-type', 'application/json').send(forwarded.body);
      }
      logger.error({ method: 'GCS', uploadId: session.id, status: forwarded.status, body: forwarded.body.slice(0, 300) }, 'fake-gcs-server rejected a chunk');
      return sendGcsXmlError(reply, 503, 'BackendError', `The storage server rejected the chunk with HTTP ${forwarded.status}; query the committed offset and resend from there.`);
    } catch (error) {
      // The client went away mid-chunk or fake-gcs-server failed: the session keeps its last committed offset.
      logger.warn({ method: 'GCS', uploadId: session.id, err: error }, 'chunk upload interrupted');
      if (reply.raw.destroyed) return reply;
      return sendGcsXmlError(reply, 503, 'BackendError', 'The chunk upload was interrupted; query the committed offset and resend from there.');
    } finally {
      session.busy = false;
    }
  };

  return (app) => {
    app.post('/gcs/:bucket/*', async (request, reply) => {
      const { bucket, key } = objectParams(request);
      request.raw.resume();
      return startSession(request, reply, bucket, key);
    });

    app.put('/gcs/:bucket/*', async (request, reply) => {
      const { bucket, key } = objectParams(request);
      const session = sessionFor(request, bucket, key);
      if (session === undefined) {
        request.raw.resume();
        return sendGcsXmlError(reply, 404, 'NoSuchUpload', 'The requested upload session does not exist; start a new upload with a fresh upload URL.');
      }
      return putChunk(request, reply, session);
    });

    // Cancelling a session returns 499, as GCS does.
    app.delete('/gcs/:bucket/*', async (request, reply) => {
      const { bucket, key } = objectParams(request);
      const session = sessionFor(request, bucket, key);
      if (session === undefined) return sendGcsXmlError(reply, 404, 'NoSuchUpload', 'The requested upload session does not exist.');
      sessions.delete(session.id);
      logger.info({ method: 'GCS', bucket, key, uploadId: session.id }, 'cancelled resumable upload session');
      return reply.code(499).send();
    });

    return Promise.resolve();
  };

  function sessionFor(request: FastifyRequest, bucket: string, key: string): UploadSession | undefined {
    const id = (request.query as Record<string, string | undefined>).upload_id;
    const session = id === undefined ? undefined : sessions.get(id);
    return session !== undefined && session.bucket === bucket && session.key === key ? session : undefined;
  }
}

interface UploadSession {
  id: string;
  bucket: string;
  key: string;
  fakeSessionUrl: string;
  committed: number;
  total: number | undefined;
  /** The object resource JSON, once the last chunk arrived. */
  object: string | undefined;
  busy: boolean;
}

function objectParams(request: FastifyRequest): { bucket: string; key: string } {
  const params = request.params as { bucket: string; '*': string };
  return { bucket: params.bucket, key: params['*'] };
}

function sendCommitted(reply: FastifyReply, committed: number): FastifyReply {
  const range = committedRangeHeader(committed);
  if (range !== undefined) reply.header('range', range);
  return reply.code(308).header('content-length', '0').send();
}
