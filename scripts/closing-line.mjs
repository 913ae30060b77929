// CI's closing line, "N passed, N failed, N skipped", and the exit code that goes with it, from what
// the summary reporter wrote (undefined when Vitest died before it could) and Vitest's exit code.
// The two never disagree: a run that did not exit 0 never reads "0 failed", and a line with failures
// never exits 0.
const LINE = /^(\d+) passed, (\d+) failed, (\d+) skipped$/;

/**
 * @param {string | undefined} reported the reporter's line, if it wrote one
 * @param {number} exitCode Vitest's exit code
 * @returns {{ line: string, code: number }}
 */
export function closingLine(reported, exitCode) {
  const m = LINE.exec((reported ?? '').trim());
  // no line (Vitest crashed, or never got to its reporters) or a garbled one: one failure
  let [passed, failed, skipped] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 1, 0];
  if (exitCode !== 0 && failed === 0) failed = 1;
  const code = exitCode !== 0 ? exitCode : failed > 0 ? 1 : 0;
  return { line: `${passed} passed, ${failed} failed, ${skipped} skipped`, code };
}
