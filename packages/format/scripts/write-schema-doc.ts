import { writeFileSync } from 'node:fs';
import { renderSchemaMarkdown } from '@na64/format';

const target = new URL('../SCHEMA.md', import.meta.url);
writeFileSync(target, renderSchemaMarkdown());
process.stdout.write(`wrote ${target.pathname.split('/').slice(-3).join('/')}\n`);
