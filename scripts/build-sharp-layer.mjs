#!/usr/bin/env node
/**
 * Fills .cache/sharp-layer/nodejs/node_modules with sharp and its prebuilt libvips for Lambda (Linux, arm64,
 * glibc), so CDK can ship it as a layer (Code.fromAsset('.cache/sharp-layer')) and the photo processor's
 * bundle can leave sharp external. Meant to run as part of `npm install` (postinstall), so `cdk synth` and
 * the infra tests stay offline afterwards.
 *
 * - The version is the one package.json pins for sharp: the layer cannot drift from what the tests ran.
 * - Idempotent: a stamp file records what was built; a second run with the same pin does nothing.
 * - Atomic: installs into a temporary folder and renames it into place, so an interrupted run leaves no
 *   half-filled layer behind.
 * - The only download source is the npm registry, through the npm CLI (sharp's binaries are npm packages:
 *   @img/sharp-linux-arm64 and @img/sharp-libvips-linux-arm64).
 *
 * SKIP_SHARP_LAYER=1 skips it (a machine that never synthesizes or deploys).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TARGET = { os: 'linux', cpu: 'arm64', libc: 'glibc' };
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const layerDir = join(repoRoot, '.cache', 'sharp-layer');
const tag = '[sharp-layer]';

function pinnedSharpVersion() {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const version = pkg.dependencies?.sharp;
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`package.json must pin sharp to an exact version (found ${JSON.stringify(version)})`);
  }
  return version;
}

function isBuilt(dir, wanted) {
  try {
    const stamp = JSON.parse(readFileSync(join(dir, 'layer.json'), 'utf8'));
    const modules = join(dir, 'nodejs', 'node_modules');
    const sharpVersion = JSON.parse(readFileSync(join(modules, 'sharp', 'package.json'), 'utf8')).version;
    return (
      JSON.stringify(stamp) === JSON.stringify(wanted) &&
      sharpVersion === wanted.sharp &&
      existsSync(join(modules, '@img', `sharp-${TARGET.os}-${TARGET.cpu}`)) &&
      existsSync(join(modules, '@img', `sharp-libvips-${TARGET.os}-${TARGET.cpu}`))
    );
  } catch {
    return false;
  }
}

function main() {
  if (process.env.SKIP_SHARP_LAYER === '1') {
    console.log(`${tag} skipped (SKIP_SHARP_LAYER=1)`);
    return;
  }
  const version = pinnedSharpVersion();
  const wanted = { sharp: version, ...TARGET };
  if (isBuilt(layerDir, wanted)) {
    console.log(`${tag} sharp ${version} (${TARGET.os}-${TARGET.cpu}-${TARGET.libc}) already in ${layerDir}`);
    return;
  }

  const staging = `${layerDir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'nodejs'), { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = [
    'install',
    '--prefix', join(staging, 'nodejs'),
    `--os=${TARGET.os}`, `--cpu=${TARGET.cpu}`, `--libc=${TARGET.libc}`,
    // sharp ships prebuilt binaries as packages: no install script needs to run
    '--omit=dev', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts',
    `sharp@${version}`,
  ];
  console.log(`${tag} npm ${args.join(' ')}`);
  const result = spawnSync(npm, args, { cwd: staging, stdio: 'inherit' });
  try {
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`npm install exited with ${result.status}`);
    writeFileSync(join(staging, 'layer.json'), `${JSON.stringify(wanted)}\n`);
    if (!isBuilt(staging, wanted)) throw new Error(`the install did not produce sharp ${version} with its ${TARGET.os}-${TARGET.cpu} binaries`);
    rmSync(layerDir, { recursive: true, force: true });
    renameSync(staging, layerDir);
    console.log(`${tag} sharp ${version} for Lambda (${TARGET.os}-${TARGET.cpu}-${TARGET.libc}) in ${layerDir}`);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

try {
  main();
} catch (err) {
  console.error(`${tag} ${err instanceof Error ? err.message : err}`);
  console.error(`${tag} the photo processor layer is missing: cdk synth will fail until this succeeds (SKIP_SHARP_LAYER=1 to skip)`);
  process.exit(1);
}

