// Runs ffmpeg as a cancellable child process (Kap's createProcess, in our terms): progress parsed
// from `-progress pipe:1`, the tail of stderr kept for the error, lowered CPU priority.
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { ProgressParser, type ProgressBlock } from './progress';

export type FfmpegFailure =
  /** the binary is missing, not executable, or not a program for this machine */
  | 'missing'
  /** it ran and exited with an error */
  | 'failed'
  /** something else killed it (the OS under memory pressure, a user) */
  | 'killed'
  /** we cancelled it */
  | 'cancelled';

export class FfmpegError extends Error {
  override name = 'FfmpegError';
  constructor(
    readonly failure: FfmpegFailure,
    message: string,
    readonly stderrTail: string = '',
    readonly exitCode: number | null = null,
  ) {
    super(message);
  }
}

export interface FfmpegRunOptions {
  onProgress?: (block: ProgressBlock) => void;
  /** -20..19 (os.setPriority): 10 is "below normal" on Windows, nice 10 elsewhere */
  priority?: number;
  cwd?: string;
  /** keep this much of stderr for the error message */
  stderrLimit?: number;
}

export interface FfmpegRun {
  readonly pid: number | undefined;
  /** resolves with stdout (when not used for progress) once ffmpeg exits 0 */
  readonly done: Promise<{ stdout: string; stderr: string }>;
  /** kills the process; resolves when it is gone. Idempotent. */
  cancel(): Promise<void>;
  /** stops or continues the process (SIGSTOP/SIGCONT) so a recording gets the CPU; no-op on Windows */
  hold(on: boolean): void;
}

const SPAWN_MISSING = new Set(['ENOENT', 'EACCES', 'ENOEXEC', 'EISDIR', 'ENOTDIR', 'EPERM']);

export function runFfmpeg(binary: string, args: readonly string[], options: FfmpegRunOptions = {}): FfmpegRun {
  const limit = options.stderrLimit ?? 8_000;
  const child = spawn(binary, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  if (child.pid !== undefined && options.priority !== undefined) {
    try {
      setPriority(child.pid, options.priority);
    } catch {
      // not allowed here (a sandbox): run at normal priority rather than not at all
    }
  }
  let stdout = '';
  let stderr = '';
  let cancelled = false;
  const parser = options.onProgress ? new ProgressParser(options.onProgress) : null;
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (s: string) => {
    if (parser) parser.push(s);
    else stdout += s;
  });
  child.stderr.on('data', (s: string) => {
    stderr = (stderr + s).slice(-limit);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: NodeJS.ErrnoException }>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ code: null, signal: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  const done = exited.then(({ code, signal, error }) => {
    if (cancelled) throw new FfmpegError('cancelled', 'cancelled', stderr);
    if (error) {
      const missing = error.code !== undefined && SPAWN_MISSING.has(error.code);
      throw new FfmpegError(missing ? 'missing' : 'failed', `could not start ffmpeg (${error.code ?? error.message})`, stderr);
    }
    if (signal) throw new FfmpegError('killed', `ffmpeg was killed (${signal})`, stderr);
    // 126/127: a shell wrapper that could not execute or find the real binary
    if (code === 126 || code === 127) throw new FfmpegError('missing', `ffmpeg could not run (exit code ${code})`, stderr, code);
    if (code !== 0) throw new FfmpegError('failed', `ffmpeg failed (exit code ${code}): ${lastLines(stderr, 3)}`, stderr, code);
    return { stdout, stderr };
  });
  // nobody may be awaiting `done` yet; don't let a rejection go unhandled in the meantime
  done.catch(() => undefined);
  let cancelling: Promise<void> | null = null;
  return {
    pid: child.pid,
    done,
    hold(on) {
      if (process.platform === 'win32' || child.exitCode !== null || child.signalCode !== null) return;
      try {
        child.kill(on ? 'SIGSTOP' : 'SIGCONT');
      } catch {
        // gone already
      }
    },
    cancel() {
      cancelling ??= (async () => {
        child.kill('SIGCONT'); // a held process must run to die
        cancelled = true;
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
      })();
      return cancelling;
    },
  };
}

export function lastLines(text: string, n: number): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(-n)
    .join(' / ');
}
