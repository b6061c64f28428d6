import { z } from 'zod';

const emailAddress = z.email();

/** Recipients of one email, without duplicates, and the addresses left out as invalid. */
export interface RecipientList {
  to: string[];
  invalid: string[];
}

/**
 * Merges address lists in order, dropping duplicates (compared without case)
 * and invalid addresses, which no SMTP server can deliver to.
 */
export function mergeRecipients(...lists: string[][]): RecipientList {
  const seen = new Set<string>();
  const to: string[] = [];
  const invalid: string[] = [];
  for (const address of lists.flat()) {
    const trimmed = address.trim();
    const key = trimmed.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    if (emailAddress.safeParse(trimmed).success) to.push(trimmed);
    else invalid.push(trimmed);
  }
  return { to, invalid };
}
