import type { DeliveredItem } from '@exam/contracts';
import { describe, expect, it } from 'vitest';
import {
  blankText,
  characterCount,
  choose,
  fillBlank,
  isAnswered,
  isChosen,
  keyAction,
  optionAt,
  sameResponse,
  shortAnswer,
} from './responses';

function item(partial: Partial<DeliveredItem>): DeliveredItem {
  return {
    position: 3,
    section: 1,
    type: 'single',
    stem: '题干',
    options: [
      { id: 'C', text: '甲' },
      { id: 'A', text: '乙' },
      { id: 'D', text: '丙' },
      { id: 'B', text: '丁' },
    ],
    blanks: null,
    pointsTenths: 10,
    image: null,
    ...partial,
  };
}

const none = { shift: false, ctrl: false, alt: false, meta: false };

describe('answer → response', () => {
  it('maps the shown letter to the shuffled option id', () => {
    const single = item({});
    expect(optionAt(single, 0)).toBe('C');
    expect(optionAt(single, 3)).toBe('B');
    expect(optionAt(single, 4)).toBeNull();
    expect(choose(single, 'A', 'D')).toBe('D');
  });

  it('toggles multiple-choice options, keeps the shown order, clears when none is left', () => {
    const multiple = item({ type: 'multiple' });
    let r = choose(multiple, null, 'B');
    r = choose(multiple, r, 'C');
    expect(r).toEqual(['C', 'B']);
    expect(isChosen(r, 'B')).toBe(true);
    r = choose(multiple, r, 'C');
    r = choose(multiple, r, 'B');
    expect(r).toBeNull();
  });

  it('keeps one text per blank and clears when every blank is empty', () => {
    const fill = item({ type: 'fill_blank', options: null, blanks: 3 });
    let r = fillBlank(fill, null, 1, '压力');
    expect(r).toEqual(['', '压力', '']);
    r = fillBlank(fill, r, 2, ' 0.5 ');
    expect(blankText(r, 2)).toBe(' 0.5 ');
    r = fillBlank(fill, r, 1, '');
    r = fillBlank(fill, r, 2, '');
    expect(r).toBeNull();
  });

  it('keeps a short answer as typed and clears an empty box', () => {
    expect(shortAnswer('\n第一，')).toBe('\n第一，');
    expect(shortAnswer('')).toBeNull();
    expect(characterCount('安全第一😀')).toBe(5);
  });

  it('counts an item as answered only with content', () => {
    expect(isAnswered(undefined)).toBe(false);
    expect(isAnswered(null)).toBe(false);
    expect(isAnswered(false)).toBe(true);
    expect(isAnswered('  ')).toBe(false);
    expect(isAnswered(['', ' '])).toBe(false);
    expect(isAnswered(['', 'x'])).toBe(true);
    expect(sameResponse(['A', 'B'], ['A', 'B'])).toBe(true);
    expect(sameResponse(['A'], ['A', 'B'])).toBe(false);
    expect(sameResponse(undefined, null)).toBe(true);
    expect(sameResponse(false, null)).toBe(false);
  });
});

describe('keyAction', () => {
  it('moves with arrows and page keys, not with modifiers', () => {
    expect(keyAction('ArrowLeft', none, item({}))).toEqual({ kind: 'prev' });
    expect(keyAction('PageDown', none, item({}))).toEqual({ kind: 'next' });
    expect(keyAction('ArrowRight', { ...none, ctrl: true }, item({}))).toBeNull();
  });

  it('picks options by letter or digit, within the options shown', () => {
    expect(keyAction('b', none, item({}))).toEqual({ kind: 'option', index: 1 });
    expect(keyAction('4', none, item({}))).toEqual({ kind: 'option', index: 3 });
    expect(keyAction('5', none, item({}))).toBeNull();
    expect(keyAction('E', none, item({}))).toBeNull();
  });

  it('answers true/false with 1/A (对) and 2/B (错)', () => {
    const tf = item({ type: 'true_false', options: null });
    expect(keyAction('1', none, tf)).toEqual({ kind: 'truth', value: true });
    expect(keyAction('b', none, tf)).toEqual({ kind: 'truth', value: false });
    expect(keyAction('3', none, tf)).toBeNull();
  });

  it('flags with F, or Shift+F where F is an option', () => {
    expect(keyAction('f', none, item({}))).toEqual({ kind: 'flag' });
    const six = item({
      options: ['A', 'B', 'C', 'D', 'E', 'F'].map((id) => ({ id: id as 'A', text: id })),
    });
    expect(keyAction('f', none, six)).toEqual({ kind: 'option', index: 5 });
    expect(keyAction('F', { ...none, shift: true }, six)).toEqual({ kind: 'flag' });
  });

  it('leaves keys alone on items without options', () => {
    const short = item({ type: 'short_answer', options: null });
    expect(keyAction('a', none, short)).toBeNull();
  });
});
