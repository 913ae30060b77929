// What is new on a recording for the one who asks: views and comments since they last opened its
// insights and its comments (their own views and comments never count). The library's badge and the
// notifications both read this; the counts come from the core's database, never from the renderer.

export interface NewComment {
  /** a member's email (the library shows members by email) or a guest's given name */
  author: string;
  /** plain text, exactly as posted */
  body: string;
}

/** recordings.activity: one per recording that has something new (a recording not listed has nothing) */
export interface RecordingActivity {
  id: string;
  /** the recording's title, as the user gave it ('' when it has none) */
  title: string;
  createdAt: number;
  /** views since the asker last opened the recording's insights */
  newViews: number;
  /** comments since the asker last opened the recording's comments */
  newComments: number;
  /** the newest of those comments; null when there is none */
  latestComment: NewComment | null;
}

export const NO_ACTIVITY = { newViews: 0, newComments: 0, latestComment: null } as const;

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** the card's badge: "3 new views, 1 comment"; null when nothing is new */
export function activityLine(a: Pick<RecordingActivity, 'newViews' | 'newComments'>): string | null {
  const parts = [
    ...(a.newViews > 0 ? [plural(a.newViews, 'new view', 'new views')] : []),
    ...(a.newComments > 0 ? [plural(a.newComments, 'comment', 'comments')] : []),
  ];
  return parts.length === 0 ? null : parts.join(', ');
}
