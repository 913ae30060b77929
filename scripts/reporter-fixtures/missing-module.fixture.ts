import { it } from 'vitest';
// @ts-expect-error the module does not exist, on purpose
import { missing } from './no-such-module';

it('never collected', () => {
  missing();
});
