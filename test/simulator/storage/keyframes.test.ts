import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLogger } from '../../../src/logging/logger';
import { KeyframeError, createKeyframeExtractor, extractKeyframe } from '../../../src/simulator/keyframes';
import type { CloudStorageMethod, ObjectLocation } from '../../../src/simulator/storage/types';
import { startStorageHarness, uniqueBucket, type StorageHarness } from './harness';
import { uploadWhole } from './upload-client';

const run = promisify(execFile);

/** Returns the width and height that ffprobe reads from an image file. */
async function probeImage(path: string): Promise<{ width: number; height: number; codec: string }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', path]);
  const stream = (JSON.parse(stdout) as { streams: { width: number; height: number; codec_name: string }[] }).streams[0];
  return { width: stream?.width ?? 0, height: stream?.height ?? 0, codec: stream?.codec_name ?? '' };
}

describe('keyframe extraction with ffmpeg', () => {
  let harness: StorageHarness;
  let workDir: string;
  const media = new Map<string, Buffer>();
  const buckets = new Map<CloudStorageMethod, string>();
  const logger = createLogger({ level: 'silent', name: 'keyframes-test' });

  async function store(method: CloudStorageMethod, key: string, body: Buffer): Promise<ObjectLocation> {
    const location: ObjectLocation = { method, bucket: buckets.get(method) ?? '', key };
    await uploadWhole(method, await harness.backends.byMethod[method].issueUploadTarget(location), body);
    return location;
  }

  beforeAll(async () => {
    harness = await startStorageHarness();
    workDir = await mkdtemp(join(tmpdir(), 'keyframes-test-'));
    for (const method of ['S3', 'AZURE', 'GCS', 'B2'] as const) {
      const bucket = uniqueBucket(`frames-${method.toLowerCase()}`);
      buckets.set(method, bucket);
      await harness.backends.byMethod[method].ensureBucket(bucket);
    }

    const video = join(workDir, 'testsrc.mp4');
    const still = join(workDir, 'still.png');
    const audio = join(workDir, 'tone.m4a');
    await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=3:size=320x240:rate=25', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', video]);
    await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=1920x1080', '-frames:v', '1', still]);
    await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'aac', audio]);
    media.set('video', await readFile(video));
    media.set('still', await readFile(still));
    media.set('audio', await readFile(audio));
  });

  afterAll(async () => {
    await harness.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it.each(['S3', 'AZURE', 'GCS', 'B2'] as const)('%s video gives a 320x240 JPEG', async (method) => {
    const location = await store(method, 'package/clips/test source.mp4', media.get('video') ?? Buffer.alloc(0));
    const extractor = createKeyframeExtractor({ backends: harness.backends, logger });

    const [keyframe, ...others] = await extractor.extract(location);

    expect(others).toEqual([]);
    expect(keyframe?.type).toBe('KEYFRAME');
    expect(keyframe?.filename).toBe('test source.jpg');
    expect(keyframe?.width).toBe(320);
    expect(keyframe?.height).toBe(240);
    expect(keyframe?.timeMs).toBe(300);
    expect(keyframe?.size).toBe(keyframe?.jpeg.length);
    const jpeg = keyframe?.jpeg ?? Buffer.alloc(0);
    expect(jpeg.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(jpeg.subarray(-2).toString('hex')).toBe('ffd9');

    const written = join(workDir, `${method}.jpg`);
    await writeFile(written, jpeg);
    expect(await probeImage(written)).toEqual({ width: 320, height: 240, codec: 'mjpeg' });
  });

  it('still image scaled to 1280 wide', async () => {
    const location = await store('AZURE', 'package/stills/frame.png', media.get('still') ?? Buffer.alloc(0));

    const keyframe = await extractKeyframe(location, { backends: harness.backends, logger });

    expect(keyframe.width).toBe(1280);
    expect(keyframe.height).toBe(720);
    expect(keyframe.timeMs).toBe(0);
    const written = join(workDir, 'still.jpg');
    await writeFile(written, keyframe.jpeg);
    expect(await probeImage(written)).toEqual({ width: 1280, height: 720, codec: 'mjpeg' });
  });

  it('random bytes fail with ffprobe message', async () => {
    const location = await store('S3', 'package/broken/random.mov', randomBytes(200_000));

    const failure = extractKeyframe(location, { backends: harness.backends, logger });

    await expect(failure).rejects.toBeInstanceOf(KeyframeError);
    await expect(failure).rejects.toMatchObject({ reason: 'undecodable' });
    await expect(failure).rejects.toThrow(`ffprobe could not read s3://${buckets.get('S3') ?? ''}/package/broken/random.mov: `);
    await expect(failure).rejects.toThrow('Invalid data found when processing input');
    await expect(failure).rejects.not.toThrow('X-Amz-Signature');
  });

  it('text file on B2 fails with message', async () => {
    const location = await store('B2', 'package/docs/readme.txt', Buffer.from('This delivery contains three clips.\n'.repeat(50)));

    const failure = extractKeyframe(location, { backends: harness.backends, logger });

    await expect(failure).rejects.toMatchObject({ reason: 'undecodable' });
    await expect(failure).rejects.toThrow(`ffprobe could not read b2://${buckets.get('B2') ?? ''}/package/docs/readme.txt: `);
    await expect(failure).rejects.not.toThrow(harness.b2Dir);
  });

  it('text file on S3 fails with message', async () => {
    const location = await store('S3', 'package/docs/credits.txt', Buffer.from('Camera: A. Person\n'.repeat(40)));

    const failure = extractKeyframe(location, { backends: harness.backends, logger });

    await expect(failure).rejects.toMatchObject({ reason: 'undecodable' });
    await expect(failure).rejects.toThrow(
      `ffprobe could not read s3://${buckets.get('S3') ?? ''}/package/docs/credits.txt: Invalid data found when processing input`,
    );
  });

  it('audio without picture fails', async () => {
    const location = await store('GCS', 'package/audio/tone.m4a', media.get('audio') ?? Buffer.alloc(0));

    const failure = extractKeyframe(location, { backends: harness.backends, logger });

    await expect(failure).rejects.toMatchObject({ reason: 'no_picture' });
    await expect(failure).rejects.toThrow(
      `No keyframe made for gs://${buckets.get('GCS') ?? ''}/package/audio/tone.m4a: it has only audio (aac), and keyframes are made only from video and images.`,
    );
  });
});
