// Limits of Slack's Block Kit that chat.postMessage enforces, as Slack's
// Block Kit reference states them. A message has at most 50 blocks. A
// header's text has at most 150 characters. A section's text has at most
// 3,000 characters, and a section has at most 10 fields of at most 2,000
// characters each. A context block has at most 10 elements. The stand-in
// checks these, so a message that Slack would reject fails in tests too.
const maxBlocks = 50;
const maxHeaderText = 150;
const maxSectionText = 3000;
const maxSectionFields = 10;
const maxFieldText = 2000;
const maxContextElements = 10;

/** Returns Slack-style error lines (`reason [json-pointer:/blocks/...]`) for every block that breaks a limit. */
export function findBlockErrors(blocks: unknown[]): string[] {
  const errors: string[] = [];
  if (blocks.length > maxBlocks) errors.push(`no more than ${maxBlocks} items allowed [json-pointer:/blocks]`);

  blocks.forEach((block, index) => {
    const pointer = `/blocks/${index}`;
    if (!isObject(block) || typeof block.type !== 'string') {
      errors.push(`missing required field: type [json-pointer:${pointer}]`);
      return;
    }
    if (block.type === 'header') {
      checkText(errors, block.text, maxHeaderText, `${pointer}/text`);
    } else if (block.type === 'section') {
      if (block.text === undefined && block.fields === undefined) errors.push(`must provide either text or fields [json-pointer:${pointer}]`);
      if (block.text !== undefined) checkText(errors, block.text, maxSectionText, `${pointer}/text`);
      if (block.fields !== undefined) checkFields(errors, block.fields, `${pointer}/fields`);
    } else if (block.type === 'context') {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length === 0 || elements.length > maxContextElements) {
        errors.push(`must contain between 1 and ${maxContextElements} items [json-pointer:${pointer}/elements]`);
      }
    }
  });
  return errors;
}

function checkFields(errors: string[], fields: unknown, pointer: string): void {
  if (!Array.isArray(fields)) {
    errors.push(`must be an array [json-pointer:${pointer}]`);
    return;
  }
  if (fields.length > maxSectionFields) errors.push(`no more than ${maxSectionFields} items allowed [json-pointer:${pointer}]`);
  fields.forEach((field, index) => checkText(errors, field, maxFieldText, `${pointer}/${index}`));
}

function checkText(errors: string[], text: unknown, maxLength: number, pointer: string): void {
  if (!isObject(text) || typeof text.text !== 'string' || (text.type !== 'plain_text' && text.type !== 'mrkdwn')) {
    errors.push(`must be a text object with type plain_text or mrkdwn [json-pointer:${pointer}]`);
    return;
  }
  if (text.text.length === 0) errors.push(`must be more than 0 characters [json-pointer:${pointer}/text]`);
  if (text.text.length > maxLength) errors.push(`must be less than ${maxLength + 1} characters [json-pointer:${pointer}/text]`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
