import { cpus, totalmem, platform, release, arch } from 'node:os';
import { spawnSync } from 'node:child_process';

export interface Environment {
  node: string;
  platform: string;
  cpuModel: string;
  cores: number;
  memoryMB: number;
  java?: string;
}

export function environment(): Environment {
  // java -version writes to stderr
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr?.split('\n')[0]?.trim() || undefined;
  return {
    node: process.version,
    platform: `${platform()} ${release()} ${arch()}`,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryMB: Math.round(totalmem() / 2 ** 20),
    ...(java && { java }),
  };
}
