// A card's line while an imported video's first version is made.
import type { ReactNode } from 'react';
import type { ImportProgress } from '../../../../shared/import';
import { importingLine } from './import-view';

export function ImportingLine({ progress }: { progress: ImportProgress }): ReactNode {
  const line = importingLine(progress);
  return (
    <div className="progress progress-normal">
      <span>{line.text}</span>
      <progress aria-label="Import" max={1} value={line.fraction ?? 0} />
    </div>
  );
}
