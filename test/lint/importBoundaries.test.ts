// The layering rules of biome.json, tried with a file that breaks each one: the file is
// written under the same path in a temporary copy of the layout, beside the project's own
// biome.json, so nothing is written to the tree. Each is refused with its reason, and the
// same imports where they are allowed pass.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const BIOME = path.join(path.dirname(require.resolve('@biomejs/biome/package.json')), 'bin', 'biome');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dealerbot-lint-'));
// the project's rules, without git (the copy is no repository)
const config = JSON.parse(fs.readFileSync('biome.json', 'utf8'));
delete config.vcs;
delete config.$schema;
fs.writeFileSync(path.join(root, 'biome.json'), JSON.stringify(config));

/** Lints `source` as if it were the project's file at `filePath`. */
function lintAs(filePath: string, source: string): Promise<{ code: number; output: string }> {
  const file = path.join(root, filePath);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, source);
  return new Promise((resolve) => {
    execFile(process.execPath, [BIOME, 'lint', filePath], { cwd: root }, (err, stdout, stderr) => {
      fs.rmSync(file);
      resolve({ code: err ? 1 : 0, output: `${stdout}${stderr}` });
    });
  });
}

const use = (spec: string) => `import { thing } from '${spec}';\nexport const used = thing;\n`;

describe('import boundaries (biome.json)', () => {
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it.each([
    ['src/core/x.ts', '../bots/faq/faqBot.js', 'core/ is the kernel'],
    ['src/core/x.ts', '../sales/salesRules.js', 'core/ is the kernel'],
    ['src/core/x.ts', 'grammy', 'core/ is the kernel'],
    ['src/sales/board/x.ts', '../../bots/crm/crmBot.js', 'sales/ holds'],
    ['src/sales/board/x.ts', '../../channels/web/webSender.js', 'sales/ holds'],
    ['src/sales/board/x.ts', '../../store/seed/seedDemo.js', 'sales/ holds'],
    ['src/bots/crm/x.ts', '@slack/web-api', 'a bot is channel-agnostic'],
    ['src/bots/faq/x.ts', '@langchain/openai', 'LangChain included, goes through llm/llmClient'],
    ['src/bots/faq/x.ts', '@langchain/core/prompts', 'LangChain included, goes through llm/llmClient'],
    ['src/bots/crm/x.ts', '../../channels/telegram/createTelegramChannel.js', 'a bot is channel-agnostic'],
    ['src/channels/web/x.ts', '../../bots/faq/faqBot.js', 'a channel never imports a bot'],
    ['src/understanding/nlu/x.ts', '../../sales/salesRules.js', 'below bots, channels and sales'],
    ['src/store/x.ts', '../infra/config.js', 'the store and the store data are the ground floor'],
  ])('refuses %s importing %s', async (file, spec, reason) => {
    const { code, output } = await lintAs(file, use(spec));
    expect(code).not.toBe(0);
    expect(output).toContain('noRestrictedImports');
    expect(output).toContain(reason);
  });

  it.each([
    ['src/bots/crm/x.ts', '../../sales/salesRules.js'],
    ['src/channels/web/x.ts', '../../core/pipeline.js'],
    ['src/core/x.ts', '../understanding/nlu/understand.js'],
    ['src/app.ts', './bots/faq/faqBot.js'],
    ['src/llm/x.ts', '@langchain/openai'],
    ['src/prompts/x.ts', '@langchain/core/prompts'],
  ])('lets %s import %s', async (file, spec) => {
    const { code, output } = await lintAs(file, use(spec));
    expect(output).not.toContain('noRestrictedImports');
    expect(code).toBe(0);
  });
});
