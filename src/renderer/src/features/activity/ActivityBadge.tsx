// A card's "3 new views, 1 comment": what is new since the user last opened the recording's insights
// and comments (opening them clears it). Nothing new: nothing shown.
import type { ReactNode } from 'react';
import { activityLine } from '../../../../shared/activity';
import { useRecordingActivity } from './ActivityProvider';

export function ActivityBadge({ recordingId }: { recordingId: string }): ReactNode {
  const activity = useRecordingActivity(recordingId);
  const line = activity ? activityLine(activity) : null;
  return line === null ? null : (
    <p className="activity-badge" title="New since you last opened its insights and comments">
      {line}
    </p>
  );
}
