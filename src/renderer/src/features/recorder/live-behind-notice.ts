// What the recorder says when the live stream falls behind (capture/live-backlog.ts decides when).
// Pure, so it is tested in Node.

export function liveBehindNotice(behindSec: number | null): string | null {
  if (behindSec === null) return null;
  return (
    `This computer is too busy to stream live in real time: people watching the link now see it ${behindSec} s late. ` +
    'Nothing is lost — the full recording is being saved, and the link catches up (at the latest after Stop). Closing other apps helps.'
  );
}
