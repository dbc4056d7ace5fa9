#!/usr/bin/env node
// The evidence-vault command-line tool. Node 22.12+ runs the TypeScript sources directly.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`evidence-vault: Node.js 22.12 or newer is required (this is ${process.versions.node}).\n`);
  process.exit(2);
}
// A closed pipe (`evidence-vault log v | head`) ends output quietly; nothing else may show a stack trace.
process.stdout.on('error', (err) => process.exit(err.code === 'EPIPE' ? 0 : 1));
process.on('uncaughtException', () => {
  process.stderr.write('evidence-vault: internal error.\n');
  process.exit(1);
});
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
