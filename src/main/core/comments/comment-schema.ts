// What a post to <link>/comments may say, checked at the share server's door: the exact shape (unknown
// fields refused), a time within a week, a comment's text and a guest's name (shared/comments.ts says
// what is allowed), or one of the five reactions.
import { z } from 'zod';
import { commentProblem, nameProblem, REACTIONS, type CommentPost } from '../../../shared/comments';

const MAX_SECOND = 7 * 24 * 3600;
const atSec = z.number().finite().min(0).max(MAX_SECOND);
const name = z
  .string()
  .max(1000)
  .refine((s) => nameProblem(s) === null, { message: 'not a name' })
  .transform((s) => s.trim())
  .optional();

export const commentPostSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('comment'),
      atSec,
      body: z
        .string()
        .max(20_000)
        .refine((s) => commentProblem(s) === null, { message: 'not a comment' })
        .transform((s) => s.trim().replace(/\r\n?/g, '\n')),
      name,
    })
    .strict(),
  z.object({ kind: z.literal('reaction'), atSec, body: z.enum(REACTIONS), name }).strict(),
]) satisfies z.ZodType<CommentPost, unknown>;

/** the first problem a post has, in words a viewer understands */
export function postProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue?.path[0] === 'body') return issue.message === 'not a comment' ? 'A comment is 1 to 2000 characters of plain text.' : 'Not a reaction.';
  if (issue?.path[0] === 'name') return 'A name is one line of at most 60 characters.';
  return 'Not a comment.';
}
