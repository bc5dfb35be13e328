// The logger's own masking of phones and secrets.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskPhonesInText } from '../../src/infra/logger.js';

describe('logger', () => {
  it('never writes phone numbers or secrets', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger('info', sink);
    log.info({ customer: { phone: '13812345678', name: '王小明' }, telegram: { token: '123:secret' } }, 'booked for 13912345678');
    const out = lines.join('');
    expect(out).not.toMatch(/13812345678|13912345678|王小明|123:secret/);
    expect(out).toContain('139****5678');
  });
  it('masks mainland mobiles inside text but leaves other numbers', () => {
    expect(maskPhonesInText('call 13812345678 or 021-5888 6600, order 20261203001')).toBe('call 138****5678 or 021-5888 6600, order 20261203001');
  });
});
