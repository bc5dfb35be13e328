// The App Home tab: every reply of the "home" turn in one view, divided, within the
// view's 100 blocks. Forms cannot open from here without a trigger: their text shows.
import type { OutboundMessage } from '../../core/message.js';
import { capBlocks, renderBlocks, type Block } from './renderBlocks.js';

export const MAX_VIEW_BLOCKS = 100;

export function renderHome(replies: OutboundMessage[], mentionsOf: (m: OutboundMessage) => string[] = () => []): { type: 'home'; blocks: Block[] } {
  const blocks: Block[] = [];
  replies.forEach((reply, i) => {
    if (i > 0) blocks.push({ type: 'divider' });
    // a prefix per reply keeps every button's action id unique in the view
    blocks.push(...renderBlocks(reply, { mentions: mentionsOf(reply), actionIdPrefix: `r${i}`, maxBlocks: MAX_VIEW_BLOCKS }).blocks);
  });
  return { type: 'home', blocks: capBlocks(blocks, MAX_VIEW_BLOCKS) };
}
