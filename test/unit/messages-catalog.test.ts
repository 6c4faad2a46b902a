import { describe, expect, it } from 'vitest';
import { catalogDocument, missingKeys, problemsOf, renderCatalog, type CatalogEntry } from '../../src/render/catalog.ts';

// Every message kind rendered with sample values (what npm run messages:preview writes for a person to read).

describe('the message catalog', () => {
  const entries = renderCatalog();

  it('has every key in both locales', () => {
    expect(missingKeys()).toEqual({ 'zh-CN': [], en: [] });
    expect(entries.length).toBeGreaterThan(500);
  });

  it('renders every message without a stray space between Chinese characters, an unfilled variable or a wrong English plural', () => {
    const problems = entries.flatMap((e) => problemsOf(e).map((p) => `${e.key}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('catches what reads wrong', () => {
    const entry = (zh: string, en: string, englishSingular = en): CatalogEntry => ({ key: 'k', section: '', text: { 'zh-CN': zh, en }, englishSingular });
    expect(problemsOf(entry('李主任 已批准。', 'ok'))).toHaveLength(1);
    expect(problemsOf(entry('本群是 <b>城关镇</b> 的单位工作群。', 'ok'))).toHaveLength(1);
    expect(problemsOf(entry('发送 /report 任务编号 数量 汇报进度；请用 @用户名 指明对象。', 'ok'))).toEqual([]);
    expect(problemsOf(entry('逾期 3 天', '1 days overdue'))).toHaveLength(1);
    expect(problemsOf(entry('逾期 3 天', '3 day(s) overdue', '1 day overdue'))).toHaveLength(1);
    expect(problemsOf(entry('逾期 ⟦days⟧ 天', 'ok'))).toHaveLength(1);
  });

  it('reads as the office writes: names without spaces, the unit group line, plurals', () => {
    const text = (key: string) => entries.find((e) => e.key === key)!.text;
    expect(text('bind-done-unit')['zh-CN']).toBe('已绑定：本群是<b>城关镇</b>的单位工作群。');
    expect(text('grant-done-unit')['zh-CN']).toBe('已设置：李主任现在是城关镇的联络员。');
    expect(entries.find((e) => e.key === 'task-overdue')!.englishSingular).toBe('1 day overdue');
    expect(text('task-overdue').en).toBe('3 days overdue');
  });

  it('writes one document a person can read, by section, both locales', () => {
    const doc = catalogDocument(entries);
    expect(doc).toContain('### bind-done-unit');
    expect(doc).toContain('    已绑定：本群是<b>城关镇</b>的单位工作群。');
    expect(doc).toContain('    Bound: this group is the unit group of <b>城关镇</b>.');
    expect(doc).not.toContain('⚠️ zh-CN');
  });
});
