// Prints one line per page checked by axe-core: violations by impact.
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^axe-.*\.json$/.test(f)).sort() : [];
if (!files.length) process.exit(0);
console.log('axe-core (WCAG 2.1 A/AA):');
for (const f of files) {
  const { violations } = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  const by = {};
  for (const v of violations) by[v.impact] = [...(by[v.impact] || []), `${v.id}×${v.nodes.length}`];
  const parts = ['critical', 'serious', 'moderate', 'minor'].filter((k) => by[k]).map((k) => `${k}: ${by[k].join(', ')}`);
  console.log(`  ${f.replace(/^axe-|\.json$/g, '').padEnd(32)} ${parts.length ? parts.join('; ') : 'no violations'}`);
}
