// How replies look on WeChat, which has no buttons or cards in text messages.
import { describe, expect, it } from 'vitest';
import { renderWechatText, renderWechatTurn, splitWechatText } from '../../../src/channels/wechat/renderWechatText.js';

describe('WeChat text rendering', () => {
  it('turns buttons into numbered choices in the message language, and cards into lines', () => {
    expect(
      renderWechatText({
        text: '请确认：',
        card: { title: '星耀 E6 试驾', fields: [{ label: '时间', value: '12月4日 14:00' }] },
        buttons: [
          { label: '确认预约', value: 'td:confirm' },
          { label: '修改', value: 'td:change' },
        ],
      }),
    ).toBe('请确认：\n\n星耀 E6 试驾\n时间：12月4日 14:00\n\n回复 1 确认预约\n回复 2 修改');
    expect(renderWechatText({ text: 'Which model?', buttons: [{ label: 'E6', value: 'td:model:e6' }] })).toBe('Which model?\n\nReply 1: E6');
  });

  it('numbers the choices across a turn and separates its replies with blank lines', () => {
    const text = renderWechatTurn([
      { text: '提示', buttons: [{ label: '同意', value: 'privacy:agree' }] },
      { text: '欢迎' },
      { text: '可以帮您：', buttons: [{ label: '预约试驾', value: 'book_test_drive' }] },
    ]);
    expect(text).toBe('提示\n\n回复 1 同意\n\n欢迎\n\n可以帮您：\n\n回复 2 预约试驾');
  });

  it('splits long texts at line breaks, and hard when a line is too long', () => {
    expect(splitWechatText('短')).toEqual(['短']);
    expect(splitWechatText('aaaa\nbbbb\ncc', 9)).toEqual(['aaaa\nbbbb', 'cc']);
    expect(splitWechatText('x'.repeat(20), 8)).toEqual(['xxxxxxxx', 'xxxxxxxx', 'xxxx']);
  });
});
