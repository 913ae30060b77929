/** see closing-line.mjs */
export function closingLine(reported: string | undefined, exitCode: number): { line: string; code: number };
