import { describe, expect, it } from 'vitest';
import { siblingModule } from '@na64/format/node';

describe('siblingModule', () => {
  it('picks the source next to a source module and the compiled file next to a compiled one', () => {
    expect(siblingModule('file:///p/src/node/worker-pool.ts', 'worker').href).toBe('file:///p/src/node/worker.ts');
    expect(siblingModule('file:///p/dist/node/worker-pool.js', 'worker').href).toBe('file:///p/dist/node/worker.js');
  });
});
