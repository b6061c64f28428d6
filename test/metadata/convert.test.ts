import { convertValue } from '../../src/metadata';
import { fieldByName } from './support';

describe('convertValue', () => {
  it.each([
    ['file_count', '42', 42],
    ['file_count', ' -7 ', -7],
    ['duration_seconds', '12.5', 12.5],
    ['duration_seconds', '.5', 0.5],
    ['duration_seconds', '1e3', 1000],
    ['approved', 'true', true],
    ['approved', 'YES', true],
    ['approved', 'On', true],
    ['approved', '1', true],
    ['approved', 'false', false],
    ['approved', 'no', false],
    ['approved', 'OFF', false],
    ['approved', '0', false],
    ['delivery_date', '2024-03-31', '2024-03-31'],
    ['delivery_date', '2024/03/31', '2024-03-31'],
    ['delivery_date', '2024-03-31T23:30:00-05:00', '2024-03-31'],
    ['delivery_date', '2024-02-29T10:00', '2024-02-29'],
    ['received_at', '2024-03-31T14:30:00Z', '2024-03-31T14:30:00.000Z'],
    ['received_at', '2024-03-31T14:30:00+02:00', '2024-03-31T12:30:00.000Z'],
    ['received_at', '2024-03-31 14:30', '2024-03-31T14:30:00.000Z'],
    ['received_at', '2024-03-31T14:30:00.1234+0100', '2024-03-31T13:30:00.123Z'],
    ['received_at', '2024-03-31', '2024-03-31T00:00:00.000Z'],
    ['category', 'edit', 'edit'],
    ['category', 'Raw footage', 'raw'],
    ['category', 'raw FOOTAGE', 'raw'],
    ['category', 'FINAL', 'final'],
    ['uploader_email', ' ana@example.com ', 'ana@example.com'],
    ['portal_url', 'https://portal.example.com/p/1', 'https://portal.example.com/p/1'],
    ['package_name', ' as typed ', ' as typed '],
    ['notes', 'line 1\nline 2', 'line 1\nline 2'],
    ['shoot_code', 'SC-001', 'SC-001'],
    ['keywords', 'night', 'night'],
  ])('converts %s value %j', (field, text, expected) => {
    expect(convertValue(text, fieldByName(field))).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['file_count', '4.5', 'is not a whole number'],
    ['file_count', 'twelve', 'is not a whole number'],
    ['file_count', '99999999999999999999', `is outside the range of whole numbers (±${Number.MAX_SAFE_INTEGER})`],
    ['duration_seconds', '12,5', 'is not a number (write decimals with a point, for example 12.5)'],
    ['duration_seconds', '-1', "is below the field's minimum 0"],
    ['approved', 'maybe', 'is not a yes/no value (use true/false, yes/no, on/off or 1/0)'],
    ['delivery_date', '31/03/2024', 'is not a date (use YYYY-MM-DD, for example 2024-03-31)'],
    ['delivery_date', '2023-02-29', 'is not a date (use YYYY-MM-DD, for example 2024-03-31)'],
    ['received_at', 'yesterday', 'is not an ISO 8601 date and time (for example 2024-03-31T14:30:00Z)'],
    ['received_at', '2024-03-31T25:00:00Z', 'is not a valid time of day'],
    ['category', 'Rough cut', 'is not an option of Iconik field category (options: raw, edit, final)'],
    ['uploader_email', 'ana at example.com', 'is not an email address'],
    ['portal_url', 'portal.example.com/p/1', 'is not an absolute http or https URL'],
    ['portal_url', 'javascript:alert(1)', 'is not an absolute http or https URL'],
  ])('rejects %s value %j', (field, text, reason) => {
    expect(convertValue(text, fieldByName(field))).toEqual({ ok: false, reason });
  });
});
