/**
 * Returns a 64-bit FNV-1a hash of a string as 16 hex digits. Workflow code
 * cannot use node:crypto, and workflow ids need a short, stable name for a
 * file path of any length.
 */
export function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const bytes = new TextEncoder().encode(text);
  for (const byte of bytes) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
