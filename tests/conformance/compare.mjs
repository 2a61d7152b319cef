// Compares two runs of the conformance suite's server scenarios, check by check, prints a table
// and ends with the line "N passed, N failed", counting scenarios. Each run is a directory written
// by `conformance server -o DIR`: one server-SCENARIO-TIMESTAMP/checks.json per scenario.
//
//   node compare.mjs DIRECT_DIR GATEWAY_DIR EXPECTED_DIFFERENCES_FILE
//
// A check's result is its status: SUCCESS, WARNING, FAILURE or INFO, "-" when the run has no such
// check, the worst one when the run reports it more than once. INFO checks are the suite's
// transcript (requests sent, events received): a check that is INFO or absent on both sides is not
// compared. A scenario passes when every compared check has the same result both ways, or differs
// exactly as an entry of the expected-differences file says, and the direct run fails none of its
// checks: the conformance upstream is written to pass them all, and a scenario failing both ways
// would otherwise pass as "the same". An entry that matches no difference fails its scenario too,
// so the file cannot keep an entry the gateway no longer needs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [directDir, gatewayDir, expectedFile] = process.argv.slice(2);
if (!directDir || !gatewayDir || !expectedFile) {
  console.error('usage: node compare.mjs DIRECT_DIR GATEWAY_DIR EXPECTED_DIFFERENCES_FILE');
  process.exit(2);
}

const severity = { '-': 0, INFO: 1, SUCCESS: 2, WARNING: 3, FAILURE: 4 };
const resultDir = /^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;

/** scenario -> check id -> { status, message } for one run. */
function loadRun(dir) {
  const run = new Map();
  for (const entry of existsSync(dir) ? readdirSync(dir) : []) {
    const scenario = resultDir.exec(entry)?.[1];
    if (!scenario) continue;
    const file = join(dir, entry, 'checks.json');
    const checks = existsSync(file)
      ? JSON.parse(readFileSync(file, 'utf8'))
      : [{ id: '(scenario)', status: 'FAILURE', errorMessage: 'the suite wrote no checks.json: the scenario threw' }];
    const byId = new Map();
    for (const check of checks) {
      const seen = byId.get(check.id);
      if (!seen || severity[check.status] > severity[seen.status]) {
        byId.set(check.id, { status: check.status, message: check.errorMessage });
      }
    }
    run.set(scenario, byId);
  }
  return run;
}

/** "SCENARIO CHECK DIRECT GATEWAY REASON..." lines; # starts a comment. */
function loadExpected(file) {
  const expected = new Map();
  readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
    const text = line.trim();
    if (text === '' || text.startsWith('#')) return;
    const [scenario, check, direct, gateway, ...reason] = text.split(/\s+/);
    const where = `${file}:${index + 1}`;
    if (reason.length === 0) throw new Error(`${where}: expected SCENARIO CHECK DIRECT GATEWAY REASON, got '${text}'`);
    for (const status of [direct, gateway]) {
      if (!(status in severity)) throw new Error(`${where}: '${status}' is not a status (${Object.keys(severity).join(', ')})`);
    }
    expected.set(`${scenario} ${check}`, { direct, gateway, reason: reason.join(' '), used: false });
  });
  return expected;
}

function summary(checks) {
  if (!checks) return 'not run';
  const count = (status) => [...checks.values()].filter((c) => c.status === status).length;
  const parts = [`${count('SUCCESS')} ok`];
  if (count('WARNING')) parts.push(`${count('WARNING')} warn`);
  if (count('FAILURE')) parts.push(`${count('FAILURE')} FAIL`);
  return parts.join(', ');
}

let expected;
try {
  expected = loadExpected(expectedFile);
} catch (error) {
  console.error(`compare: ${error.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const direct = loadRun(directDir);
const gateway = loadRun(gatewayDir);
if (direct.size === 0) {
  console.error(`compare: no scenario results under ${directDir}: the suite did not run`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const scenarios = [...new Set([...direct.keys(), ...gateway.keys()])];
const width = Math.max(...scenarios.map((s) => s.length), 'scenario'.length);
const row = (a, b, c, d) => console.log(`${a.padEnd(width)}  ${b.padEnd(18)}  ${c.padEnd(18)}  ${d}`);
row('scenario', 'direct', 'gateway', 'result');
row('-'.repeat(width), '-'.repeat(18), '-'.repeat(18), '-'.repeat(6));

let passed = 0;
let failed = 0;
for (const scenario of scenarios) {
  const d = direct.get(scenario);
  const g = gateway.get(scenario);
  const notes = [];
  let unexpected = 0;
  let explained = 0;

  const ids = [...new Set([...(d?.keys() ?? []), ...(g?.keys() ?? [])])];
  for (const id of ids) {
    const left = d?.get(id) ?? { status: '-' };
    const right = g?.get(id) ?? { status: '-' };
    if (severity[left.status] <= severity.INFO && severity[right.status] <= severity.INFO) continue;
    if (left.status === 'FAILURE') {
      unexpected++;
      notes.push(`    ${id}: fails directly, so the conformance upstream is wrong: ${left.message ?? ''}`);
    }
    if (left.status === right.status) continue;

    const entry = expected.get(`${scenario} ${id}`);
    const matches = entry && entry.direct === left.status && entry.gateway === right.status;
    if (matches) {
      entry.used = true;
      explained++;
    } else {
      unexpected++;
    }
    notes.push(`    ${id}: direct ${left.status}, gateway ${right.status}${matches ? ' (expected)' : ''}`);
    if (left.message) notes.push(`      direct:   ${left.message}`);
    if (right.message) notes.push(`      gateway:  ${right.message}`);
    if (matches) notes.push(`      because:  ${entry.reason}`);
  }

  for (const [key, entry] of expected) {
    if (key.startsWith(`${scenario} `) && !entry.used) {
      unexpected++;
      notes.push(`    ${key.slice(scenario.length + 1)}: listed as an expected difference (direct ${entry.direct}, gateway ${entry.gateway}) that did not happen; remove it from ${expectedFile}`);
    }
  }

  const result = unexpected > 0 ? 'DIFFERENT' : explained > 0 ? 'same, but for expected differences' : 'same';
  row(scenario, summary(d), summary(g), result);
  notes.forEach((note) => console.log(note));
  if (unexpected > 0) failed++;
  else passed++;
}

for (const [key, entry] of expected) {
  const scenario = key.split(' ')[0];
  if (!scenarios.includes(scenario)) {
    failed++;
    console.log(`${key}: listed as an expected difference of a scenario neither run has; remove it from ${expectedFile}`);
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
