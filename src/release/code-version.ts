// What a release records of the repository, read from git: the code commit, the inputs' bytes at that
// commit, the article's last commit, and whether the working tree differs from it.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { ReleaseError, type ReleaseInput } from './releases.ts';

function git(cwd: string, args: string[], encoding: 'utf8' | 'buffer' = 'utf8'): string | Buffer {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: encoding === 'utf8' ? 'utf8' : undefined,
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer | string }).stderr ?? '').trim();
    throw new ReleaseError(`git ${args.join(' ')} failed in ${cwd}: ${stderr || (error as Error).message}`);
  }
}

/** The full id of a commit (`HEAD`, `f479701`, …). */
export function resolveCommit(cwd: string, revision: string): string {
  return (git(cwd, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]) as string).trim();
}

/** The committer date of a commit (ISO 8601). */
export function commitDate(cwd: string, commit: string): string {
  return (git(cwd, ['log', '-1', '--format=%cI', commit]) as string).trim();
}

/** Each file (repository-relative path) as it is at `commit`, with the SHA-256 of its bytes. */
export function inputsAt(cwd: string, commit: string, files: readonly string[]): ReleaseInput[] {
  return files.map((file) => ({
    file,
    sha256: createHash('sha256')
      .update(git(cwd, ['show', `${commit}:${file}`], 'buffer') as Buffer)
      .digest('hex'),
  }));
}

/** The last commit (at `commit`) that changed `file`, and its date. */
export function lastChange(cwd: string, commit: string, file: string): { commit: string; committed: string } {
  const [id, date] = (git(cwd, ['log', '-1', '--format=%H %cI', commit, '--', file]) as string).trim().split(' ');
  if (!id || !date) throw new ReleaseError(`${file} has no commit in the history of ${commit}`);
  return { commit: id, committed: date };
}

/** Tracked files under `paths` that differ from HEAD (staged or not), as `git status` lists them. */
export function uncommitted(cwd: string, paths: readonly string[]): string[] {
  return (git(cwd, ['status', '--porcelain', '--untracked-files=no', '--', ...paths]) as string)
    .split('\n')
    .filter((line) => line.trim() !== '');
}
