import { GitopsSynthError, ValidationError } from '../src/errors';

describe('errors', () => {
  it('GIVEN problems WHEN a ValidationError is built THEN the message lists each with file, path and rule', () => {
    const error = new ValidationError('INTENTS_INVALID', 'intents are invalid', [
      { file: 'b.yaml', path: 'clusters[0].id', rule: 'dns-1123-label', message: 'bad id' },
      { file: 'a.yaml', path: 'applications[10].name', rule: 'required', message: 'missing' },
      { file: 'a.yaml', path: 'applications[2].name', rule: 'required', message: 'missing' },
    ]);
    expect(error).toBeInstanceOf(GitopsSynthError);
    expect(error.code).toBe('INTENTS_INVALID');
    expect(error.message.split('\n').slice(1)).toEqual([
      '  - a.yaml: applications[2].name: missing [required]',
      '  - a.yaml: applications[10].name: missing [required]',
      '  - b.yaml: clusters[0].id: bad id [dns-1123-label]',
    ]);
  });
});
