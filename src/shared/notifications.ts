// What to notify about, decided in one place for the desktop app (the core's notifier, Electron's
// system notifications) and the web library (the Notifications API or a toast). Pure: the counts a
// recording had before and has now → the messages. Only new comments notify (new views show on the
// card's badge); a count that went down (opened, deleted) notifies nothing, and since the counts
// leave out the asker's own comments, nobody is notified of their own.
import type { RecordingActivity } from './activity';

export interface Notice {
  recordingId: string;
  /** 'New comment on “Demo”' */
  title: string;
  /** 'dana: Nice demo' */
  body: string;
}

/** characters of a comment a notification shows */
export const NOTICE_BODY_CHARS = 140;

/** the title a recording without one is shown by */
export const UNTITLED = 'your recording';

function excerpt(text: string, max = NOTICE_BODY_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** `before`: what the recording had when last looked at (undefined: nothing new then) */
export function commentNotices(before: Pick<RecordingActivity, 'newComments'> | undefined, now: RecordingActivity): Notice[] {
  const added = now.newComments - (before?.newComments ?? 0);
  if (added <= 0 || now.latestComment === null) return [];
  const title = `“${excerpt(now.title, 60) || UNTITLED}”`;
  return [
    {
      recordingId: now.id,
      title: added === 1 ? `New comment on ${title}` : `${added} new comments on ${title}`,
      body: `${now.latestComment.author}: ${excerpt(now.latestComment.body)}`,
    },
  ];
}

/** one line, as a toast or a log shows it: 'New comment on “Demo”: dana: Nice demo' */
export const noticeText = (n: Notice): string => `${n.title}: ${n.body}`;
