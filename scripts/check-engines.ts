import { readFileSync } from 'node:fs';
import semver from 'semver';

// Every installed package must run on the oldest Node this project supports: users run 22 or 24,
// but the machines that build and test it run 20.
const { engines } = JSON.parse(readFileSync('package.json', 'utf8')) as {
  engines: { node: string };
};
const oldest = semver.minVersion(engines.node)?.version ?? '20.19.0';
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[] }>;
};
const refused = Object.entries(lock.packages).filter(([path, info]) => {
  const node = Array.isArray(info.engines) ? undefined : info.engines?.node;
  return path !== '' && node !== undefined && !semver.satisfies(oldest, node);
});
for (const [path, info] of refused) {
  process.stderr.write(
    `${path} needs node ${JSON.stringify(info.engines)}, but Node ${oldest} is supported\n`,
  );
}
process.exitCode = refused.length === 0 ? 0 : 1;
