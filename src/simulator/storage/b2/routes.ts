import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { B2Error, badRequest, sendB2Error } from './errors';
import { checkB2FileName, decodeB2FileName } from './file-names';
import { maxPartNumber } from './large-files';
import { simulatedAccountId, type B2Service } from './service';

/**
 * B2's own upload endpoints, `b2_upload_file` and `b2_upload_part` (native
 * API v2), storing into the simulator's B2 folder. Bodies are streamed to
 * disk and hashed on the way, never held in memory.
 */
export function createB2Routes(service: B2Service, logger: Logger): FastifyPluginAsync {
  const uploadFile = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const { bucket } = request.params as { bucket: string };
    const grant = service.tokens.check(header(request, 'authorization'));
    if (grant.kind !== 'upload_file' || grant.bucket !== bucket) {
      throw new B2Error(401, 'bad_auth_token', `The authorization token does not allow uploads to bucket ${bucket}: use the token issued with this upload URL.`);
    }
    const nameHeader = header(request, 'x-bz-file-name');
    if (nameHeader === undefined) throw badRequest('Missing header X-Bz-File-Name: send the percent-encoded file name.');
    const fileName = decodeB2FileName(nameHeader);
    checkB2FileName(fileName);
    const contentType = header(request, 'content-type');
    if (contentType === undefined) throw badRequest('Missing header Content-Type: send the media type, or b2/x-auto.');
    const length = contentLength(request);
    const sha1 = expectedSha1(request);

    const received = await service.store.receive(bucket, request.raw, length, sha1);
    const record = await service.commitFile(bucket, fileName, received, contentType, fileInfo(request));
    await reply.code(200).send({
      accountId: simulatedAccountId,
      action: 'upload',
      bucketId: bucket,
      contentLength: record.contentLength,
      contentMd5: record.contentMd5,
      contentSha1: record.contentSha1,
      contentType: record.contentType,
      fileId: record.fileId,
      fileInfo: record.fileInfo,
      fileName: record.fileName,
      uploadTimestamp: record.uploadTimestamp,
    });
  };

  const uploadPart = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const { fileId } = request.params as { fileId: string };
    const token = header(request, 'authorization');
    const grant = service.tokens.check(token);
    if (grant.kind !== 'upload_part' || grant.fileId !== fileId) {
      throw new B2Error(401, 'bad_auth_token', `The authorization token does not allow part uploads to large file ${fileId}: use the token issued with this upload URL.`);
    }
    const file = service.largeFiles.get(fileId);
    const partText = header(request, 'x-bz-part-number');
    const partNumber = Number(partText);
    if (partText === undefined || !Number.isInteger(partNumber) || partNumber < 1 || partNumber > maxPartNumber) {
      throw badRequest(`X-Bz-Part-Number "${partText ?? ''}" is invalid: use an integer from 1 to ${maxPartNumber}.`);
    }
    const length = contentLength(request);
    const sha1 = expectedSha1(request);

    const received = await service.store.receive(file.bucket, request.raw, length, sha1);
    await service.largeFiles.addPart(fileId, partNumber, received);
    logger.debug({ method: 'B2', bucket: file.bucket, key: file.fileName, fileId, partNumber, size: received.size }, 'stored part');
    if (token !== undefined && service.faults.partStored()) {
      service.tokens.expire(token);
      logger.info({ method: 'B2', fileId, partNumber }, 'expired the part upload token by the armed fault');
    }
    await reply.code(200).send({
      fileId,
      partNumber,
      contentLength: received.size,
      contentSha1: received.sha1,
      contentMd5: received.md5,
      uploadTimestamp: Date.now(),
    });
  };

  // Each call first takes an injected fault, then maps B2Errors to B2's envelope.
  const withB2Errors =
    (handler: (request: FastifyRequest, reply: FastifyReply) => Promise<void>) =>
    async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
      const fault = service.faults.take();
      if (fault !== undefined) {
        request.raw.resume();
        logger.info({ method: 'B2', url: request.routeOptions.url, code: fault.code }, 'returned injected fault');
        return sendB2Error(reply, fault);
      }
      try {
        await handler(request, reply);
        return reply;
      } catch (error) {
        request.raw.resume();
        if (error instanceof B2Error) {
          logger.info({ method: 'B2', url: request.routeOptions.url, status: error.status, code: error.code }, 'rejected B2 upload');
          return sendB2Error(reply, error);
        }
        logger.error({ method: 'B2', url: request.routeOptions.url, err: error }, 'B2 upload failed');
        return sendB2Error(reply, new B2Error(500, 'internal_error', 'The simulator failed to store the upload; retry with a new upload URL.'));
      }
    };

  return (app) => {
    app.post('/b2api/v2/b2_upload_file/:bucket', withB2Errors(uploadFile));
    app.post('/b2api/v2/b2_upload_part/:fileId', withB2Errors(uploadPart));
    return Promise.resolve();
  };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function contentLength(request: FastifyRequest): number {
  const text = header(request, 'content-length');
  const length = Number(text);
  if (text === undefined || !Number.isSafeInteger(length) || length < 0) {
    throw badRequest('Missing or invalid Content-Length: B2 needs the exact byte count of the upload, so chunked transfer encoding is not accepted.');
  }
  return length;
}

/** Returns the SHA-1 to check, or undefined for `do_not_verify`. */
function expectedSha1(request: FastifyRequest): string | undefined {
  const value = header(request, 'x-bz-content-sha1');
  if (value === 'do_not_verify') return undefined;
  if (value !== undefined && /^[0-9a-fA-F]{40}$/.test(value)) return value;
  // TODO: support "hex_digits_at_end", where the SHA-1 follows the bytes in the body.
  throw badRequest(`X-Bz-Content-Sha1 "${value ?? ''}" is invalid: send the 40-digit hex SHA-1 of the body, or do_not_verify.`);
}

/** Collects the `X-Bz-Info-*` headers, percent-decoded, as B2 stores them in fileInfo. */
function fileInfo(request: FastifyRequest): Record<string, string> {
  const info: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.startsWith('x-bz-info-') && typeof value === 'string') info[name.slice('x-bz-info-'.length)] = decodeB2FileName(value);
  }
  return info;
}
