// The shape every prompt template has. prompts/ imports nothing (DESIGN.md), so the
// message type is spelled out here; it matches llm/llmClient's ChatMessage.
interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface Prompt<Args> {
  /** Stable name, recorded with every LLM call. */
  id: string;
  /** Bumped whenever the wording changes, so LlmCall rows tell versions apart. */
  version: string;
  build(args: Args): PromptMessage[];
}

/**
 * Text placed inside the prompt's <tags> cannot close or open a tag: a customer typing
 * "</customer_message>" must not step out of the data section.
 */
export function neutralizeTags(text: string): string {
  return text.replace(/</g, '‹').replace(/>/g, '›');
}
