import type { IconikFieldDefinition } from './iconik-types';

export type IconikValue = string | number | boolean;

/** A converted value, or why the text cannot be converted, phrased to follow "the value X of form field F". */
export type Conversion = { ok: true; value: IconikValue } | { ok: false; reason: string };

const booleanWords: Record<string, boolean> = { true: true, yes: true, on: true, '1': true, false: false, no: false, off: false, '0': false };

const integerPattern = /^[+-]?\d+$/;
const floatPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const datePattern = /^(\d{4})[-/](\d{2})[-/](\d{2})$/;
const dateTimePattern = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Converts one form value to the encoding of the Iconik field's type:
 *
 * - integer: whole numbers such as `42` or `-7`, within the field's min and max;
 * - float: decimal numbers with a point, such as `12.5`, `.5` or `1e3`;
 * - boolean: true/false, yes/no, on/off, 1/0 in any letter case;
 * - date: `YYYY-MM-DD` or `YYYY/MM/DD`, or an ISO 8601 date-time whose date
 *   part is kept as written (no time zone shift);
 * - datetime: an ISO 8601 date-time (`T` or a space between date and time),
 *   returned in UTC; without a zone it is taken as UTC, and a bare date is
 *   midnight UTC;
 * - drop_down: an option's value, or an option's label in any letter case,
 *   which becomes that option's value;
 * - email: one address; url: an absolute http or https URL;
 * - string, string_exact, text and tag_cloud: the text as written.
 *
 * Numbers and booleans are sent as JSON numbers and booleans.
 * NOTE: Iconik does not document the value encoding per field type; these
 * follow its field types and ISO 8601.
 */
export function convertValue(text: string, field: IconikFieldDefinition): Conversion {
  const value = text.trim();
  switch (field.field_type) {
    case 'integer':
      return toInteger(value, field);
    case 'float':
      return toFloat(value, field);
    case 'boolean': {
      const word = booleanWords[value.toLowerCase()];
      return word === undefined ? fail('is not a yes/no value (use true/false, yes/no, on/off or 1/0)') : { ok: true, value: word };
    }
    case 'date':
      return toDate(value);
    case 'datetime':
      return toDateTime(value);
    case 'drop_down':
      return toOption(value, field);
    case 'email':
      return emailPattern.test(value) ? { ok: true, value } : fail('is not an email address');
    case 'url':
      return isWebUrl(value) ? { ok: true, value } : fail('is not an absolute http or https URL');
    default:
      return { ok: true, value: text };
  }
}

function fail(reason: string): Conversion {
  return { ok: false, reason };
}

function toInteger(value: string, field: IconikFieldDefinition): Conversion {
  if (!integerPattern.test(value)) return fail('is not a whole number');
  const number = Number(value);
  if (!Number.isSafeInteger(number)) return fail(`is outside the range of whole numbers (±${Number.MAX_SAFE_INTEGER})`);
  return withinRange(number, field);
}

function toFloat(value: string, field: IconikFieldDefinition): Conversion {
  if (!floatPattern.test(value)) return fail('is not a number (write decimals with a point, for example 12.5)');
  const number = Number(value);
  if (!Number.isFinite(number)) return fail('is too large');
  return withinRange(number, field);
}

function withinRange(number: number, field: IconikFieldDefinition): Conversion {
  if (field.min_value != null && number < field.min_value) return fail(`is below the field's minimum ${field.min_value}`);
  if (field.max_value != null && number > field.max_value) return fail(`is above the field's maximum ${field.max_value}`);
  return { ok: true, value: number };
}

function toDate(value: string): Conversion {
  const dateOnly = datePattern.exec(value);
  const fromDateTime = dateTimePattern.exec(value);
  const date = dateOnly !== null ? `${dateOnly[1]}-${dateOnly[2]}-${dateOnly[3]}` : fromDateTime?.[1];
  if (date === undefined || !isCalendarDate(date)) return fail('is not a date (use YYYY-MM-DD, for example 2024-03-31)');
  return { ok: true, value: date };
}

function toDateTime(value: string): Conversion {
  const dateOnly = datePattern.exec(value);
  if (dateOnly !== null) {
    const date = `${dateOnly[1]}-${dateOnly[2]}-${dateOnly[3]}`;
    return isCalendarDate(date) ? { ok: true, value: `${date}T00:00:00.000Z` } : fail('is not a date');
  }
  const match = dateTimePattern.exec(value);
  if (match === null || !isCalendarDate(match[1] ?? '')) return fail('is not an ISO 8601 date and time (for example 2024-03-31T14:30:00Z)');
  const [, date, hours, minutes, seconds = '00', fraction = '0', zone = 'Z'] = match;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return fail('is not a valid time of day');
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const milliseconds = fraction.padEnd(3, '0').slice(0, 3);
  const instant = new Date(`${date}T${hours}:${minutes}:${seconds}.${milliseconds}${offset}`);
  if (Number.isNaN(instant.getTime())) return fail('is not a valid date and time');
  return { ok: true, value: instant.toISOString() };
}

function isCalendarDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

function toOption(value: string, field: IconikFieldDefinition): Conversion {
  const options = field.options ?? [];
  const exact = options.find((option) => option.value === value);
  if (exact !== undefined) return { ok: true, value: exact.value };
  const lower = value.toLowerCase();
  const byLabel = options.find((option) => (option.label ?? '').trim().toLowerCase() === lower) ?? options.find((option) => option.value.toLowerCase() === lower);
  if (byLabel !== undefined) return { ok: true, value: byLabel.value };
  return fail(`is not an option of Iconik field ${field.name} (options: ${options.map((option) => option.value).join(', ')})`);
}

function isWebUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const protocol = new URL(value).protocol;
  return protocol === 'http:' || protocol === 'https:';
}
