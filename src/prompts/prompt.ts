// The shape every prompt has: a LangChain chat template holding the fixed wording, and a
// function that turns one call's arguments into the template's variables. prompts/
// imports nothing of ours (DESIGN.md) and does no I/O; only the template class comes from
// @langchain/core, so the LLM client can pipe a prompt straight into a model.
//
// Untrusted text (the customer's, the trainee's, the store's data) enters only through the
// variables, each passed through neutralizeTags. The templates are f-strings, which
// substitute a value once and never read the braces inside it, so a customer typing
// "{question}" sends those characters, not a variable.
import type { ChatPromptTemplate } from '@langchain/core/prompts';

export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface Prompt<Args> {
  /** Stable name, recorded with every LLM call. */
  id: string;
  /** Bumped whenever the wording changes, so LlmCall rows tell versions apart. */
  version: string;
  /** The fixed wording, with {placeholders}; literal braces are doubled ({{ }}). */
  template: ChatPromptTemplate;
  /** One call's placeholder values, untrusted text already neutralized. */
  variables(args: Args): Record<string, string>;
}

/** The messages a prompt gives for `args`, as roles and texts (what the model is sent). */
export async function formatPrompt<Args>(prompt: Prompt<Args>, args: Args): Promise<PromptMessage[]> {
  const messages = await prompt.template.formatMessages(prompt.variables(args));
  return messages.map((m) => {
    const type = m.getType();
    return { role: type === 'system' ? 'system' : type === 'ai' ? 'assistant' : 'user', content: String(m.content) };
  });
}

/**
 * Text placed inside the prompt's <tags> cannot close or open a tag: a customer typing
 * "</customer_message>" must not step out of the data section.
 */
export function neutralizeTags(text: string): string {
  return text.replace(/</g, '‹').replace(/>/g, '›');
}
