import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Makes a small package of real media with Debian's ffmpeg: a video, an
 * audio file and stills in nested folders, an empty folder, a zero-byte
 * file, and names with spaces and non-ASCII characters.
 */
export function makeDemoMedia(root: string): void {
  const ffmpeg = (args: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'inherit' });
  for (const folder of ['Day 1/Camera A', 'Day 1/Sound', 'Stills', 'Empty folder']) mkdirSync(join(root, folder), { recursive: true });

  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=duration=4:size=1280x720:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=4', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', join(root, 'Day 1/Camera A/A001 take 1.mp4')]);
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=220:duration=3', join(root, 'Day 1/Sound/Ambiance été.wav')]);
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=1920x1080', '-frames:v', '1', join(root, 'Stills/Poster – final.png')]);
  ffmpeg(['-f', 'lavfi', '-i', 'smptebars=size=640x480', '-frames:v', '1', join(root, 'Stills/Übersicht.jpg')]);
  writeFileSync(join(root, 'Day 1/Camera A/empty marker.txt'), '');
  writeFileSync(join(root, 'README.txt'), 'A demo package made by iconik-delivery.\n');
}
